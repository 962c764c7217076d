"""One address of every page type, for browser checks (axe-core, screenshots) on the demo data.

`page_types(actor)` lists the pages a signed-in user of that role can open: the dashboard, the
organisation, and for each register its list, its create form (where the role may create) and the
detail, edit and archive pages of its first active record. `PUBLIC_PAGES` need no sign-in.
"""

from django.urls import NoReverseMatch, reverse

from utblick.core.access import Actor, scoped
from utblick.registry import REGISTERS

PUBLIC_PAGES = ("/konto/logga-in/", "/konto/losenord/", "/konto/losenord/skickat/")

# The other apps' pages that take no arguments (routines, monitoring, follow-up), as a
# coordinator sees them.
APP_PAGES = (
    ("obligations: list", "routines:obligation_list"),
    ("obligations: mine", "routines:obligation_mine"),
    ("obligations: to review", "routines:obligation_backlog"),
    ("notifications", "routines:notifications"),
    ("monitoring: overview", "monitoring:overview"),
    ("calls: list", "monitoring:call_list"),
    ("calls: matching", "monitoring:matches"),
    ("monitoring items: list", "monitoring:item_list"),
    ("monitoring items: create", "monitoring:item_create"),
    ("calendar", "monitoring:calendar"),
    ("search", "monitoring:search"),
    ("regional network", "monitoring:network"),
    ("follow-up: index", "reporting:index"),
    ("follow-up: action plan", "reporting:plan"),
    ("follow-up: goals", "reporting:goals"),
    ("follow-up: unit reports", "reporting:unit_reports"),
    ("follow-up: yearly report", "reporting:yearly"),
)


def page_types(actor: Actor) -> list[tuple[str, str]]:
    pages = [("dashboard", reverse("web:dashboard")), ("organisation", reverse("web:organisation"))]
    for register in REGISTERS:
        pages.append((f"{register.key}: list", register.list_url))
        if register.may_create(actor):
            pages.append((f"{register.key}: create", register.create_url))
        first = scoped(register.model, actor).filter(archived_at__isnull=True).order_by("pk")
        record = next((r for r in first[:50] if actor.may_edit(r)), None) or first.first()
        if record is None:
            continue
        pages.append((f"{register.key}: detail", record.get_absolute_url()))
        if actor.can_write_anything and actor.may_edit(record):
            pages.append(
                (f"{register.key}: edit", reverse(register.url_name("edit"), args=[record.pk]))
            )
            pages.append(
                (
                    f"{register.key}: archive",
                    reverse(register.url_name("archive"), args=[record.pk]),
                )
            )
    if not actor.covers_whole_municipality:
        return pages  # the other apps' pages are checked as a coordinator
    for label, name in APP_PAGES:
        try:
            pages.append((label, reverse(name)))
        except NoReverseMatch:
            continue  # that app is not installed
    return pages
