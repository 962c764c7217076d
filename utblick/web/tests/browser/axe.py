"""axe-core in the browser: WCAG 2.1 A and AA rules, run on the page as it is served.

axe is evaluated through Playwright (the DevTools protocol), which the page's Content Security
Policy does not govern, so it runs on the page exactly as users get it, CSP enforced. Adding it
as a <script> tag instead (`page.add_script_tag`) would be an inline script, which the CSP
refuses; should a later axe need that, or `eval`, the context for the axe run only would be
opened with `bypass_csp=True` (the CSP itself is then still checked by the other tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_RUN = """options => axe.run(document, options).then(results => results.violations.map(v => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
})))"""


@dataclass(frozen=True)
class Checked:
    group: str
    name: str
    url: str
    violations: list[dict]

    @property
    def count(self) -> int:
        """Violations counted per rule and element (axe's "nodes")."""
        return sum(len(v["nodes"]) for v in self.violations)


def violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations (every impact level) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(_RUN, OPTIONS)


def table(results: list[Checked]) -> str:
    """Page type → violations, one line each, then the details of any violation."""
    width = max(len(f"{r.group}: {r.name}") for r in results)
    lines = [
        f"axe-core {axe_version()} · rules tagged {', '.join(WCAG_TAGS)} · all impact levels",
        "",
        f"{'page type'.ljust(width)}  violations  address",
    ]
    for r in results:
        lines.append(f"{f'{r.group}: {r.name}'.ljust(width)}  {r.count:>10}  {r.url}")
    total = sum(r.count for r in results)
    lines += ["", f"{len(results)} pages, {total} violations"]
    for r in results:
        for v in r.violations:
            lines.append(f"\n{r.group}: {r.name} ({r.url}): {v['id']} [{v['impact']}] {v['help']}")
            lines += [f"    {n['target']}: {n['summary']}" for n in v["nodes"]]
    return "\n".join(lines) + "\n"


def axe_version() -> str:
    first = AXE_SOURCE[:200]
    return first.split("axe v", 1)[1].split()[0] if "axe v" in first else "?"
