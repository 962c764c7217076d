"""Writes for monitoring and funding discovery. Register records go through
utblick.core.services (validated, atomic, versioned, in the audit trail)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from utblick.core.access import Actor, Role
from utblick.core.secrets import new_secret
from utblick.core.secrets import secret_digest as token_hash
from utblick.core.services import record_create, record_update
from utblick.monitoring.models import (
    CalendarFeed,
    CallAssessment,
    FundingCall,
    MonitoringItem,
    OpportunityKind,
    SharedOpportunity,
    Verdict,
)
from utblick.organisation.models import RegionalNetwork, Unit
from utblick.registers import lifecycle
from utblick.registers.models import FundingApplication

# --- Assessing and routing calls ----------------------------------------------------------


def call_assess(
    *,
    actor: Actor,
    call: FundingCall,
    verdict: str,
    note: str = "",
    routed_to: Unit | None = None,
    expected_version: int | None = None,
) -> CallAssessment:
    """The coordinator marks a call relevant or not and may route it to a unit. One assessment
    per call and municipality; a change is a new version in its history."""
    if not actor.covers_whole_municipality:
        raise PermissionDenied("the coordinator assesses calls")
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": ["Välj relevant eller inte relevant."]})
    if routed_to is not None and verdict != Verdict.RELEVANT:
        raise ValidationError({"routed_to": ["Bara en relevant utlysning skickas till en enhet."]})
    fields: dict[str, Any] = {"verdict": verdict, "note": note.strip(), "routed_to": routed_to}
    with transaction.atomic():
        current = (
            CallAssessment.objects.select_for_update()
            .filter(municipality=actor.municipality, call=call)
            .first()
        )
        if routed_to is None:
            fields["routed_on"] = None
        elif current is not None and current.routed_to_id == routed_to.pk:
            fields["routed_on"] = current.routed_on
        else:
            fields["routed_on"] = timezone.localdate()
        reason = _assessment_reason(verdict, routed_to)
        if current is None:
            return record_create(
                actor=actor, model=CallAssessment, fields={"call": call, **fields}, reason=reason
            )
        return record_update(
            actor=actor,
            instance=current,
            expected_version=current.version if expected_version is None else expected_version,
            fields=fields,
            reason=reason,
        )


def _assessment_reason(verdict: str, unit: Unit | None) -> str:
    text = "bedömd som relevant" if verdict == Verdict.RELEVANT else "bedömd som inte relevant"
    return f"{text}, skickad till {unit.name}" if unit else text


def application_idea_from_call(
    *,
    actor: Actor,
    call: FundingCall,
    unit: Unit,
    role: str = "lead",
    title: str = "",
    today=None,
) -> FundingApplication:
    """A funding application with status "idea", filled in from the call: its identifier,
    title, programme and next deadline. Through record_create: validated and audited."""
    today = today or timezone.localdate()
    deadline = call.next_deadline(today) or (call.deadline_list[-1] if call.deadlines else None)
    description = "\n".join(
        part
        for part in (
            f"Idé utifrån utlysningen {call.identifier}: {call.title}.",
            f"Utlysning: {call.call_title} ({call.call_identifier})." if call.call_title else "",
            f"I portalen: {call.url}" if call.url else "",
        )
        if part
    )
    fields: dict[str, Any] = {
        "title": (title.strip() or call.title)[:300],
        "description": description,
        "programme": call.programme,
        "other_funder": ""
        if call.programme_id
        else f"EU-program i Funding & Tenders-portalen (id {call.programme_ref or 'okänt'})"[:200],
        "call_identifier": call.identifier[:120],
        "call_title": call.title[:300],
        "deadline": deadline.date if deadline else None,
        "status": lifecycle.IDEA,
        "role": role,
        "unit": unit,
    }
    return record_create(
        actor=actor,
        model=FundingApplication,
        fields=fields,
        reason=f"idé från utlysning {call.identifier}"[:100],
    )


# --- Monitoring items -----------------------------------------------------------------------


def monitoring_item_create(
    *, actor: Actor, fields: dict[str, Any], m2m: dict[str, Iterable[Any]]
) -> MonitoringItem:
    """Create a monitoring item; the units concerned are e-mailed once it is committed."""
    return record_create(actor=actor, model=MonitoringItem, fields=fields, m2m=m2m)


def monitoring_item_update(
    *,
    actor: Actor,
    item: MonitoringItem,
    expected_version: int,
    fields: dict[str, Any],
    m2m: dict[str, Iterable[Any]],
) -> MonitoringItem:
    return record_update(
        actor=actor, instance=item, expected_version=expected_version, fields=fields, m2m=m2m
    )


# --- Calendar feeds -------------------------------------------------------------------------


def calendar_feed_create(*, actor: Actor) -> str:
    """A new secret feed address for the actor in this municipality; any earlier one stops
    working. Returns the token — shown once, only its hash is stored."""
    token = new_secret()
    with transaction.atomic():
        calendar_feed_revoke(actor=actor)
        CalendarFeed.objects.create(
            user=actor.user, municipality=actor.municipality, token_hash=token_hash(token)
        )
    return token


def calendar_feed_use(token: str) -> Actor | None:
    """The actor a feed token stands for, or None: unknown, revoked, or the user no longer
    has a role in that municipality. Records when the feed was last fetched."""
    from utblick.organisation.roles import actor_for

    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user", "municipality")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    try:
        actor = actor_for(feed.user, feed.municipality)
    except PermissionDenied:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return actor


def calendar_feed_revoke(*, actor: Actor) -> int:
    return CalendarFeed.objects.filter(
        user=actor.user, municipality=actor.municipality, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


# --- Regional networks ----------------------------------------------------------------------

SHARING_ROLES = (Role.ADMINISTRATOR, Role.COORDINATOR)


def opportunity_share(
    *,
    actor: Actor,
    network: RegionalNetwork,
    kind: str,
    title: str,
    text: str = "",
    call: FundingCall | None = None,
    contact_email: str = "",
) -> SharedOpportunity:
    """Share a call, a partner search or a project idea with a regional network the
    municipality belongs to. Only what is written here is shared."""
    if actor.role not in SHARING_ROLES:
        raise PermissionDenied("the coordinator shares with the network")
    if not network.members.filter(pk=actor.municipality.pk).exists():
        raise PermissionDenied("not a member of that network")
    if kind not in OpportunityKind.values:
        raise ValidationError({"kind": ["Okänd typ."]})
    if kind == OpportunityKind.CALL and call is None:
        raise ValidationError({"call": ["Välj utlysningen som delas."]})
    opportunity = SharedOpportunity(
        network=network,
        shared_by=actor.municipality,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        call=call,
        contact_email=contact_email.strip(),
        created_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    with transaction.atomic():
        opportunity.full_clean()
        opportunity._history_user = opportunity.created_by
        opportunity._change_reason = f"delad med {network.name}"[:100]
        opportunity.save()
    return opportunity
