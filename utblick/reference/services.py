"""Loading reference data: idempotent, all-or-nothing."""

import csv
import gettext
from dataclasses import dataclass
from pathlib import Path

import pycountry
from django.conf import settings
from django.db import transaction

from utblick.organisation.models import Municipality, OrganisationKind
from utblick.reference.models import Country, EUProgramme

EU_MEMBERS = set(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} nya, {self.updated} ändrade, {self.unchanged} oförändrade"


def _upsert(model, key: dict, values: dict, counts: LoadCounts) -> None:
    obj = model.objects.filter(**key).first()
    if obj is None:
        model.objects.create(**key, **values)
        counts.created += 1
        return
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1


def _rows(name: str) -> list[dict[str, str]]:
    path = Path(settings.REFERENCE_DATA_DIR) / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_municipalities() -> LoadCounts:
    counts = LoadCounts()
    for row in _rows("municipalities.csv"):
        _upsert(
            Municipality,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": OrganisationKind.MUNICIPALITY,
                "county_code": row["county_code"],
                "county_name": row["county_name"],
            },
            counts,
        )
    return counts


@transaction.atomic
def load_regions() -> LoadCounts:
    """The 21 regions, coded by their county's two-digit code (Region Skåne is 12)."""
    counts = LoadCounts()
    for row in _rows("regions.csv"):
        _upsert(
            Municipality,
            {"code": row["county_code"]},
            {
                "name": row["region_name"],
                "kind": OrganisationKind.REGION,
                "county_code": row["county_code"],
                "county_name": row["county_name"],
            },
            counts,
        )
    return counts


@transaction.atomic
def load_programmes() -> LoadCounts:
    counts = LoadCounts()
    for row in _rows("eu_programmes_2021_2027.csv"):
        _upsert(
            EUProgramme,
            {"code": row["code"]},
            {
                "name_en": row["name_en"],
                # Never a blank option in a list: the English name where no Swedish is given.
                "name_sv": row["name_sv"].strip() or row["name_en"],
                "management": row["management"],
                "ft_portal_programme_id": row["ft_portal_programme_id"],
                "url": row["url"],
            },
            counts,
        )
    return counts


@transaction.atomic
def load_countries() -> LoadCounts:
    swedish = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["sv"], fallback=True
    )
    counts = LoadCounts()
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        _upsert(
            Country,
            {"code": country.alpha_2},
            {
                "alpha3": country.alpha_3,
                "name_en": english,
                "name_sv": swedish.gettext(country.name),
                "is_eu_member": country.alpha_2 in EU_MEMBERS,
            },
            counts,
        )
    return counts


def load_reference_data() -> dict[str, LoadCounts]:
    return {
        "kommuner": load_municipalities(),
        "regioner": load_regions(),
        "EU-program": load_programmes(),
        "länder": load_countries(),
    }
