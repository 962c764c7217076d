"""Scale benchmark, run on demand: prints one table, asserts nothing.

    .venv/bin/python bench/scale.py                              # SQLite (a file of its own)
    scripts/with-postgres .venv/bin/python bench/scale.py        # PostgreSQL (a throwaway cluster)
    .venv/bin/python bench/scale.py --table                      # both runs' figures side by side

Builds `utblick demo load --scale largest` (the largest organisation and the smallest;
BENCH_SCALE=national for every organisation) in a database of its own, serves it with
gunicorn (BENCH_WORKERS, 3 by default) on loopback and measures, for a coordinator of each of
the two organisations:

* p50/p95 of each page type over HTTP, one request at a time (on loopback that is server
  time), and the HTML size;
* each page's throughput as a ratio to the trivial `/halsa/` view served by the same workers:
  three rounds of the page alternating with the trivial view, BENCH_CLIENTS (3) connections
  for BENCH_ROUND seconds each, the median of the three ratios;
* then, each in a process of its own (as the background worker runs them): the yearly report
  in each format, the routines sweep (first run: from the load; daily: again), an Excel
  import of BENCH_ROWS applications, and matching the calls against every organisation's
  priority areas; each with its time and the process's peak memory;
* the peak memory of each gunicorn worker.

The figures go to test-artifacts/bench-scale-<database>.json; `--table` prints every
database's figures as one table.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from soak import ROOT, Instance

ARTIFACTS = ROOT / "test-artifacts"
SCALE = os.environ.get("BENCH_SCALE", "largest")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "3"))
ROUND = float(os.environ.get("BENCH_ROUND", "1.5"))
ROWS = int(os.environ.get("BENCH_ROWS", "2000"))
LATENCY_RUNS = int(os.environ.get("BENCH_RUNS", "20"))
LATENCY_SECONDS = float(os.environ.get("BENCH_LATENCY_SECONDS", "6"))
PASSWORD = "utblick-demo"
YEAR = int(os.environ.get("BENCH_REPORT_YEAR", "2025"))

# (label, path); {app}, {code} and {feed} are filled in per organisation.
PAGES = [
    ("dashboard", "/"),
    ("calendar (month)", "/omvarld/kalender/"),
    ("iCalendar feed", "/omvarld/kalender/{feed}.ics"),
    ("search", "/omvarld/sok/?q=klimatanpassning"),
    ("applications", "/ansokningar/"),
    ("applications, filtered", "/ansokningar/?status=granted"),
    ("application", "/ansokningar/{app}/"),
    ("memberships", "/medlemskap/"),
    ("visits", "/besok/"),
    ("obligations", "/atgarder/"),
    ("EU calls", "/omvarld/utlysningar/"),
    ("public page", "/kommun/{code}/internationellt/"),
    ("API: applications", "/api/v1/applications/"),
]

SETUP = """
import json
from django.contrib.auth import get_user_model
from utblick.api.tokens import token_create
from utblick.organisation.roles import actor_for
from utblick.demo.national import load_config, ranked_organisations
from utblick.monitoring import services
from utblick.organisation.models import Unit
from utblick.registers.models import FundingApplication
ranked = ranked_organisations(17, load_config())
out = []
for place in (ranked[0], ranked[-1]):
    user = get_user_model().objects.get(username=f"n{place.code}-samordnare")
    actor = actor_for(user, place)
    _, token = token_create(user=user, municipality=place, name="bench")
    out.append({
        "code": place.code, "name": place.name, "user": user.username, "token": token,
        "feed": services.calendar_feed_create(actor=actor),
        "app": FundingApplication.objects.filter(municipality=place).order_by("-pk").first().pk,
        "applications": FundingApplication.objects.filter(municipality=place).count(),
        "units": list(Unit.objects.filter(municipality=place, kind="committee")
                      .values_list("name", flat=True)[:40]),
    })
print("RESULT " + json.dumps(out))
"""

SWEEP = """
import json, time
from utblick.routines.services import routines_run_all
start = time.perf_counter()
results = routines_run_all()
print("RESULT " + json.dumps({"seconds": time.perf_counter() - start,
                              "organisations": len(results)}))
"""

MATCHING = """
import json, time
from django.utils import timezone
from utblick.core.access import Actor, Role
from utblick.monitoring import selectors
from utblick.monitoring.call_index import call_index_current
from utblick.organisation.models import Municipality
today = timezone.localdate()
start = time.perf_counter()
index = call_index_current(today)  # loaded: the demo stored it, as an import does
built = time.perf_counter() - start
areas = 0
for place in Municipality.objects.filter(is_tenant=True):
    areas += len(selectors.ranked_calls(
        Actor(user=None, municipality=place, role=Role.READER), today=today, limit=5))
print("RESULT " + json.dumps({"seconds": time.perf_counter() - start, "index_seconds": built,
                              "calls": len(index.keys), "areas": areas}))
