"""Soak: 16 clients for 10 minutes of mixed reads and writes through the web and the API,
against gunicorn serving an instance of its own on loopback (its own var directory and SQLite
file, or SOAK_DATABASE_URL). Prints the figures and exits 1 on any server error, any lost
write or a worker whose memory grew.

    .venv/bin/python bench/soak.py                 # the full soak: 16 clients, 600 s
    SOAK_SECONDS=25 .venv/bin/python bench/soak.py # the short form `make test` runs

A write is acknowledged when the server answers it as done (the API's 200 with the new
version, the web's redirect after archiving or restoring). Each client writes only its own
record, so afterwards every acknowledged write must be one entry in that record's audit
trail: more or fewer is a lost (or phantom) write. Reads: the dashboard, register lists and
record pages, API lists and records. Memory: each gunicorn worker's resident size after a
warm-up and at the end.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "16"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
WARM_UP = min(10.0, SECONDS / 4)
# A worker may grow while its caches fill; more than this from warm-up to the end is a leak.
MAX_GROWTH_MB = float(os.environ.get("SOAK_MAX_GROWTH_MB", "40"))
PASSWORD = "utblick-demo"
# Demo accounts that write (coordinators and unit editors), each with its municipality.
WRITERS = [
    f"{place}-{role}"
    for place in ("linkoping", "malmo", "essunga", "falun")
    for role in ("samordnare", "admin")
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Instance:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "UTBLICK_VAR_DIR": str(workdir / "var"),
            "DATABASE_URL": os.environ.get(
                "SOAK_DATABASE_URL", f"sqlite:///{workdir / 'var' / 'utblick.sqlite3'}"
            ),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HTTPS": "off",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.base,
            "DJANGO_SETTINGS_MODULE": "utblick.settings",
            "LOG_LEVEL": "WARNING",
        }
        self.server: subprocess.Popen | None = None

    def utblick(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "utblick"), *args], env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise SystemExit(f"utblick {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def shell(self, code: str):
        """Run `code`, which prints one JSON line marked RESULT (e-mails may print too)."""
        output = self.utblick("shell", "--no-imports", "-c", code)
        marked = [line for line in output.splitlines() if line.startswith("RESULT ")]
        return json.loads(marked[-1].removeprefix("RESULT "))

    def serve(self) -> None:
        self.utblick("collectstatic", "--noinput", "-v0")
        self.server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "utblick.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{self.base}/halsa/", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.server.pid).children()

    def stop(self) -> None:
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still busy on a loaded machine
                self.server.kill()
                self.server.wait()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = Counter()
        self.errors: list[str] = []
        self.acknowledged: Counter = Counter()  # record id -> writes the server confirmed

    def count(self, kind: str, status: int, url: str) -> None:
        with self.lock:
            self.requests[kind] += 1
            if status >= 500 or status == 0:
                self.errors.append(f"{status} {url}")


def request(opener, tally: Tally, kind: str, url: str, *, data=None, headers=None, method=None):
    body = None
    if data is not None:
        body = data if isinstance(data, bytes) else urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with opener.open(req, timeout=60) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        status, text = 0, str(error)
    tally.count(kind, status, url)
    return status, text


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def web_client(instance: Instance, tally: Tally, username: str, record: int, until: float):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    base = instance.base
    _, page = request(opener, tally, "web read", f"{base}/konto/logga-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _ = request(
        opener,
        tally,
        "web write",
        f"{base}/konto/logga-in/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/konto/logga-in/"},
    )
    assert status == 302, f"{username} could not sign in ({status})"
    detail = f"{base}/medlemskap/{record}/"
    reads = [f"{base}/", f"{base}/medlemskap/", detail, f"{base}/ansokningar/", f"{base}/atgarder/"]
    step = 0
    while time.monotonic() < until:
        step += 1
        request(opener, tally, "web read", reads[step % len(reads)])
        if step % 4:
            continue
        archived = step % 8 == 0
        form_url = detail if archived else f"{detail}arkivera/"
        _, page = request(opener, tally, "web read", form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        version = re.search(r'name="version" value="(\d+)"', page)
        if not (token and version):
            continue
        action = "aterstall/" if archived else "arkivera/"
        data = {"csrfmiddlewaretoken": token.group(1), "version": version.group(1)}
        if not archived:
            data["archive_reason"] = "Soak"
        status, _ = request(
            opener, tally, "web write", f"{detail}{action}", data=data, headers={"Referer": detail}
        )
        if status == 302:
            with tally.lock:
                tally.acknowledged[record] += 1


def api_client(instance: Instance, tally: Tally, token: str, record: int, until: float):
    opener = urllib.request.build_opener()
    auth = {"Authorization": f"Bearer {token}"}
    base = f"{instance.base}/api/v1"
    step, version = 0, None
    while time.monotonic() < until:
        step += 1
        url = [f"{base}/memberships/", f"{base}/applications/?page_size=20", f"{base}/me"][step % 3]
        request(opener, tally, "api read", url, headers=auth)
        if step % 3:
            continue
        if version is None:
            _, text = request(
                opener, tally, "api read", f"{base}/memberships/{record}", headers=auth
            )
            version = json.loads(text)["version"]
        body = json.dumps({"version": version, "purpose": f"Soak {step}"}).encode()
        status, text = request(
            opener,
            tally,
            "api write",
            f"{base}/memberships/{record}",
            data=body,
            headers={**auth, "Content-Type": "application/json"},
            method="PATCH",
        )
        if status == 200:
            version = json.loads(text)["version"]
            with tally.lock:
                tally.acknowledged[record] += 1
        else:
            version = None


SETUP = """
import json
from django.contrib.auth import get_user_model
from utblick.api.tokens import token_create
from utblick.organisation.roles import actor_for
from utblick.core.services import record_create
from utblick.organisation.models import RoleAssignment, Unit
from utblick.registers.models import NetworkMembership
out = []
for n, name in enumerate(NAMES):
    user = get_user_model().objects.get(username=name)
    place = RoleAssignment.objects.filter(user=user).first().municipality
    actor = actor_for(user, place)
    unit = Unit.objects.filter(municipality=place).first()
    record = record_create(actor=actor, model=NetworkMembership, fields={
        "organisation": f"Soaknätverket {n}", "scope": "unit", "unit_id": unit.pk,
        "status": "active", "currency": "SEK"})
    _, token = token_create(user=user, municipality=place, name="soak")
    out.append({"user": name, "record": record.pk, "token": token})
