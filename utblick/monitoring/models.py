"""Register 5: monitoring items — EU legislation, consultations, funding calls, trends (L1, M1, F5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import PolicyLinked, RegisterRecord


class MonitoringKind(models.TextChoices):
    LEGISLATION = "legislation", _("EU-lagstiftning")
    CONSULTATION = "consultation", _("Remiss eller samråd")
    FUNDING_CALL = "funding_call", _("Utlysning")
    TREND = "trend", _("Trend eller omvärldsfråga")


class Impact(models.TextChoices):
    UNKNOWN = "unknown", _("Ej bedömd")
    LOW = "low", _("Låg")
    MEDIUM = "medium", _("Medel")
    HIGH = "high", _("Hög")


class MonitoringStatus(models.TextChoices):
    NEW = "new", _("Ny")
    ASSESSING = "assessing", _("Bedöms")
    RESPONDING = "responding", _("Svar eller åtgärd pågår")
    CLOSED = "closed", _("Avslutad")


class MonitoringItem(PolicyLinked, RegisterRecord):
    kind = models.CharField(_("typ"), max_length=20, choices=MonitoringKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    reference = models.CharField(_("referens (t.ex. COM-nummer)"), max_length=100, blank=True)
    source_url = models.URLField(_("källa"), max_length=500, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="monitoring_items",
        verbose_name=_("ansvarig enhet"),
    )
    units_concerned = models.ManyToManyField(
        "organisation.Unit",
        blank=True,
        related_name="monitoring_concerns",
        verbose_name=_("berörda enheter"),
    )
    assessed_impact = models.CharField(
        _("bedömd påverkan"), max_length=10, choices=Impact.choices, default="unknown"
    )
    impact_assessment = models.TextField(_("bedömning"), blank=True)
    response = models.TextField(_("svar eller åtgärd"), blank=True)
    due_on = models.DateField(_("svar senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MonitoringStatus.choices, default="new"
    )

    history = HistoricalRecords(
        m2m_fields=["units_concerned", "priority_areas", "commitments", "goals"]
    )

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("bevakningsärende")
        verbose_name_plural = _("omvärldsbevakning")

    def __str__(self) -> str:
        return self.title