"""

IMPORT = """
import json, time
from django.contrib.auth import get_user_model
from utblick.organisation.roles import actor_for
from utblick.imports.registers import REGISTERS
from utblick.imports.services import import_file
from utblick.organisation.models import Municipality
user = get_user_model().objects.get(username=USER)
actor = actor_for(user, Municipality.objects.get(code=CODE))
data = open(PATH, "rb").read()
start = time.perf_counter()
plan, _ = import_file(actor=actor, register=REGISTERS["applications"], data=data,
                      file_name="bench.xlsx", dry_run=False)
print("RESULT " + json.dumps({"seconds": time.perf_counter() - start,
                              "created": plan.count("create"), "valid": plan.valid,
                              "problems": [str(p) for p in plan.problems[:3]]}))
"""


def measured(instance: Instance, *args: str) -> tuple[str, float, float]:
    """Run `utblick ARGS` in a process of its own: (stdout, seconds, peak memory in MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "utblick"), *args],
            env=instance.env,
            stdout=out,
            stderr=err,
            cwd=ROOT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if process.returncode:
            raise SystemExit(f"utblick {' '.join(args[:3])} failed:\n{err.read()[-2000:]!r}")
    return stdout, elapsed, usage.ru_maxrss / 1024


def shell_measured(instance: Instance, code: str) -> tuple[dict, float]:
    stdout, _, peak = measured(instance, "shell", "--no-imports", "-c", code)
    marked = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(marked[-1].removeprefix("RESULT ")), peak


class Session:
    """A signed-in coordinator: the cookies for the web, the token for the API."""

    def __init__(self, instance: Instance, organisation: dict):
        self.port = instance.port
        self.organisation = organisation
        self.cookie = self._sign_in(organisation["user"])

    def _sign_in(self, username: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", "/konto/logga-in/")
        response = connection.getresponse()
        page = response.read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookies = _cookies(response)
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        )
        connection.request(
            "POST",
            "/konto/logga-in/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Referer": f"http://127.0.0.1:{self.port}/konto/logga-in/",
            },
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 302, f"{username} could not sign in ({response.status})"
        cookies.update(_cookies(response))
        return "; ".join(f"{k}={v}" for k, v in cookies.items())

    def headers(self, path: str) -> dict:
        if path.startswith("/api/"):
            return {"Authorization": f"Bearer {self.organisation['token']}"}
        return {"Cookie": self.cookie}


