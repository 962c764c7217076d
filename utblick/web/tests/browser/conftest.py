"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

    .venv/bin/pytest -q -m browser utblick/web/tests/browser -p no:xdist

Every test here is marked `browser` and is skipped where /usr/bin/chromium is missing
(Playwright's own browser download needs the network; Debian's Chromium does not).

How the pieces fit, and why:

- `live_server` serves the application from a thread of this process (one per xdist worker),
  against this worker's test database, static files included. The server thread sees only
  committed data, so every test here is transactional: its data is committed and the database
  is flushed after it. The flush also removes the reference data (municipalities, programmes,
  countries) that the session loaded once, so each test loads it again together with one demo
  municipality (`demo`, a few seconds), and the module's teardown loads it once more so that
  the database is left as the session set it up.
- Playwright's sync API keeps an asyncio event loop marked as running in this thread for as
  long as it is started. Django would then refuse every ORM call of the test ("You cannot call
  this from an async context"), although the calls are plain synchronous ones. The setting
  DJANGO_ALLOW_ASYNC_UNSAFE is therefore set for exactly as long as Playwright runs (one
  module), and Playwright is stopped before the next module: other tests never run beside a
  running loop.
- One Chromium per module, a fresh browser context (cookies, storage) per test.
- The live server answers one request at a time. Its threads would share this process's one
  SQLite connection, so a request made while another one's transaction is open would see that
  transaction: a form's check against the routines (written and rolled back) still running
  when the form is saved would show the save rows that are never kept. Served by separate
  processes, each with its own connection, the site has no such overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class _OneRequestAtATime(WSGIServer):
    """The live server without threads (see the module docstring); Django's development
    handler closes each connection then, so no browser connection holds the server."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = _OneRequestAtATime

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# Playwright's auto-waiting: generous, for a loaded two-core CI machine.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def artifacts(pytestconfig) -> Path:
    """test-artifacts/ at the repository root (gitignored; CI keeps it)."""
    path = pytestconfig.rootpath / "test-artifacts"
    (path / "screenshots").mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser(django_db_blocker):
    """One Chromium for the module; see the module docstring for the event-loop setting."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    # The last test's flush emptied the database: put back what the session set up.
    from utblick.reference.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@dataclass
class Demo:
    """The served site with one demo municipality loaded."""

    url: str
    municipality: object
    password: str
    slug: str

    def user(self, role: str) -> str:
        """demo.user("samordnare") → "linkoping-samordnare"."""
        return f"{self.slug}-{role}"


def load_demo_municipality(code: str):
    """Reference data and one demo municipality, as `utblick demo load` loads each of its four.

    One municipality instead of four keeps a test's set-up to a few seconds.
    """
    from utblick.demo import content, loader
    from utblick.reference.services import load_reference_data

    load_reference_data()
    spec = next(s for s in content.MUNICIPALITIES if s["code"] == code)
    report = loader.load_municipality(spec, password_hash=make_password(content.DEMO_PASSWORD))
    from utblick.routines.services import routines_run

    routines_run(report.municipality)  # the calendar's duties, as `demo load` sweeps
    return report.municipality, spec


@pytest.fixture
def demo(browser, transactional_db, live_server, settings, tmp_path) -> Demo:
    """Linköping's demo data, committed, served at demo.url."""
    from utblick.demo import content

    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    municipality, spec = load_demo_municipality("0580")
    return Demo(
        url=live_server.url,
        municipality=municipality,
        password=content.DEMO_PASSWORD,
        slug=spec["slug"],
    )


@dataclass
class Console:
    """What the page said: console messages, uncaught errors, CSP violations."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


# Reports every CSP violation to the console in words the listener recognises, also those
# Chromium would word differently. An init script runs outside the page's CSP.
_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


def open_page(browser, demo: Demo, console: Console):
    """A page in a fresh browser context, its console recorded in `console`: (context, page).

    The CSP is enforced as served (no bypass_csp), also for the axe-core runs (see axe.py).
    """
    context = browser.new_context(
        base_url=demo.url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        viewport=VIEWPORT,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_REPORT_CSP)
    page = context.new_page()
    page.on("console", lambda message: console.messages.append(message.text))
    page.on("pageerror", lambda error: console.errors.append(str(error)))
    return context, page


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, demo, console):
    """A page with the CSP enforced. A page that breaks the CSP or throws fails the test."""
    context, page = open_page(browser, demo, console)
    yield page
    context.close()
    assert not console.csp_violations, console.csp_violations
    assert not console.errors, console.errors


def sign_in(page, username: str, password: str) -> None:
    """Through the sign-in form, as a person would; lands on the dashboard."""
    from playwright.sync_api import expect

    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1, name="Översikt")).to_be_visible()


@pytest.fixture
def signed_in(page, demo):
    """signed_in("samordnare"): the page, signed in as that demo role of the municipality."""

    def as_role(role: str):
        sign_in(page, demo.user(role), demo.password)
        return page

    return as_role


@pytest.fixture(autouse=True)
def worker_runs_at_once(settings):
    """Background work (import previews and imports, report runs) runs as soon as it is queued,
    inside the live server, as the worker would run it; the pages then show it done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
