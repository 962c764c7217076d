"""Telling people about obligations: in-app notifications, e-mail, and the daily digest.

Who is told: the users whose role assignment names the responsible unit (or a unit above
it: a committee's editors hear about its administration's obligations); when nobody has
that unit, or the obligation has no responsible unit, the municipality's coordinators
(or, without coordinators, its administrators). Readers are not told: obligations are for
those who act. A user who chose the daily digest gets no e-mail per obligation, only the
digest (`utblick routines digest`); everyone gets the in-app notification.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from utblick.core.access import Role
from utblick.organisation.models import Municipality, RoleAssignment, Unit
from utblick.routines.engine.dates import iso
from utblick.routines.models import Notification, NotificationPreference, Obligation

log = logging.getLogger(__name__)

DIGEST_WITHIN_DAYS = 14


class Recipients:
    """Who hears about a unit's obligations in one municipality (two queries, then memory)."""

    def __init__(self, municipality: Municipality, parents: dict[int, int | None] | None = None):
        self.municipality = municipality
        if parents is None:
            parents = dict(
                Unit.objects.filter(municipality=municipality).values_list("id", "parent_id")
            )
        self.parents = parents
        self.by_unit: dict[int, list] = defaultdict(list)
        coordinators, administrators = [], []
        assignments = RoleAssignment.objects.filter(
            municipality=municipality, user__is_active=True
        ).select_related("user")
        for assignment in assignments.order_by("user_id"):
            if assignment.role == Role.UNIT_EDITOR and assignment.unit_id:
                self.by_unit[assignment.unit_id].append(assignment.user)
            elif assignment.role == Role.COORDINATOR:
                coordinators.append(assignment.user)
            elif assignment.role == Role.ADMINISTRATOR:
                administrators.append(assignment.user)
        self.fallback = coordinators or administrators
        self.digest_user_ids = set(
            NotificationPreference.objects.filter(
                municipality=municipality, daily_digest=True
            ).values_list("user_id", flat=True)
        )

    def for_unit(self, unit_id: int | None) -> list:
        users, seen = [], set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            users.extend(self.by_unit.get(unit_id, ()))
            unit_id = self.parents.get(unit_id)
        unique = list({u.pk: u for u in users}.values())
        return unique or list(self.fallback)


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def _describe(obligation: Obligation) -> str:
    kind = "Policykonflikt" if obligation.is_conflict else "Åtgärd"
    lines = [f"{kind}: {obligation.title}"]
    if obligation.record_label:
        lines.append(f"Gäller: {obligation.record_label}")
    lines.append(f"Senast: {iso(obligation.due_on)}" if obligation.due_on else "Senast: –")
    if obligation.explanation:
        lines.append("")
        lines.append(obligation.explanation)
    if obligation.evidence_required:
        lines.append("")
        lines.append(f"Klar när: {obligation.evidence_required}")
    return "\n".join(lines)


def _footer(municipality: Municipality) -> str:
    return (
        f"\n\nÅtgärderna finns i Utblick: {_site_url()}/\n"
        f"Du får det här meddelandet för att du arbetar med det internationella arbetet i "
        f"{municipality} i Utblick. Du kan i stället välja en daglig sammanfattning."
    )


def notify_created(
    municipality: Municipality,
    obligations: Iterable[Obligation],
    *,
    recipients: Recipients | None = None,
) -> list[Notification]:
    """In-app notifications for newly created open obligations; the e-mail is queued once the
    write is committed and sent by the worker (`notifications_email_task`), not in the request.
    Those about records from before tracking wait in the backlog: nobody is told of each."""
    obligations = [o for o in obligations if o.status == "open" and not o.before_tracking]
    if not obligations:
        return []
    recipients = recipients or Recipients(municipality)
    notifications: list[Notification] = []
    for obligation in obligations:
        subject = (
            f"Ny policykonflikt: {obligation.title}"
            if obligation.is_conflict
            else f"Ny åtgärd: {obligation.title}"
        )[:300]
        for user in recipients.for_unit(obligation.responsible_unit_id):
            notifications.append(
                Notification(
                    recipient=user,
                    municipality=municipality,
                    obligation=obligation,
                    subject=subject,
                    body=_describe(obligation),
                    created_at=timezone.now(),
                )
            )
    if not notifications:
        return []
    notifications = bulk_create_with_history(
        notifications, Notification, default_change_reason="ny åtgärd"
    )
    to_email = [
        n.pk
        for n in notifications
        if n.recipient.pk not in recipients.digest_user_ids and n.recipient.email
    ]
    if to_email:
        from utblick.routines.tasks import notifications_email_task

        transaction.on_commit(lambda: notifications_email_task.enqueue(to_email))
    return notifications


