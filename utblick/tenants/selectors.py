"""Reading the installation's tenants: what each has set up and when it was last used."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from utblick.core.access import Actor, scoped
from utblick.organisation.models import ContactPerson, Municipality, Unit, UnitKind
from utblick.policy.models import ProfileVersion
from utblick.registers.models import FundingApplication, NetworkMembership, Partnership, Visit
from utblick.tenants.models import IdentityProvider


def tenants_overview():
    """Every tenant with its current profile, its number of users and its last activity
    (the latest sign-in of one of its users or loading of its profile). One query."""
    current = ProfileVersion.objects.filter(municipality=OuterRef("pk"), is_current=True)
    return (
        Municipality.objects.filter(is_tenant=True)
        .annotate(
            user_count=Count("role_assignments", distinct=True),
            last_sign_in=Max("role_assignments__user__last_login"),
            profile_number=Subquery(current.values("number")[:1]),
            profile_title=Subquery(current.values("title")[:1]),
            profile_loaded_at=Subquery(current.values("loaded_at")[:1]),
        )
        .order_by("kind", "name")
    )


def last_activity(tenant):
    moments = [m for m in (tenant.last_sign_in, tenant.profile_loaded_at) if m is not None]
    return max(moments) if moments else None


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str | Promise
    detail: str | Promise
    next_step: str | Promise
    url: str


def first_week_checklist(actor: Actor) -> list[ChecklistItem]:
    """What a new tenant has still to set up, each with its next step; an item goes once it
    is done, the list once all are. Only for tenants set up with `tenant create`, and only
    for those who can do the steps (administrators and coordinators)."""
    municipality = actor.municipality
    if municipality.tenant_since is None or not actor.covers_whole_municipality:
        return []
    items = []
    if not scoped(ProfileVersion, actor).exists():
        items.append(
            ChecklistItem(
                "profile",
                _("Inget styrdokument inläst"),
                _("Utan policyprofil blir det inga åtgärder att följa upp."),
                _("Skriv profilen eller ta fram ett utkast ur styrdokumentet"),
                reverse("routines:policy_preview") if actor.is_administrator else "",
            )
        )
    committees, lacking = _committees_without_contact_person(actor)
    if not committees:
        items.append(
            ChecklistItem(
                "organisation",
                _("Inga nämnder registrerade"),
                _("Nämnderna, förvaltningarna, personerna och kontaktpersonerna saknas."),
                _("Läs in organisationen från en Excel-fil"),
                reverse("imports:index"),
            )
        )
    elif lacking:
        items.append(
            ChecklistItem(
                "contact_people",
                ngettext(
                    "%(count)d nämnd saknar kontaktperson",
                    "%(count)d nämnder saknar kontaktperson",
                    len(lacking),
                )
                % {"count": len(lacking)},
                ", ".join(lacking[:5]) + (" …" if len(lacking) > 5 else ""),
                _("Läs in organisationen från Excel eller lägg till kontaktpersoner"),
                reverse("imports:index"),
            )
        )
    empty = [
        str(model._meta.verbose_name_plural)
        for model in (NetworkMembership, Partnership, FundingApplication, Visit)
        if not scoped(model, actor).exists()
    ]
    if len(empty) == 4:
        items.append(
            ChecklistItem(
                "registers",
                _("Registren är tomma"),
                ", ".join(empty),
                _("Importera medlemskap, partnerskap, ansökningar och besök från Excel"),
                reverse("imports:index"),
            )
        )
    if not IdentityProvider.objects.filter(municipality=municipality).exists():
        items.append(
            ChecklistItem(
                "identity_provider",
                _("Ingen identitetsleverantör kopplad"),
                _("Alla loggar in med lokala lösenord."),
                _("Koppla organisationens inloggning (t.ex. Microsoft Entra ID)"),
                reverse("signin:settings") if actor.is_administrator else "",
            )
        )
    return items


def _committees_without_contact_person(actor: Actor) -> tuple[int, list[str]]:
    """How many committees there are, and the names of those without a contact person."""
    appointed = set(
        scoped(ContactPerson, actor)
        .filter(archived_at__isnull=True, ended_on__isnull=True)
        .values_list("unit_id", flat=True)
    )
    committees = (
        scoped(Unit, actor)
        .filter(kind=UnitKind.COMMITTEE, archived_at__isnull=True)
        .order_by("name")
        .values_list("pk", "name")
    )
    rows = list(committees)
    return len(rows), [name for pk, name in rows if pk not in appointed]


def organisations_with_identity_provider() -> list[Municipality]:
    return list(
        Municipality.objects.filter(is_tenant=True, identity_provider__isnull=False).order_by(
            "name"
        )
    )


def identity_provider(municipality: Municipality) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(municipality=municipality).first()
