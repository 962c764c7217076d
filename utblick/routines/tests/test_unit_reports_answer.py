"""A unit's period report in Utblick answers the routines' reporting obligation of its period,
and the unit hears when the executive office returns or approves it (M4, L3)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from utblick.core.access import Actor, Role
from utblick.policy.models import PriorityArea, ProfileVersion
from utblick.reporting import follow_up as planning
from utblick.routines.models import Notification
from utblick.routines.tests.conftest import make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmo(db):
    place = make_place("1280")
    # Tracked since before last year's annual report fell due: its obligation is raised.
    ProfileVersion.objects.filter(municipality=place.municipality).update(
        loaded_at=dt.datetime(timezone.localdate().year - 2, 1, 1, tzinfo=dt.UTC)
    )
    PriorityArea.objects.create(municipality=place.municipality, key="utveckling", name="U")
    return place


def _reporting(place, year):
    return [
        o
        for o in place.obligations()
        if o.object_id == place.committee.pk and f":report:annual:{year}:" in o.dedupe_key
    ]


def _editor(place) -> Actor:
    units = frozenset({place.committee.pk, place.administration.pk})
    return Actor(
        user=place.editor, municipality=place.municipality, role=Role.UNIT_EDITOR, unit_ids=units
    )


def _submitted(place, year):
    editor = _editor(place)
    report = planning.unit_report_start(
        actor=editor, unit=place.committee, year=year, period_key="annual"
    )
    return planning.unit_report_submit(
        actor=editor,
        report=report,
        expected_version=report.version,
        narratives={"utveckling": "Vi har gjort det vi sa."},
    )


def test_handing_in_the_units_report_completes_its_reporting_obligation(malmo):
    year = timezone.localdate().year - 1
    malmo.run()
    [obligation] = _reporting(malmo, year)
    assert obligation.status == "open"
    _submitted(malmo, year)
    obligation.refresh_from_db()
    assert obligation.status == "done"
    assert obligation.evidence.startswith("Rapporten lämnades in i Utblick")


def test_a_returned_or_approved_report_notifies_its_unit(
    malmo, django_capture_on_commit_callbacks, immediate_tasks
):
    year = timezone.localdate().year - 1
    report = _submitted(malmo, year)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        report = planning.unit_report_return(
            actor=malmo.actor,
            report=report,
            expected_version=report.version,
            comment="Beskriv resultaten för barn och unga.",
        )
    [returned] = Notification.objects.filter(recipient=malmo.editor)
    assert returned.subject.startswith("Återsänd för komplettering")
    assert "Beskriv resultaten för barn och unga." in returned.body
    assert report.get_absolute_url() in returned.body
    assert [m.to for m in mail.outbox] == [[malmo.editor.email]]
    assert not Notification.objects.filter(recipient=malmo.coordinator).exists()

    report = _submitted_again(malmo, report)
    with django_capture_on_commit_callbacks(execute=True):
        planning.unit_report_approve(
            actor=malmo.actor, report=report, expected_version=report.version
        )
    approved = Notification.objects.filter(recipient=malmo.editor).order_by("-pk").first()
    assert approved.subject.startswith("Godkänd")


def _submitted_again(place, report):
    return planning.unit_report_submit(
        actor=_editor(place), report=report, expected_version=report.version
    )