def notify_report_decided(municipality: Municipality, report) -> list[Notification]:
    """Tell a unit's editors (of it or a unit above it) that its period report was returned
    for completion (with the comment) or approved; in the app, and by e-mail (the worker sends it once the write commits)."""
    recipients = Recipients(municipality)
    users = {}
    unit_id = report.unit_id
    while unit_id is not None and unit_id not in users:
        users[unit_id] = recipients.by_unit.get(unit_id, [])
        unit_id = recipients.parents.get(unit_id)
    people = list({u.pk: u for found in users.values() for u in found}.values())
    returned = report.status == "returned"
    subject = f"{'Återsänd för komplettering' if returned else 'Godkänd'}: {report}"
    lines = [
        f"Verksamhetsrapporten för {report.unit} ({report.period} {report.year}) har "
        + ("återsänts för komplettering." if returned else "godkänts."),
    ]
    if returned and report.return_comment:
        lines += ["", f"Kommentar: {report.return_comment}"]
    lines += ["", f"Rapporten: {_site_url()}{report.get_absolute_url()}"]
    notifications = bulk_create_with_history(
        [
            Notification(
                recipient=user,
                municipality=municipality,
                subject=subject[:300],
                body="\n".join(lines),
                created_at=timezone.now(),
            )
            for user in people
        ],
        Notification,
        default_change_reason="rapport återsänd" if returned else "rapport godkänd",
    )
    to_email = [
        n.pk
        for n in notifications
        if n.recipient.email and n.recipient.pk not in recipients.digest_user_ids
    ]
    if to_email:
        from utblick.routines.tasks import notifications_email_task

        transaction.on_commit(lambda: notifications_email_task.enqueue(to_email))
    return notifications


def notifications_email(notification_ids: list[int]) -> int:
    """E-mail the notifications not yet e-mailed, one message per person and municipality;
    the number of messages sent. Run by the worker (`notifications_email_task`)."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "municipality")
        .order_by("pk")
    )
    grouped: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for notification in pending:
        grouped[(notification.recipient_id, notification.municipality_id)].append(notification)
    sent_ids: list[int] = []
    messages = 0
    for notifications in grouped.values():
        user, municipality = notifications[0].recipient, notifications[0].municipality
        if len(notifications) == 1:
            subject = f"Utblick: {notifications[0].subject}"
        else:
            subject = f"Utblick: {len(notifications)} nya åtgärder i {municipality.name}"
        body = (
            "Hej!\n\nFöljande har tillkommit i Utblick för "
            f"{municipality.name}:\n\n"
            + "\n\n---\n\n".join(n.body for n in notifications)
            + _footer(municipality)
        )
        try:
            send_mail(subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # one refused message must not keep the others from being sent
            log.exception("could not e-mail %s about new obligations", user.email)
            continue
        messages += 1
        sent_ids.extend(n.pk for n in notifications)
    now = timezone.now()
    for start in range(0, len(sent_ids), 500):
        Notification.objects.filter(pk__in=sent_ids[start : start + 500]).update(emailed_at=now)
    return messages


@dataclass
class DigestResult:
    sent: int = 0
    recipients: list[str] = field(default_factory=list)


def routines_digest(
    *,
    municipality: Municipality | None = None,
    today: date | None = None,
    everyone: bool = False,
    within_days: int = DIGEST_WITHIN_DAYS,
) -> DigestResult:
    """One e-mail per person with their open obligations that are overdue or due within
    `within_days` — to those who chose the daily digest (or, with everyone, to all)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    municipalities = (
        [municipality] if municipality else list(Municipality.objects.filter(is_tenant=True))
    )
    per_user: dict[int, list[tuple[Municipality, Obligation]]] = defaultdict(list)
    users: dict[int, object] = {}
    for place in municipalities:
        obligations = list(
            Obligation.objects.filter(
                municipality=place, status="open", due_on__isnull=False, due_on__lte=horizon
            )
            .current()
            .order_by("due_on", "id")
        )
        if not obligations:
            continue
        recipients = Recipients(place)
        for obligation in obligations:
            for user in recipients.for_unit(obligation.responsible_unit_id):
                if not everyone and user.pk not in recipients.digest_user_ids:
                    continue
                if not user.email:
                    continue
                per_user[user.pk].append((place, obligation))
                users[user.pk] = user
    result = DigestResult()
    now = timezone.now()
    notifications = []
    for user_id, items in per_user.items():
        user = users[user_id]
        overdue = [(m, o) for m, o in items if o.due_on < today]
        soon = [(m, o) for m, o in items if o.due_on >= today]
        sections = []
        for heading, group in (("Försenade", overdue), (f"Senast inom {within_days} dagar", soon)):
            if group:
                lines = [f"{heading} ({len(group)}):"]
                for place, obligation in group:
                    lines.append(
                        f"  • {iso(obligation.due_on)}  {obligation.title}"
                        + (f" – {place.name}" if len(municipalities) > 1 else "")
                    )
                sections.append("\n".join(lines))
        subject = (
            f"Utblick: dina åtgärder {iso(today)} – {len(overdue)} försenade, {len(soon)} snart"
        )
        body = (
            "Hej!\n\nDaglig sammanfattning av dina öppna åtgärder i Utblick.\n\n"
            + "\n\n".join(sections)
            + f"\n\nUtblick: {_site_url()}/"
        )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            log.exception("could not send the digest to %s", user.email)
            continue
        result.sent += 1
        result.recipients.append(user.email)
        for place in {m.pk: m for m, _ in items}.values():
            notifications.append(
                Notification(
                    recipient=user,
                    municipality=place,
                    subject=subject[:300],
                    body=body,
                    created_at=now,
                    emailed_at=now,
                )
            )
    if notifications:
        bulk_create_with_history(
            notifications, Notification, default_change_reason="sammanfattning"
        )
    return result


def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("not your notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_preference_set(*, user, municipality, daily_digest: bool):
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, municipality=municipality, defaults={"daily_digest": daily_digest}
    )
    return preference
