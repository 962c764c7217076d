"""What every page's header and navigation need; no queries (the access decorator fetched it)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Role
from utblick.registry import REGISTERS

ROLE_LABELS = {
    Role.ADMINISTRATOR: _("Administratör"),
    Role.COORDINATOR: _("Samordnare"),
    Role.UNIT_EDITOR: _("Enhetsredaktör"),
    Role.READER: _("Läsare"),
}


# Other apps' sections, linked from the navigation once their URLs exist:
# (label, URL name, only for roles that may change records).
TOOLS = (
    (_("Åtgärder"), "routines:obligation_list", False),
    (_("Uppföljning och rapporter"), "reporting:index", False),
    (_("EU-utlysningar"), "monitoring:overview", False),
    (_("Import från Excel"), "imports:index", True),
)


def _tools(request, actor) -> list[dict]:
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    found = []
    for label, name, writers_only in TOOLS:
        if writers_only and not actor.can_write_anything:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        found.append({"label": label, "url": url, "current": namespace == name.split(":")[0]})
    return found


def _notifications(request, actor) -> dict:
    """The header's bell: the notifications page and the unread count in this municipality,
    which the access decorator joined into its query of the user's roles."""
    try:
        url = reverse("routines:notifications")
    except NoReverseMatch:
        return {"notifications_url": "", "unread_notifications": 0}
    unread = next(
        (
            getattr(assignment, "unread_notifications", 0)
            for assignment in getattr(request, "role_assignments", [])
            if assignment.municipality_id == actor.municipality.pk
        ),
        0,
    )
    return {"notifications_url": url, "unread_notifications": unread}


def _terms(municipality) -> dict[str, str]:
    """What the organisation calls itself and its bodies, in the interface's language."""
    from django.utils import translation

    from utblick.core.words import terminology

    kind = municipality.kind if municipality is not None else "municipality"
    return terminology(kind if translation.get_language() != "en" else f"{kind}_en")


def navigation(request):
    actor = getattr(request, "actor", None)
    municipality = getattr(request, "municipality", None)
    return {
        "terms": _terms(municipality),
        **(_notifications(request, actor) if actor else {}),
        "current_municipality": getattr(request, "municipality", None),
        "actor": actor,
        "role_label": ROLE_LABELS.get(actor.role, actor.role) if actor else "",
        "role_assignments": getattr(request, "role_assignments", []),
        "nav_registers": [r for r in REGISTERS if r.group == "registers"],
        "nav_organisation": [r for r in REGISTERS if r.group == "organisation"],
        "nav_tools": _tools(request, actor) if actor else [],
    }