print("RESULT " + json.dumps(out))
"""

AUDIT = """
import json
from utblick.registers.models import NetworkMembership
ids = IDS
print("RESULT " + json.dumps({
    str(i): NetworkMembership.history.filter(id=i, history_type="~").count() for i in ids
}))
"""


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="utblick-soak-"))
    instance = Instance(workdir)
    started = time.perf_counter()
    instance.utblick("migrate", "--noinput", "-v0")
    instance.utblick("demo", "load")
    names = [WRITERS[n % len(WRITERS)] for n in range(CLIENTS)]
    clients = instance.shell(SETUP.replace("NAMES", repr(names)))
    print(f"set-up (migrate, demo data, {CLIENTS} records): {time.perf_counter() - started:.0f} s")
    tally = Tally()
    instance.serve()
    try:
        until = time.monotonic() + SECONDS
        threads = []
        for n, client in enumerate(clients):
            if n % 2:
                target, args = api_client, (client["token"], client["record"])
            else:
                target, args = web_client, (client["user"], client["record"])
            threads.append(threading.Thread(target=target, args=(instance, tally, *args, until)))
        for thread in threads:
            thread.start()
        time.sleep(WARM_UP)
        memory_start = {w.pid: w.memory_info().rss for w in instance.workers()}
        for thread in threads:
            thread.join()
        memory_end = {w.pid: w.memory_info().rss for w in instance.workers()}
    finally:
        instance.stop()
    written = instance.shell(AUDIT.replace("IDS", repr([c["record"] for c in clients])))
    lost = {
        record: (tally.acknowledged[record], written[str(record)])
        for record in (c["record"] for c in clients)
        if tally.acknowledged[record] != written[str(record)]
    }
    mb = 1024 * 1024
    growth = {
        pid: (memory_end[pid] - memory_start[pid]) / mb for pid in memory_start if pid in memory_end
    }
    figures = {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "requests": sum(tally.requests.values()),
        "by_kind": dict(tally.requests),
        "server_errors": len(tally.errors),
        "acknowledged_writes": sum(tally.acknowledged.values()),
        "lost_writes": len(lost),
        "worker_memory_mb_start": sorted(round(v / mb, 1) for v in memory_start.values()),
        "worker_memory_mb_end": sorted(round(v / mb, 1) for v in memory_end.values()),
        "workers_replaced": len(set(memory_start) ^ set(memory_end)),
    }
    print(json.dumps(figures, indent=2))
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "soak.json").write_text(json.dumps(figures), encoding="utf-8")
    problems = []
    if tally.errors:
        problems.append(f"{len(tally.errors)} server errors, e.g. {tally.errors[:5]}")
    if lost:
        problems.append(f"writes acknowledged vs in the audit trail differ: {lost}")
    if figures["workers_replaced"]:
        problems.append("a gunicorn worker was replaced during the soak (a crash or a timeout)")
    grown = {pid: round(mb_, 1) for pid, mb_ in growth.items() if mb_ > MAX_GROWTH_MB}
    if grown:
        problems.append(f"worker memory grew by more than {MAX_GROWTH_MB} MB: {grown}")
    if figures["acknowledged_writes"] == 0:
        problems.append("no write was acknowledged: the soak measured nothing")
    for problem in problems:
        print(f"FAIL: {problem}")
    print(
        f"soak: {figures['requests']} requests, {figures['server_errors']} server errors, "
        f"{figures['acknowledged_writes']} writes, {figures['lost_writes']} lost"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
