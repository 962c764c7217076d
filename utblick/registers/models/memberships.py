"""Register 1: network memberships (L2, M2, F4)."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.money import CURRENCIES, SEK, to_sek
from utblick.core.validation import Problems, non_negative


class MembershipScope(models.TextChoices):
    MUNICIPALITY_WIDE = "municipality_wide", _("Hela kommunen (flera nämnders områden)")
    UNIT = "unit", _("En nämnds eller ett bolags område")


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslaget")
    ACTIVE = "active", _("Aktivt")
    ENDED = "ended", _("Avslutat")


class NetworkMembership(PolicyLinked, RegisterRecord):
    organisation = models.CharField(_("organisation eller nätverk"), max_length=200)
    acronym = models.CharField(_("förkortning"), max_length=40, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("säte (land)"),
    )
    purpose = models.TextField(_("syfte och nytta"), blank=True)
    scope = models.CharField(_("omfattning"), max_length=20, choices=MembershipScope.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("ansvarig enhet"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default="active"
    )
    decided_by = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_decisions",
        verbose_name=_("beslutat av"),
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    registry_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    started_on = models.DateField(_("medlem sedan"), null=True, blank=True)
    ended_on = models.DateField(_("avslutat"), null=True, blank=True)
    annual_fee = models.DecimalField(
        _("årsavgift"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
    )
    currency = models.CharField(_("valuta"), max_length=3, choices=CURRENCIES, default=SEK)
    eur_to_sek_rate = models.DecimalField(
        _("växelkurs EUR→SEK"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    representatives = models.ManyToManyField(
        "organisation.Person", blank=True, related_name="memberships", verbose_name=_("företrädare")
    )
    last_reviewed_on = models.DateField(_("senast prövad"), null=True, blank=True)
    next_review_on = models.DateField(_("nästa prövning"), null=True, blank=True)
    review_notes = models.TextField(_("prövning mot målen"), blank=True)

    history = LinkedHistory(
        m2m_fields=["representatives", "priority_areas", "commitments", "goals"]
    )

    class Meta:
        ordering = ["organisation"]
        indexes = list_indexes("membership", ("organisation",), ("status", "started_on"))
        verbose_name = _("medlemskap i nätverk")
        verbose_name_plural = _("medlemskap i nätverk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_fee__isnull=True) | models.Q(annual_fee__gte=0),
                name="membership_fee_non_negative",
            )
        ]

    def __str__(self) -> str:
        return self.organisation

    def get_absolute_url(self) -> str:
        return reverse("web:memberships_detail", args=[self.pk])

    @property
    def annual_fee_sek(self) -> Decimal | None:
        return to_sek(self.annual_fee, self.currency, self.eur_to_sek_rate)

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "started_on", "ended_on")
        problems.dates_in_order(self, "last_reviewed_on", "next_review_on", "review_order")
        problems.currency_rate(self.currency, self.eur_to_sek_rate)
        if self.status == MembershipStatus.ENDED and not self.ended_on:
            problems.add("ended_on", "ended_needs_date")
        if (self.decided_by_id is None) != (self.decided_on is None):
            field = "decided_on" if self.decided_by_id else "decided_by"
            problems.add(field, "decision_body_and_date")
        problems.raise_if_any()
