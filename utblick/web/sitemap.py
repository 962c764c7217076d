"""One address of every page type, for browser checks (axe-core, screenshots) on the demo data.

`page_types(actor)` lists the pages a signed-in user of that role can open: the dashboard, the
organisation, and for each register its list, its create form (where the role may create) and the
detail, edit and archive pages of its first active record. `PUBLIC_PAGES` need no sign-in.
"""

from django.urls import reverse

from utblick.core.access import Actor, scoped
from utblick.web.registers import WEB_REGISTERS

PUBLIC_PAGES = ("/konto/logga-in/", "/konto/losenord/", "/konto/losenord/skickat/")


def page_types(actor: Actor) -> list[tuple[str, str]]:
    pages = [("dashboard", reverse("web:dashboard")), ("organisation", reverse("web:organisation"))]
    for register in WEB_REGISTERS:
        pages.append((f"{register.key}: list", register.list_url))
        if register.may_create(actor):
            pages.append((f"{register.key}: create", register.create_url))
        first = scoped(register.model, actor).filter(archived_at__isnull=True).order_by("pk")
        record = next((r for r in first[:50] if actor.may_edit(r)), None) or first.first()
        if record is None:
            continue
        pages.append((f"{register.key}: detail", register.detail_url(record.pk)))
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
    return pages
