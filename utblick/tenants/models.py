"""A tenant's own identity provider (OpenID Connect) and how its groups give roles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.access import Role
from utblick.organisation.models import Municipality, Unit


class IdentityProvider(models.Model):
    """Sign-in through the organisation's identity provider (Microsoft Entra ID, Okta, …).
    The client secret is kept encrypted (tenants.secrets) and never shown again; the history
    leaves it out."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="identity_provider"
    )
    issuer = models.URLField(
        _("utfärdare (issuer)"),
        max_length=300,
        help_text=_("t.ex. https://login.microsoftonline.com/<tenant-id>/v2.0"),
    )
    client_id = models.CharField(_("klient-id"), max_length=200)
    client_secret_encrypted = models.TextField(editable=False)
    groups_claim = models.CharField(_("anspråk med grupper"), max_length=100, default="groups")
    local_passwords = models.BooleanField(
        _("lokala lösenord tillåtna"),
        default=True,
        help_text=_("Av: organisationens användare loggar bara in via identitetsleverantören."),
    )
    history = HistoricalRecords(excluded_fields=["client_secret_encrypted"])

    class Meta:
        verbose_name = _("identitetsleverantör")
        verbose_name_plural = _("identitetsleverantörer")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.issuer}"


class GroupRole(models.Model):
    """A group in the identity provider gives a role (a unit editor's unit too)."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="group_roles"
    )
    group = models.CharField(_("grupp"), max_length=200)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grupp och roll")
        verbose_name_plural = _("grupper och roller")
        constraints = [
            models.UniqueConstraint(fields=["provider", "group"], name="one_role_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"
