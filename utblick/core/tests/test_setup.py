"""The set-up a newcomer gets: locks that cannot drift, serving apart from testing, production-safe
settings, and CI that fails instead of skipping."""

import ast
import os
import re
import secrets
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVE_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
UTBLICK = Path(sys.executable).parent / "utblick"
TEST_TOOLS = {"pytest", "playwright", "hypothesis", "ruff", "pip-tools", "factory-boy"}


def pins(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """{name: (version, hashes)} of a pip-compile lock."""
    found: dict[str, tuple[str, frozenset[str]]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", lock.read_text(encoding="utf-8")):
        head = re.match(r"([a-z0-9][a-z0-9._-]*)==(\S+)", block)
        if head:
            hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", block))
            found[head.group(1)] = (head.group(2), hashes)
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> set[str]:
    return {
        normalise(re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0])
        for requirement in requirements
    }


def test_every_lock_entry_is_pinned_with_hashes_and_names_no_index_or_path():
    for lock in (SERVE_LOCK, DEV_LOCK):
        text = lock.read_text(encoding="utf-8")
        assert "--index-url" not in text and "--find-links" not in text and "file://" not in text
        for name, (version, hashes) in pins(lock).items():
            assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), (lock.name, name)
            assert hashes, f"{lock.name}: {name} has no hash"


def test_the_dev_lock_is_the_serving_lock_plus_the_test_tools():
    serve, dev = pins(SERVE_LOCK), pins(DEV_LOCK)
    for name, pin in serve.items():
        assert dev.get(name) == pin, f"{name} differs between the locks"
    assert set(dev) >= TEST_TOOLS
    assert not TEST_TOOLS & set(serve), "a test tool is in the serving lock"


def test_every_declared_dependency_is_locked():
    serve, dev = set(pins(SERVE_LOCK)), set(pins(DEV_LOCK))
    assert declared(PYPROJECT["project"]["dependencies"]) <= serve
    assert declared(PYPROJECT["project"]["optional-dependencies"]["dev"]) <= dev


def third_party_imports(paths: list[Path]) -> dict[str, set[str]]:
    """{top-level module: files importing it}, standard library and utblick left out."""
    found: dict[str, set[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "utblick":
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def is_test_code(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or path.name in {"conftest.py", "factories.py", "pytest_plugin.py"}


def test_pyproject_declares_every_package_the_code_imports_directly():
    sources = [p for p in (ROOT / "utblick").rglob("*.py") if "migrations" not in p.parts]
    distributions = packages_distributions()
    serving = declared(PYPROJECT["project"]["dependencies"])
    testing = serving | declared(PYPROJECT["project"]["optional-dependencies"]["dev"])
    for allowed, paths in (
        (serving, [p for p in sources if not is_test_code(p)]),
        (testing, [p for p in sources if is_test_code(p)]),
    ):
        for module, files in third_party_imports(paths).items():
            owners = {normalise(d) for d in distributions.get(module, [module])}
            assert owners & allowed, f"{module} (imported in {sorted(files)[0]}) is not declared"


def utblick_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "HTTPS", "PORT", "SITE_URL"}
    }
    return subprocess.run(
        [str(UTBLICK), *args],
        env={**environment, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_with_production_settings(tmp_path):
    result = utblick_command(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="utblick.example.se",
        UTBLICK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("key", ["", "utblick-development-key-not-for-production-use-0123456789"])
def test_the_development_key_or_none_is_refused_at_start_when_debug_is_off(tmp_path, key):
    result = utblick_command("check", DEBUG="0", SECRET_KEY=key, UTBLICK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set, or is the development key" in result.stderr


def test_an_instance_key_written_by_make_is_used_when_secret_key_is_unset(tmp_path):
    (tmp_path / "secret-key").write_text(secrets.token_urlsafe(50), encoding="utf-8")
    result = utblick_command("check", DEBUG="0", UTBLICK_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def settings_value(tmp_path, name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    env = {"DEBUG": "1", **env}
    result = utblick_command(
        "shell", "--no-imports", "-c", code, UTBLICK_VAR_DIR=str(tmp_path), **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_port_unless_set(tmp_path):
    assert settings_value(tmp_path, "SITE_URL", PORT="8123") == "http://127.0.0.1:8123"
    assert (
        settings_value(tmp_path, "SITE_URL", PORT="8123", SITE_URL="https://utblick.example.se/")
        == "https://utblick.example.se"
    )


def test_https_is_on_unless_turned_off_explicitly(tmp_path):
    key = secrets.token_urlsafe(50)
    on = settings_value(tmp_path, "SECURE_SSL_REDIRECT", SECRET_KEY=key, DEBUG="0")
    off = settings_value(tmp_path, "SESSION_COOKIE_SECURE", SECRET_KEY=key, DEBUG="0", HTTPS="off")
    assert (on, off) == ("True", "False")


def test_with_postgres_fails_under_ci_when_the_server_is_missing():
    script = ROOT / "scripts" / "with-postgres"
    environment = {**os.environ, "POSTGRES_BIN": "/nonexistent"}
    in_ci = subprocess.run(
        [str(script), "true"], env={**environment, "CI": "true"}, capture_output=True, text=True
    )
    outside = subprocess.run(
        [str(script), "true"], env={**environment, "CI": ""}, capture_output=True, text=True
    )
    assert in_ci.returncode == 1 and "failing" in in_ci.stderr
    assert outside.returncode == 0 and "skipping" in outside.stdout


SKIPPING_TESTS = """
import shutil
import pytest

@pytest.mark.skipif(shutil.which("no-such-tool") is None, reason="no-such-tool is not installed")
def test_needs_a_tool():
    pass

def test_runs():
    pass
"""


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", "1 passed, 1 error"), ("", "1 passed, 1 skipped")]
)
def test_a_skip_fails_the_run_under_ci(pytester, monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    pytester.makepyfile(test_tool=SKIPPING_TESTS)
    result = pytester.runpytest_subprocess(
        "-p", "no:django", "-p", "utblick.pytest_plugin", "-p", "no:randomly"
    )
    result.stdout.fnmatch_lines([f"*{outcome}*"])
    if ci:
        result.stdout.fnmatch_lines(["*Skipped under CI=true*no-such-tool is not installed*"])
