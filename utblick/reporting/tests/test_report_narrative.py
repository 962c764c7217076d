"""The report's own sentences state only what the registers show: open obligations are said to
be open, and nothing is said of them when the registers hold none."""

import dataclasses
import datetime as dt

from utblick.reporting.compose import build_document
from utblick.reporting.report_data import ObligationSummary, build_report_data


def _summary_text(data) -> str:
    section = build_document(data, draw=False).sections[0]
    return "\n".join(b.text for b in section.blocks if hasattr(b, "text"))


def test_the_summary_says_how_many_obligations_are_not_done(world):
    data = build_report_data(world.home, 2025, today=dt.date(2026, 3, 1))
    with_open = dataclasses.replace(
        data,
        obligations=ObligationSummary(
            done=3, done_late=0, open=2, overdue=1, waived=0, overdue_items=[]
        ),
    )
    text = _summary_text(with_open)
    assert (
        "Enligt registren är 2 av de åtgärder som policyns rutiner kräver med sista dag 2025 "
        "inte gjorda, varav 1 försenade" in text
    )


def test_with_every_obligation_done_or_none_registered_nothing_is_claimed_about_them(world):
    data = build_report_data(world.home, 2025, today=dt.date(2026, 3, 1))
    all_done = dataclasses.replace(
        data,
        obligations=ObligationSummary(
            done=3, done_late=0, open=0, overdue=0, waived=0, overdue_items=[]
        ),
    )
    for variant in (all_done, dataclasses.replace(data, obligations=None)):
        text = _summary_text(variant)
        assert "inte gjorda" not in text
        assert "så som det är registrerat" in text
        assert "i enlighet med" not in text
