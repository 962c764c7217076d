"""Obligations that show what matters now, in the web: the backlog of problems from before
tracking (kept off the list, the start page and the calendar until reviewed once, one by one
or in bulk, with the reason in history), a responsible person and "Mina åtgärder", bulk
actions that write all or nothing, the Excel export and the plain explanation."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from utblick.factories import PersonFactory
from utblick.monitoring import agenda
from utblick.organisation.roles import actor_for
from utblick.routines.models import Obligation
from utblick.routines.tests.test_views import (  # noqa: F401 (fixtures)
    TODAY,
    make_obligation,
    routines,
    signed_in,
    url,
)


@pytest.fixture
def work(world, routines):  # noqa: F811
    """Today's work and two problems about records from before tracking (the backlog)."""
    return {
        "today": make_obligation(routines["inform"], world.committee, title="Informera KLF nu"),
        "old": make_obligation(
            routines["inform"],
            world.committee,
            title="Informera om projektet från 2023",
            before_tracking=True,
            due_on=TODAY - dt.timedelta(days=3),
        ),
        "old_conflict": make_obligation(
            routines["review"],
            world.other_committee,
            kind="conflict",
            title="Ansökan från 2024 saknar nämndens bekräftelse",
            before_tracking=True,
            due_on=None,
        ),
    }


def picked(*obligations) -> list[str]:
    return [f"{o.pk}.{o.version}" for o in obligations]


def test_problems_from_before_tracking_are_kept_off_todays_pages_and_listed_for_review(
    world,
    work,
    signed_in,  # noqa: F811
):
    alice = signed_in(world.alice)
    listed = alice.get("/atgarder/").content.decode()
    assert "Informera KLF nu" in listed
    assert "Informera om projektet från 2023" not in listed
    assert "2 problem i poster från tiden före uppföljningen väntar på granskning" in listed
    start = alice.get("/").content.decode()
    assert "Informera KLF nu" in start and "från 2023" not in start
    assert "Granska dem" in start
    backlog = alice.get("/atgarder/att-granska/").content.decode()
    assert "Informera om projektet från 2023" in backlog
    assert "Ansökan från 2024 saknar nämndens bekräftelse" in backlog
    assert "Informera KLF nu" not in backlog


def test_the_calendar_leaves_the_backlog_out(world, work):
    actor = actor_for(world.alice, world.home)
    window = (TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30))
    titles = {entry.title for entry in agenda.entries(actor, *window)}
    assert "Informera KLF nu" in titles
    assert "Informera om projektet från 2023" not in titles


