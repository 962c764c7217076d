"""Notifications: in-app and by e-mail when an obligation is created; the daily digest."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from utblick.core.access import Role
from utblick.core.services import record_create
from utblick.factories import RoleFactory
from utblick.registers.models import FundingApplication
from utblick.routines.models import Notification, Obligation
from utblick.routines.notifications import (
    notification_mark_read,
    notification_preference_set,
    routines_digest,
)
from utblick.routines.tests.conftest import make_place, user

pytestmark = pytest.mark.usefixtures("immediate_tasks")  # the worker's part at once


@pytest.fixture
def malmo(db):
    return make_place("1280")


def _apply(place, **fields):
    values = {
        "title": "Cirkulär hamn",
        "other_funder": "Interreg",
        "role": "lead",
        "unit": place.committee,
        "total_budget": Decimal("100"),
    }
    values.update(fields)
    return record_create(actor=place.actor, model=FundingApplication, fields=values)


def test_the_responsible_units_users_are_notified_in_app_and_by_email(
    malmo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(malmo)
    [notification] = Notification.objects.filter(recipient=malmo.editor)
    assert notification.subject == (
        "Ny åtgärd: Informera kommunstyrelsens förvaltning om ansökan Cirkulär hamn"
    )
    assert notification.emailed_at is not None and notification.read_at is None
    [message] = mail.outbox
    assert message.to == [malmo.editor.email]
    assert "Informera kommunstyrelsens förvaltning" in message.subject
    assert "Krav M3" in message.body and "Senast:" in message.body
    # The coordinator is told only when nobody has the unit.
    assert not Notification.objects.filter(recipient=malmo.coordinator).exists()


def test_the_email_waits_for_the_worker_not_the_request(
    malmo, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from utblick.routines.tasks import notifications_email_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _apply(malmo)
    [notification] = Notification.objects.filter(recipient=malmo.editor)
    assert mail.outbox == [] and notification.emailed_at is None  # the write only queued it
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert queued.task_path == notifications_email_task.module_path
    notifications_email_task.call(*queued.args_kwargs["args"])  # what the worker then does
    notification.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[malmo.editor.email]]
    assert notification.emailed_at is not None


def test_an_administrations_obligation_reaches_its_committees_editors(
    malmo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(malmo, unit=malmo.administration)
    assert Notification.objects.filter(recipient=malmo.editor).count() == 1


def test_without_anyone_for_the_unit_the_coordinators_are_told(
    malmo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(malmo, unit=malmo.other_committee)
    assert [n.recipient for n in Notification.objects.all()] == [malmo.coordinator]
    assert [m.to for m in mail.outbox] == [[malmo.coordinator.email]]


def test_a_sweep_sends_one_email_per_person_however_many_obligations(
    malmo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        malmo.run()  # contact persons for two committees: both the office's, i.e. the coordinator's
    assert Notification.objects.filter(recipient=malmo.coordinator).count() == 2
    [message] = mail.outbox
    assert message.subject == "Utblick: 2 nya åtgärder i Malmö"


def test_readers_are_not_notified(malmo, django_capture_on_commit_callbacks):
    reader = user("politiker")
    RoleFactory(user=reader, municipality=malmo.municipality, role=Role.READER)
    with django_capture_on_commit_callbacks(execute=True):
        _apply(malmo, unit=malmo.other_committee)
    assert not Notification.objects.filter(recipient=reader).exists()


def test_a_digest_user_gets_no_email_per_obligation_but_the_daily_digest(
    malmo, django_capture_on_commit_callbacks
):
    notification_preference_set(
        user=malmo.editor, municipality=malmo.municipality, daily_digest=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = _apply(malmo)
    assert Notification.objects.filter(recipient=malmo.editor).count() == 1
    assert mail.outbox == []
    [obligation] = Obligation.objects.filter(object_id=application.pk, status="open")
    due = obligation.due_on

    sent = routines_digest(municipality=malmo.municipality, today=due + dt.timedelta(days=1))
    assert sent.recipients == [malmo.editor.email]
    [digest] = mail.outbox
    assert "Försenade (1)" in digest.body
    assert "Informera kommunstyrelsens förvaltning om ansökan Cirkulär hamn" in digest.body
    assert Notification.objects.filter(recipient=malmo.editor, obligation__isnull=True).exists()


def test_the_digest_command_lists_obligations_due_soon(malmo):
    notification_preference_set(
        user=malmo.coordinator, municipality=malmo.municipality, daily_digest=True
    )
    malmo.run()
    # The two committees' contact persons are due 30 days after the units were registered.
    due = timezone.localdate(malmo.committee.created_at) + dt.timedelta(days=30)
    soon = (due - dt.timedelta(days=5)).isoformat()
    call_command("routines", "digest", "--municipality", "1280", "--today", soon)
    [digest] = mail.outbox
    assert digest.to == [malmo.coordinator.email]
    assert "Senast inom 14 dagar (2)" in digest.body
    mail.outbox.clear()
    early = (due - dt.timedelta(days=20)).isoformat()
    call_command("routines", "digest", "--municipality", "1280", "--today", early)
    assert mail.outbox == []


def test_marking_a_notification_read(malmo):
    _apply(malmo)
    notification = Notification.objects.get(recipient=malmo.editor)
    notification_mark_read(user=malmo.editor, notification=notification)
    assert notification.read_at is not None
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_mark_read(user=malmo.coordinator, notification=notification)
