"""Reading the installation's tenants: what each has set up and when it was last used."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Subquery

from utblick.organisation.models import Municipality
from utblick.policy.models import ProfileVersion


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