def test_reviewing_one_keeps_it_as_todays_work_with_the_reason_in_history(
    world,
    work,
    signed_in,  # noqa: F811
):
    alice = signed_in(world.alice)
    old = work["old"]
    response = alice.post(
        url(old, "granska/"),
        {
            "version": 1,
            "granska-review_note": "KS informerades muntligt",
            "granska-decision": "ska-goras",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "open" and not old.in_backlog and old.reviewed_by == world.alice
    assert (
        old.history.first().history_change_reason == "granskad, ska göras: KS informerades muntligt"
    )
    assert "Informera om projektet från 2023" in alice.get("/atgarder/").content.decode()


def test_a_review_without_a_reason_is_refused_at_the_field_in_swedish(
    world,
    work,
    signed_in,  # noqa: F811
):
    response = signed_in(world.alice).post(
        url(work["old"], "granska/"), {"version": 1, "granska-decision": "behovs-inte"}
    )
    assert response.status_code == 400
    assert "Ange skälet till beslutet" in response.content.decode()
    assert Obligation.objects.get(pk=work["old"].pk).in_backlog


def test_the_backlog_is_waived_in_bulk_with_one_reason_kept_on_each(
    world,
    work,
    signed_in,  # noqa: F811
):
    response = signed_in(world.alice).post(
        "/atgarder/att-granska/",
        {
            "valda-picked": picked(work["old"], work["old_conflict"]),
            "valda-action": "behovs-inte",
            "valda-reason": "Avslutade projekt, registrerade i efterhand",
        },
    )
    assert response.status_code == 302
    for key in ("old", "old_conflict"):
        obligation = Obligation.objects.get(pk=work[key].pk)
        assert obligation.status == "waived" and obligation.reviewed_at is not None
        assert obligation.waived_reason == "Avslutade projekt, registrerade i efterhand"
        assert obligation.history.count() == 2


def test_a_bulk_action_with_one_stale_row_writes_nothing(world, work, signed_in):  # noqa: F811
    old = work["old"]
    Obligation.objects.filter(pk=old.pk).update(version=2)  # someone else changed it
    response = signed_in(world.alice).post(
        "/atgarder/att-granska/",
        {
            "valda-picked": [f"{old.pk}.1", *picked(work["old_conflict"])],
            "valda-action": "ska-goras",
            "valda-reason": "Ska göras",
        },
    )
    assert response.status_code == 400
    assert "Ingenting har sparats" in response.content.decode()
    assert Obligation.objects.filter(reviewed_at__isnull=False).count() == 0


def test_a_bulk_action_needs_rows_and_a_reason(world, work, signed_in):  # noqa: F811
    alice = signed_in(world.alice)
    none = alice.post(
        "/atgarder/att-granska/", {"valda-action": "behovs-inte", "valda-reason": "x"}
    )
    assert none.status_code == 400 and "Välj minst en åtgärd." in none.content.decode()
    reasonless = alice.post(
        "/atgarder/att-granska/",
        {"valda-picked": picked(work["old"]), "valda-action": "behovs-inte"},
    )
    assert reasonless.status_code == 400
    assert "Ange skälet till beslutet" in reasonless.content.decode()
    assert Obligation.objects.filter(status="waived").count() == 0


def test_a_unit_editor_cannot_act_in_bulk_on_another_units_obligation(
    world,
    work,
    signed_in,  # noqa: F811
):
    response = signed_in(world.bob).post(
        "/atgarder/att-granska/",
        {
            "valda-picked": picked(work["old_conflict"]),  # the other committee's
            "valda-action": "behovs-inte",
            "valda-reason": "Inte vårt",
        },
    )
    assert response.status_code in (403, 404)
    assert Obligation.objects.get(pk=work["old_conflict"].pk).status == "open"


def test_readers_see_no_bulk_form_and_may_not_post_one(world, work, signed_in):  # noqa: F811
    carol = signed_in(world.carol)
    assert 'name="valda-action"' not in carol.get("/atgarder/").content.decode()
    response = carol.post(
        "/atgarder/",
        {"valda-picked": picked(work["today"]), "valda-action": "behovs-inte", "valda-reason": "x"},
    )
    assert response.status_code == 403


def test_a_responsible_person_is_given_in_bulk_and_sees_it_under_mina_atgarder(
    world,
    work,
    signed_in,  # noqa: F811
):
    person = PersonFactory(municipality=world.home, unit=None, user=world.alice)
    alice = signed_in(world.alice)
    assert "Informera KLF nu" not in alice.get("/atgarder/mina/").content.decode()
    response = alice.post(
        "/atgarder/",
        {
            "valda-picked": picked(work["today"]),
            "valda-action": "tilldela",
            "valda-person": person.pk,
        },
    )
    assert response.status_code == 302
    assert Obligation.objects.get(pk=work["today"].pk).responsible_person == person
    mine = alice.get("/atgarder/mina/").content.decode()
    assert "Informera KLF nu" in mine
    assert "från 2023" not in mine  # the backlog stays on its own page


def test_a_unit_editor_sees_the_units_unassigned_obligations_as_their_own(
    world,
    work,
    signed_in,  # noqa: F811
):
    html = signed_in(world.bob).get("/atgarder/mina/").content.decode()
    assert "Informera KLF nu" in html


def test_the_list_exports_to_excel_as_filtered(world, work, signed_in):  # noqa: F811
    response = signed_in(world.alice).get("/atgarder/export/backlog.xlsx")
    assert response.status_code == 200
    assert "atgarder-att-granska-" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Id", "Åtgärd", "Typ", "Status")
    titles = {row[1] for row in rows[1:]}
    assert titles == {
        "Informera om projektet från 2023",
        "Ansökan från 2024 saknar nämndens bekräftelse",
    }
    assert signed_in(world.alice).get("/atgarder/export/okand.xlsx").status_code == 404


def test_an_obligation_says_in_plain_words_what_why_who_and_how(
    world,
    work,
    signed_in,  # noqa: F811
):
    html = signed_in(world.alice).get(url(work["old_conflict"])).content.decode()
    assert "Vad det betyder" in html
    assert "redan skett i strid med styrdokumentet" in html
    assert "Krav L2" in html and "Pröva medlemskapen vart tredje år" in html
    assert "Miljönämnden ansvarar; ingen person är utsedd ännu." in html
    assert "Väntar på granskning" in html
