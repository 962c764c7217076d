"""Personal data: everything Utblick holds about one person (a register extract, GDPR art. 15),
and pseudonymisation where the data is not needed as a public record (art. 17, with the
exceptions of art. 17.3 b for records the municipality must keep).

What a person is in Utblick: a row of the people register (`Person`) and, for those who sign
in, a user account. The extract gathers both and every place either appears: the registers
that link the person (representative in a network membership, contact-person appointment,
application contact, activity owner, responsible for an obligation), what the account did
(the audit trail's entries, imports, report runs), its roles, API tokens, calendar feeds,
notifications, and sign-in attempts.

Pseudonymising keeps every public record (the decisions, memberships, applications and their
history stay as they were, linked to the same row) but replaces who the person is: the name
becomes "Person <id>" (or, for an elected official named as a network representative, the name
stays and only the contact details go, since who represents the municipality is part of the
decision); e-mail, title and party are emptied, also in the row's earlier versions; the user
account is closed and its personal details, tokens, feeds, notifications and sign-in attempts
removed. The act itself is written to the audit trail (who, when, why), without the old values.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from utblick.core.access import Actor, Role, get_for_actor, scoped
from utblick.core.audit import record_history
from utblick.organisation.models import ContactPerson, Person, PersonKind, RoleAssignment

PSEUDONYMISED_FIELDS = ("email", "title", "party")


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return _iso(value) if hasattr(value, "isoformat") else str(value)


def _record(record) -> dict:
    return {"register": record._meta.verbose_name.__str__(), "id": record.pk, "name": str(record)}


def person_extract(*, actor: Actor, person_id: int) -> dict:
    """Everything held about the person (and their user account, if any), as plain JSON."""
    _require_administrator(actor)
    person = get_for_actor(Person, actor, person_id)
    from utblick.planning.models import Activity
    from utblick.registers.models import FundingApplication, NetworkMembership
    from utblick.routines.models import Obligation

    extract = {
        "made_at": timezone.now().isoformat(),
        "municipality": actor.municipality.name,
        "person": {
            "id": person.pk,
            "name": person.name,
            "kind": person.kind,
            "title": person.title,
            "email": person.email,
            "unit": str(person.unit) if person.unit else None,
            "party": person.party,
            "archived_at": _iso(person.archived_at),
            "created_at": _iso(person.created_at),
        },
        "history": [
            {
                "at": entry.at.isoformat(),
                "by": entry.user,
                "action": entry.action,
                "reason": entry.reason,
                "changes": [
                    {"field": c.field, "old": _plain(c.old), "new": _plain(c.new)}
                    for c in entry.changes
                ],
            }
            for entry in record_history(person)
        ],
        "appears_in": {
            "network_representative": [
                _record(m) for m in scoped(NetworkMembership, actor).filter(representatives=person)
            ],
            "contact_person": [
                {**_record(c), "appointed_on": _iso(c.appointed_on), "ended_on": _iso(c.ended_on)}
                for c in scoped(ContactPerson, actor).filter(person=person)
            ],
            "application_contact": [
                _record(a) for a in scoped(FundingApplication, actor).filter(contact=person)
            ],
            "activity_owner": [_record(a) for a in scoped(Activity, actor).filter(owner=person)],
            "obligation_responsible": [
                {"id": o.pk, "title": o.title, "status": o.status}
                for o in scoped(Obligation, actor).filter(responsible_person=person)
            ],
        },
        "account": _account(person.user) if person.user_id else None,
    }
    return extract


def _account(user) -> dict:
    from axes.models import AccessAttempt, AccessLog

    from utblick.api.models import ApiToken
    from utblick.imports.models import ImportRun
    from utblick.monitoring.models import CalendarFeed
    from utblick.reporting.models import ReportRun
    from utblick.routines.models import Notification

    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "roles": [
            {"municipality": r.municipality.name, "role": r.role, "unit": str(r.unit or "")}
            for r in RoleAssignment.objects.filter(user=user).select_related("municipality", "unit")
        ],
        "api_tokens": [
            {
                "prefix": t.prefix,
                "name": t.name,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        "calendar_feeds": CalendarFeed.objects.filter(user=user).count(),
        "notifications": [
            {"subject": n.subject, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
            for n in Notification.objects.filter(recipient=user)
        ],
        "imports": [
            {"file": r.file_name, "at": _iso(r.created_at), "status": r.status}
            for r in ImportRun.objects.filter(user=user)
        ],
        "report_runs": [
            {"year": r.year, "format": r.format, "at": _iso(r.created_at)}
            for r in ReportRun.objects.filter(requested_by=user)
        ],
        "changes_made": _changes_by(user),
        "sign_in_attempts": [
            {
                "at": _iso(a.attempt_time),
                "address": a.ip_address,
                "failures": a.failures_since_start,
            }
            for a in AccessAttempt.objects.filter(username=user.get_username())
        ],
        "sign_ins": [
            {"at": _iso(a.attempt_time), "address": a.ip_address}
            for a in AccessLog.objects.filter(username=user.get_username())
        ],
    }


def _changes_by(user) -> list[dict]:
    """Every audit-trail entry the account wrote, across every register."""
    from django.apps import apps

    entries = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical") or not hasattr(model, "history_user"):
            continue
        for row in model.objects.filter(history_user=user).order_by("history_date"):
            entries.append(
                {
                    "register": str(model.instance_type._meta.verbose_name),
                    "id": row.id,
                    "at": row.history_date.isoformat(),
                    "action": row.history_type,
                    "reason": row.history_change_reason or "",
                }
            )
    return sorted(entries, key=lambda entry: entry["at"])


def _require_administrator(actor: Actor) -> None:
    if actor.role != Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators handle personal data")


def person_pseudonymise(*, actor: Actor, person_id: int, reason: str) -> Person:
    """Replace who the person is, keeping the public records they are part of (see above)."""
    _require_administrator(actor)
    if not reason.strip():
        raise ValidationError({"reason": ["Ange skälet (t.ex. begäran om radering, datum)."]})
    with transaction.atomic():
        person = get_for_actor(Person, actor, person_id, queryset=scoped(Person, actor))
        named_in_decisions = person.kind == PersonKind.ELECTED and person.memberships.exists()
        replaced = {name: "" for name in PSEUDONYMISED_FIELDS}
        if not named_in_decisions:
            replaced["name"] = f"Person {person.pk}"
        person.history.filter().update(**replaced)  # the earlier versions too
        user = person.user
        for name, value in replaced.items():
            setattr(person, name, value)
        person.user = None
        person.version += 1  # an open form on the old version is refused as stale
        person._history_user = actor.user if getattr(actor.user, "pk", None) else None
        person._change_reason = f"pseudonymiserad: {reason.strip()}"[:100]
        person.save()
        if user is not None:
            _close_account(user)
    return person


def _close_account(user) -> None:
    from axes.models import AccessAttempt, AccessLog

    from utblick.api.models import ApiToken
    from utblick.monitoring.models import CalendarFeed
    from utblick.routines.models import Notification, NotificationPreference

    username = user.get_username()
    AccessAttempt.objects.filter(username=username).delete()
    AccessLog.objects.filter(username=username).delete()
    ApiToken.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user).delete()
    model = get_user_model()
    model.objects.filter(pk=user.pk).update(
        username=f"borttagen-{user.pk}",
        first_name="",
        last_name="",
        email="",
        is_active=False,
        password="!",  # unusable: no sign-in
    )