def _cookies(response) -> dict:
    found = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, int]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def latency(port: int, path: str, headers: dict) -> dict:
    """One request at a time: p50/p95 in ms and the response size."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    status, size = fetch(connection, path, headers)  # warm
    times = []
    deadline = time.monotonic() + LATENCY_SECONDS
    while len(times) < LATENCY_RUNS and (len(times) < 3 or time.monotonic() < deadline):
        start = time.perf_counter()
        status, size = fetch(connection, path, headers)
        times.append((time.perf_counter() - start) * 1000)
    connection.close()
    times.sort()
    return {
        "status": status,
        "kb": round(size / 1024, 1),
        "p50": round(statistics.median(times), 1),
        "p95": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
        "runs": len(times),
    }


def throughput(port: int, path: str, headers: dict) -> float:
    """Requests per second over CLIENTS keep-alive connections for ROUND seconds; a request
    started before the end is waited for."""
    done = [0] * CLIENTS
    until = time.monotonic() + ROUND

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while True:
            fetch(connection, path, headers)
            done[n] += 1
            if time.monotonic() >= until:
                break
        connection.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def measure_pages(instance: Instance, session: Session) -> dict:
    org = session.organisation
    trivial_headers = {"Cookie": session.cookie}
    figures = {"trivial": latency(instance.port, "/halsa/", {})}
    trivial_rates = []
    for label, template in PAGES:
        path = template.format(app=org["app"], code=org["code"], feed=org["feed"])
        headers = session.headers(path)
        row = latency(instance.port, path, headers)
        ratios = []
        for _ in range(3):
            trivial = throughput(instance.port, "/halsa/", trivial_headers)
            page = throughput(instance.port, path, headers)
            trivial_rates.append(trivial)
            ratios.append(page / trivial)
        row["ratio"] = round(statistics.median(ratios), 4)
        figures[label] = row
        print(
            f"  {label:<26} {row['status']} p50 {row['p50']:8.1f} ms  p95 {row['p95']:8.1f} ms  "
            f"{row['kb']:8.1f} KB  {row['ratio']:.4f} × trivial",
            flush=True,
        )
    figures["trivial"]["rps"] = round(statistics.median(trivial_rates))
    return figures


def workbook(rows: int, units: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    columns = ["Titel *", "Program och fond", "Roll *", "Ägande nämnd eller bolag *", "Status"]
    sheet.append([*columns, "Total budget", "Inskickad"])
    statuses = ["Idé", "Under beredning", "Inskickad"]
    for n in range(rows):
        status = statuses[n % 3]
        sheet.append(
            [
                f"Importerat projekt {n}",
                ["HORIZON", "Erasmus+", "LIFE"][n % 3],
                "Projektägare (lead partner)" if n % 2 else "Partner",
                units[n % len(units)],
                status,
                1_000_000 + n * 1000,
                "2025-02-01" if status == "Inskickad" else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def background_jobs(instance: Instance, organisations: list[dict], workdir: Path) -> dict:
    figures: dict[str, dict] = {}
    for org in organisations:
        for fmt in ("pdf", "docx", "xlsx"):
            output = workdir / f"{org['code']}.{fmt}"
            _, seconds, peak = measured(
                instance,
                "report",
                "build",
                "--municipality",
                org["code"],
                "--year",
                str(YEAR),
                "--format",
                fmt,
                "--output",
                str(output),
                "--quiet",
            )
            figures[f"report {fmt}, {org['name']}"] = {
                "seconds": round(seconds, 1),
                "peak_mb": round(peak),
                "kb": round(output.stat().st_size / 1024),
            }
            print(f"  report {fmt} {org['name']}: {seconds:.1f} s, {peak:.0f} MB", flush=True)
    result, peak = shell_measured(instance, SWEEP)
    figures["routines sweep (daily)"] = {
        "seconds": round(result["seconds"], 1),
        "peak_mb": round(peak),
    }
    result, peak = shell_measured(instance, MATCHING)
    figures["matching (every organisation)"] = {
        "seconds": round(result["seconds"], 2),
        "index_seconds": round(result["index_seconds"], 2),
        "calls": result["calls"],
        "peak_mb": round(peak),
    }
    largest = organisations[0]
    path = workdir / "import.xlsx"
    path.write_bytes(workbook(ROWS, largest["units"]))
    code = (
        IMPORT.replace("USER", repr(largest["user"]))
        .replace("CODE", repr(largest["code"]))
        .replace("PATH", repr(str(path)))
    )
    result, peak = shell_measured(instance, code)
    figures["Excel import"] = {
        "seconds": round(result["seconds"], 1),
        "rows_per_s": round(ROWS / result["seconds"]),
        "created": result["created"],
        "peak_mb": round(peak),
        "problems": result["problems"],
    }
    for label, row in figures.items():
        print(f"  {label}: {row}", flush=True)
    return figures


def worker_peaks(instance: Instance) -> list[float]:
    peaks = []
    for worker in instance.workers():
        status = Path(f"/proc/{worker.pid}/status").read_text()
        peaks.append(round(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024))
    return sorted(peaks)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="utblick-scale-"))
    instance = Instance(workdir)
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        instance.env["DATABASE_URL"] = database
    vendor = "postgresql" if database.startswith("postgres") else "sqlite"
    print(f"database: {vendor}; scale: {SCALE}; files in {workdir}", flush=True)
    instance.utblick("migrate", "--noinput", "-v0")
    summary, seconds, peak = measured(instance, "demo", "load", "--scale", SCALE)
    load = {"seconds": round(seconds), "peak_mb": round(peak), "summary": summary.strip()}
    print(f"load: {seconds:.0f} s, {peak:.0f} MB\n  {summary.strip()}", flush=True)
    organisations = instance.shell(SETUP)
    instance.serve()
    pages = {}
    try:
        for org in organisations:
            print(f"{org['name']} ({org['applications']} applications)", flush=True)
            pages[org["name"]] = measure_pages(instance, Session(instance, org))
        workers = worker_peaks(instance)
    finally:
        instance.stop()
    print(f"gunicorn workers' peak memory: {workers} MB", flush=True)
    jobs = background_jobs(instance, organisations, workdir)
    figures = {
        "database": vendor,
        "scale": SCALE,
        "load": load,
        "organisations": [
            {k: o[k] for k in ("code", "name", "applications")} for o in organisations
        ],
        "pages": pages,
        "workers_peak_mb": workers,
        "jobs": jobs,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"bench-scale-{vendor}.json").write_text(json.dumps(figures, indent=1))
    print_table([figures])


def print_table(runs: list[dict]) -> None:
    """One table: a column pair per database and organisation."""
    columns = [(run, name) for run in runs for name in run["pages"]]
    head = [f"{run['database']}: {name}" for run, name in columns]
    width = 34
    print("\n" + "page".ljust(26) + "".join(h[:width].ljust(width) for h in head))
    print("".ljust(26) + "p50 / p95 ms, KB, × trivial".ljust(width) * len(columns))
    labels = ["trivial"] + [label for label, _ in PAGES]
    for label in labels:
        cells = []
        for run, name in columns:
            row = run["pages"][name].get(label)
            if row is None:
                cells.append("–")
            elif label == "trivial":
                cells.append(f"{row['p50']} / {row['p95']}, {row.get('rps', '?')} req/s")
            else:
                cells.append(
                    f"{row['p50']:.0f} / {row['p95']:.0f}, {row['kb']:.0f}, {row['ratio']:.3f}"
                )
        print(label.ljust(26) + "".join(c.ljust(width) for c in cells))
    print()
    for run in runs:
        print(f"{run['database']} ({run['scale']}): load {run['load']['seconds']} s")
        print(f"  gunicorn workers' peak memory: {run['workers_peak_mb']} MB")
        for label, row in run["jobs"].items():
            extra = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("problems",))
            print(f"  {label}: {extra}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:
        found = [json.loads(p.read_text()) for p in sorted(ARTIFACTS.glob("bench-scale-*.json"))]
        print_table(found)
    else:
        main()
