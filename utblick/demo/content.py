"""The demo data set: four municipalities from the seeds, as data files (`data/*.toml`).

Everything here is invented for demonstration, drawn from the seed documents where they say
something (Linköping's motion reply on Ukraine, Malmö's 12-million routine, Essunga's V6
cooperation, Falun's twin towns) and made up — plausibly — where they do not. Names of
people that appear in the seeds are used as they appear there (Kristina Edlund, Daniel
Stendahl, Gunnar Gustafsson, Paul Håkansson); everyone else is invented. Every record is
stored with `is_demo=True`.

Each municipality is one TOML file (`data/<slug>.toml`), read with `tomllib` like the policy
profiles; the regional networks are `data/regional_networks.toml`. How the loader (`loader.py`)
reads them:

* Each record is a table of model field names → values. Dates are ISO strings, amounts are
  strings or ints (stored as Decimal).
* A linked record is named the way people name it: a unit or person by its name, a
  membership by its organisation or acronym, a partnership/application/visit/matter by its
  title, a country by its ISO code, an EU programme by its code in
  `reference/data/eu_programmes_2021_2027.csv`, a user by username.
* `areas`, `commitments`, `goals` are keys from the municipality's policy profile
  (`policy/profiles/<slug>.toml`).
* An application's `partners` become ProjectPartner rows; a partnership's `decision` names the
  matter (in `matters`) that decided it, linked once both exist.
* The natural key that makes a second load a no-op: a unit's or person's name, a membership's
  organisation, the title of a partnership, application, visit, matter or monitoring item, an
  activity's title + year + unit, a contact person's unit + person.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEMO_PASSWORD = "utblick-demo"  # demo users only
DEMO_EMAIL_DOMAIN = "utblick-demo.example"

DATA = Path(__file__).resolve().parent / "data"
TENANT_FILES = ("linkoping", "malmo", "essunga", "falun")


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


LINKOPING, MALMO, ESSUNGA, FALUN = MUNICIPALITIES = [_read(name) for name in TENANT_FILES]
REGIONAL_NETWORKS: list[dict[str, Any]] = _read("regional_networks")["networks"]
