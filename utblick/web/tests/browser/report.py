"""A pytest plugin: the axe-core table in the terminal summary, so CI logs show it without `-s`.

The accessibility test records its table as a user property of its report; reports reach the
process that writes the summary also from pytest-xdist's workers. Loaded with
`-p utblick.web.tests.browser.report` (pyproject.toml): xdist's controlling process never loads
a test directory's conftest.py. No imports here, so loading it early costs nothing.
"""

AXE_PROPERTY = "axe_report"


def pytest_terminal_summary(terminalreporter):
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == AXE_PROPERTY:
                    terminalreporter.write_sep(
                        "-", "axe-core: WCAG 2.1 A/AA violations per page type"
                    )
                    terminalreporter.write(value)
