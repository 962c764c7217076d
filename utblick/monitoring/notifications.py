"""E-mail to the units a new monitoring item concerns: every user whose role names one of them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import RoleAssignment


def recipients_for(item: MonitoringItem, *, exclude_user_id: int | None = None) -> list[str]:
    """E-mail addresses of the users with a role in the item's municipality whose unit is one
    of the units concerned (the acting user excepted), each once, sorted."""
    assignments = (
        RoleAssignment.objects.filter(
            municipality_id=item.municipality_id,
            unit__in=item.units_concerned.all(),
            user__is_active=True,
        )
        .exclude(user__email="")
        .exclude(user_id=exclude_user_id)
        .values_list("user__email", flat=True)
    )
    return sorted(set(assignments))


def notify_units_concerned(*, item_id: int, acting_user_id: int | None = None) -> int:
    """Send one e-mail per recipient (addresses are not shown to each other); the count sent."""
    item = (
        MonitoringItem.objects.select_related("unit", "municipality")
        .prefetch_related("units_concerned")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return 0
    recipients = recipients_for(item, exclude_user_id=acting_user_id)
    context = {
        "item": item,
        "units": list(item.units_concerned.all()),
        "url": settings.SITE_URL.rstrip("/") + reverse("monitoring:item_detail", args=[item.pk]),
    }
    subject = " ".join(render_to_string("monitoring/email/item_added_subject.txt", context).split())
    body = render_to_string("monitoring/email/item_added.txt", context)
    for address in recipients:
        send_mail(subject, body, None, [address])
    return len(recipients)
