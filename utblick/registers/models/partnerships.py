"""Register 2: partnerships and agreements (twin towns, partner cities, support initiatives …)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.validation import Problems


class PartnershipKind(models.TextChoices):
    TWIN_TOWN = "twin_town", _("Vänort")
    PARTNER_CITY = "partner_city", _("Partnerstad")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Samarbetsavtal")
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding", _("Samförståndsavtal (MoU)")
    LETTER_OF_INTENT = "letter_of_intent", _("Avsiktsförklaring")
    DECLARATION = "declaration", _("Deklaration eller initiativ")
    SUPPORT_INITIATIVE = "support_initiative", _("Stödinsats")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    ACTIVE = "active", _("Aktiv")
    DORMANT = "dormant", _("Vilande")
    ENDED = "ended", _("Avslutad")


class Partnership(PolicyLinked, RegisterRecord):
    kind = models.CharField(_("typ"), max_length=40, choices=PartnershipKind.choices)
    title = models.CharField(_("benämning"), max_length=200)
    counterpart = models.CharField(_("motpart"), max_length=200)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("land"),
    )
    counterpart_city = models.CharField(_("ort"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus.choices, default="active"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("ansvarig enhet"),
    )
    scope = models.TextField(_("omfattning (verksamheter)"), blank=True)
    stated_benefit = models.TextField(_("nytta för kommunen"), blank=True)
    started_on = models.DateField(_("startdatum"), null=True, blank=True)
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    decision = models.ForeignKey(
        "registers.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_partnerships",
        verbose_name=_("beslut"),
    )
    memberships = models.ManyToManyField(
        "registers.NetworkMembership",
        blank=True,
        related_name="partnerships",
        verbose_name=_("genom nätverk (medlemskap)"),
    )
    legal_ground = models.CharField(_("rättslig grund"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)

    history = LinkedHistory(m2m_fields=["memberships", "priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["kind", "counterpart"]
        indexes = list_indexes("partnership", ("kind", "counterpart"), ("status", "started_on"))
        verbose_name = _("partnerskap eller avtal")
        verbose_name_plural = _("partnerskap och avtal")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:partnerships_detail", args=[self.pk])

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "started_on", "ends_on")
        if self.status == PartnershipStatus.ENDED and not self.ends_on:
            problems.add("ends_on", "ended_needs_date")
        problems.raise_if_any()
