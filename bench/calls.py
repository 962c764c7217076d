"""Benchmark of the EU calls import and the matching, run on demand: prints figures, asserts
nothing. `python bench/calls.py [N]` (default 5 000 results).

Uses its own SQLite file (or BENCH_DATABASE_URL) so the served database is left alone. A large
response is generated from the test sample (utblick/monitoring/data/calls_sample.json)
by giving each copy of a result a new identifier and reference.
"""

import copy
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="utblick-bench-calls-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utblick.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import io  # noqa: E402

from django.core.management import call_command  # noqa: E402

SAMPLE = ROOT / "utblick/monitoring/data/calls_sample.json"
SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CALLS", "5000"))


def large_response(size: int) -> bytes:
    """`size` results: copies of the sample's results, each a distinct topic."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    results = sample["results"]
    out = []
    for n in range(size):
        result = copy.deepcopy(results[n % len(results)])
        suffix = f"-B{n:05d}"
        meta = result["metadata"]
        if "identifier" in meta:
            old = meta["identifier"][0]
            meta["identifier"] = [old + suffix]
            # keep the budget entries pointing at this topic
            meta["budgetOverview"] = [meta["budgetOverview"][0].replace(old, old + suffix)]
        result["reference"] = f"{result['reference']}{suffix}"
        if "REFERENCE" in meta:
            meta["REFERENCE"] = [result["reference"]]
        out.append(result)
    return json.dumps({**sample, "results": out, "totalResults": size}).encode("utf-8")


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    return result, elapsed


def main() -> None:
    from utblick.core.access import Actor, Role
    from utblick.monitoring import selectors
    from utblick.monitoring.calls_import import calls_import
    from utblick.monitoring.ft_portal import read_portal_document
    from utblick.monitoring.matching import build_query
    from utblick.organisation.models import Municipality
    from utblick.policy.services import profile_load

    call_command("migrate", verbosity=0)
    call_command("reference", "load", stdout=io.StringIO())
    data = large_response(SIZE)
    print(f"{SIZE} results, {len(data) / 1e6:.1f} MB of JSON")

    document, parse_s = timed("parse", read_portal_document, data)
    kept = len(document.calls)
    print(f"{'parse only (no database)':<45} {parse_s:7.2f} s  {SIZE / parse_s:8.0f} results/s")

    report, first_s = timed("import", calls_import, data, source_name="bench.json")
    print(
        f"{'first import (' + str(len(report.created)) + ' created)':<45} {first_s:7.2f} s  "
        f"{SIZE / first_s:8.0f} results/s  {len(report.created) / first_s:8.0f} calls/s"
    )
    report, again_s = timed("reimport", calls_import, data, source_name="bench.json")
    print(
        f"{'re-import (' + str(len(report.unchanged)) + ' unchanged)':<45} {again_s:7.2f} s  "
        f"{SIZE / again_s:8.0f} results/s"
    )

    # Ranking: the current calls for the four seed profiles' priority areas.
    today = dt.date(2026, 11, 22)
    actors = []
    for code, slug in (
        ("0580", "linkoping"),
        ("1280", "malmo"),
        ("1445", "essunga"),
        ("2080", "falun"),
    ):
        place = Municipality.objects.get(code=code)
        text = (ROOT / f"utblick/policy/profiles/{slug}.toml").read_text(encoding="utf-8")
        profile_load(municipality=place, text=text, source_name=f"{slug}.toml")
        actors.append(Actor(user=None, municipality=place, role=Role.READER))
    from utblick.monitoring import call_index
    from utblick.monitoring.models import CallIndexSnapshot

    # The import stored the index over the calls current on the day it ran; the bench ranks
    # as of `today`, so build and store that day's index, as the import does for its own.
    index, build_s = timed("index", call_index.call_index_store, today=today)
    stored = CallIndexSnapshot.objects.get()
    print(
        f"{'build and store the index, ' + str(len(index.keys)) + ' current calls':<45} "
        f"{build_s:7.2f} s  {len(stored.data) / 1e6:8.2f} MB stored"
    )
    call_index.forget_in_process()  # as a web worker that starts after the import
    index, load_s = timed("load", call_index.call_index_current, today)
    print(f"{'load the stored index (new process)':<45} {load_s:7.2f} s")
    call_index.forget_in_process()
    later = today + dt.timedelta(days=60)
    cut, cut_s = timed("cut", call_index.call_index_current, later)
    print(
        f"{'load it cut to ' + str(len(cut.keys)) + ' calls current 60 days on':<45} {cut_s:7.2f} s"
    )
    call_index.forget_in_process()

    def match_all() -> int:
        return sum(len(selectors.ranked_calls(a, today=today, limit=5)) for a in actors)

    areas, rank_s = timed("match", match_all)
    print(
        f"{'match ' + str(areas) + ' priority areas, 4 organisations':<45} {rank_s:7.2f} s  "
        f"(new process: index loaded, not built)"
    )
    areas, rank_s = timed("match again", match_all)
    print(
        f"{'the same again (index in memory)':<45} {rank_s:7.2f} s  "
        f"{rank_s / areas * 1000:8.1f} ms per area"
    )
    query = build_query("Barn och ungdomar, internationellt utbyte och volontärsamverkan inom EU")
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        index.rank(query, limit=5)
    print(
        f"{'one query over ' + str(len(index.keys)) + ' calls':<45} {(time.perf_counter() - start) / runs * 1000:7.1f} ms"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process':<45} {peak:7.0f} MB")
    print(f"(kept {kept} of {SIZE} results; database in {workdir})")


if __name__ == "__main__":
    main()
