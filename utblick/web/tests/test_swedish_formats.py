"""Swedish formats: 1 234 567 kr, ISO dates, week numbers beside planned dates."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from utblick.core.display import shown
from utblick.web.templatetags.utblick import lifecycle_steps


def _render(source: str, **context) -> str:
    return Template("{% load utblick %}" + source).render(Context(context))


def test_amounts_are_kronor_with_spaces():
    assert _render("{{ amount|money }}", amount=Decimal("1234567.40")) == "1\xa0234\xa0567\xa0kr"
    assert (
        _render('{{ amount|money:"EUR" }}', amount=Decimal("-2500.5")) == "\u22122\xa0501\xa0euro"
    )


def test_counts_and_percentages_in_templates_are_swedish():
    assert _render("{{ n|integer }}", n=Decimal("12500000")) == "12\xa0500\xa0000"
    assert _render("{{ p|percent }}", p=Decimal("62.5")) == "62,5\xa0%"


def test_dates_are_iso_in_both_languages():
    day = dt.date(2026, 11, 22)
    for language in ("sv", "en"):
        with translation.override(language):
            assert Template("{{ day }}").render(Context({"day": day})) == "2026-11-22"


def test_week_numbers_stand_beside_planned_dates(world, make):
    visit = make("visits", world.home, world.committee, starts_on=dt.date(2026, 11, 22))
    starts = shown(visit, "starts_on")
    assert (starts.text, starts.week) == ("2026-11-22", 47)
    assert _render("{{ day|week }}", day=dt.date(2026, 11, 23)) == "48"


def test_euro_amounts_show_their_kronor_too(world, make):
    application = make(
        "applications",
        world.home,
        world.committee,
        currency="EUR",
        eur_to_sek_rate=Decimal("11.5"),
        total_budget=Decimal("200000"),
    )
    assert shown(application, "total_budget").text == "200\xa0000\xa0euro (≈ 2\xa0300\xa0000\xa0kr)"


def test_a_rejected_application_shows_where_it_stopped():
    assert [state for _label, state in lifecycle_steps("rejected")] == [
        "done",
        "done",
        "done",
        "current",
    ]
