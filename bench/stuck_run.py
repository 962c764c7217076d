"""Stuck-run recovery, measured: a report run's worker is killed mid-run (SIGKILL), and the time
until the run is failed with a reason is taken, then the time until its retry, taken by a new
worker, is done. Runs an instance of its own (temporary var directory and SQLite file).

    .venv/bin/python bench/stuck_run.py    # TASK_STALE_SECONDS=10 here; 120 when serving

The run is failed by whichever comes first: the next task a worker takes, the run's page, or
`utblick runs reap`; here a reaper polls every second, as the run's page does every two.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
STALE = os.environ.get("TASK_STALE_SECONDS", "10")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="utblick-stuck-"))
    env = {
        **os.environ,
        "UTBLICK_VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": f"sqlite:///{workdir / 'var' / 'utblick.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TASK_STALE_SECONDS": STALE,
        "LOG_LEVEL": "WARNING",
    }

    def utblick(*args: str) -> str:
        done = subprocess.run(
            [str(BIN / "utblick"), *args], env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        return done.stdout

    def run_state(run_id: int) -> dict:
        code = (
            "import json; from utblick.reporting.models import ReportRun; "
            f"r = ReportRun.objects.get(pk={run_id}); "
            "print('RESULT ' + json.dumps({'status': r.status, 'error': r.error, "
            "'attempt': r.attempt, 'step': r.step}))"
        )
        out = utblick("shell", "--no-imports", "-c", code)
        return json.loads(next(x for x in out.splitlines() if x.startswith("RESULT "))[7:])

    utblick("migrate", "--noinput", "-v0")
    utblick("demo", "load")
    out = utblick(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from utblick.organisation.roles import actor_for; "
        "from utblick.organisation.models import Municipality; "
        "from utblick.reporting.services import report_run_request; "
        "u = get_user_model().objects.get(username='malmo-samordnare'); "
        "run = report_run_request(actor=actor_for(u, Municipality.objects.get(code='1280')), "
        "year=2025, fmt='pdf'); print('RESULT', run.pk)",
    )
    run_id = int(next(x for x in out.splitlines() if x.startswith("RESULT "))[7:])
    worker = subprocess.Popen(
        [str(BIN / "utblick"), "db_worker", "--queue-name", "*", "--no-reload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while run_state(run_id)["status"] != "running":
        time.sleep(0.2)
    time.sleep(1)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    killed = time.monotonic()
    print(f"worker killed while the run was at: {run_state(run_id)['step']}")
    while True:
        utblick("runs", "reap")
        state = run_state(run_id)
        if state["status"] == "failed":
            break
        time.sleep(1)
    detected = time.monotonic() - killed
    print(f"failed after {detected:.1f} s (TASK_STALE_SECONDS={STALE}): {state['error']}")
    utblick(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from utblick.organisation.roles import actor_for; "
        "from utblick.organisation.models import Municipality; "
        "from utblick.reporting.models import ReportRun; "
        "from utblick.reporting.services import report_run_retry; "
        "u = get_user_model().objects.get(username='malmo-samordnare'); "
        "a = actor_for(u, Municipality.objects.get(code='1280')); "
        f"r = ReportRun.objects.get(pk={run_id}); report_run_retry(actor=a, run=r); "
        "report_run_retry(actor=a, run=ReportRun.objects.get(pk=r.pk))",
    )
    worker = subprocess.Popen(
        [str(BIN / "utblick"), "db_worker", "--queue-name", "*", "--no-reload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while (state := run_state(run_id))["status"] not in ("done", "failed"):
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait()
    recovered = time.monotonic() - killed
    print(
        f"retried (attempt {state['attempt']}) and {state['status']} "
        f"{recovered:.1f} s after the worker was killed"
    )
    return 0 if state["status"] == "done" and state["attempt"] == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
