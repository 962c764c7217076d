"""A pytest plugin for every run of the suite (loaded with -p in pyproject.toml).

- Under CI=true a skipped test fails: a missing PostgreSQL server, Chromium or msgfmt must
  turn CI red, never let it pass by skipping what it could not run.
- After the run, how many tests ran where (the database, and in the browser) is written to
  test-artifacts/test-counts-<database>.json; `scripts/test-summary` prints the totals.

No Django imports here: xdist's controlling process loads it before Django is set up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def database_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "PostgreSQL" if url.startswith(("postgres://", "postgresql://")) else "SQLite"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if running_in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which counts as a failure: {reason}"


def pytest_terminal_summary(terminalreporter):
    counts = {"passed": 0, "failed": 0, "skipped": 0, "browser": 0}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) not in ("call", "setup") or (
                report.when == "setup" and report.passed
            ):
                continue
            key = "failed" if outcome == "error" else outcome
            counts[key] += 1
            if key == "passed" and "browser" in getattr(report, "keywords", {}):
                counts["browser"] += 1
    if not sum(counts.values()):
        return
    database = database_name()
    root = Path(terminalreporter.config.rootpath)
    target = root / "test-artifacts" / f"test-counts-{database.lower()}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps({"database": database, **counts}), encoding="utf-8")
    terminalreporter.write_line(
        f"Utblick on {database}: {counts['passed']} passed "
        f"({counts['browser']} in the browser), {counts['skipped']} skipped, "
        f"{counts['failed']} failed"
    )
