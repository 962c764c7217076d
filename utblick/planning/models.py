"""Register 6 and its follow-up: activities in each unit's yearly plan that carry the policy out
(L3, M4, E3), manual indicator values (E2) and the units' period reports (L3, M4, F5)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.validation import Problems


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    POSTPONED = "postponed", _("Uppskjuten")
    CANCELLED = "cancelled", _("Inställd")


class Activity(PolicyLinked, RegisterRecord):
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("enhet"),
    )
    year = models.PositiveIntegerField(_("planår"))
    owner = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("ansvarig"),
    )
    starts_on = models.DateField(_("från"), null=True, blank=True)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default="planned"
    )
    staff_participants = models.PositiveIntegerField(_("medarbetare som deltar"), default=0)
    children_young_participants = models.PositiveIntegerField(_("barn och unga"), default=0)
    outcome = models.TextField(_("utfall"), blank=True)

    history = LinkedHistory(m2m_fields=["priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["-year", "unit__name", "title"]
        indexes = list_indexes("activity", ("-year",), ("status",))
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:activities_detail", args=[self.pk])

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "starts_on", "ends_on")
        if self.year and not 2000 <= self.year <= 2100:
            problems.add("year", "plan_year")
        problems.raise_if_any()


# --- Follow-up: manual indicator values and the units' period reports (L3, M4, E2, F5) -----


class IndicatorValue(RegisterRecord):
    """A value of a manual indicator for a year (`period` "year") or one reporting period.

    Entered by the executive office; changed only through versioned writes, so every earlier
    value stays in the history with who entered it and when.
    """

    unit_editors_may_edit = False

    indicator = models.ForeignKey(
        "policy.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indikator"),
    )
    year = models.PositiveIntegerField(_("år"))
    period = models.CharField(
        _("period"),
        max_length=80,
        default="year",
        help_text=_("”year” för helår, annars rapporteringskalenderns nyckel (t1, t2 …)."),
    )
    value = models.DecimalField(_("värde"), max_digits=16, decimal_places=2)
    comment = models.TextField(_("kommentar"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("inmatat av"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-year", "period"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="indicator_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year} {self.period})"

    def clean(self):
        problems = Problems()
        if self.year and not 2000 <= self.year <= 2100:
            problems.add("year", "plan_year")
        problems.raise_if_any()


class UnitReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inlämnad")
    RETURNED = "returned", _("Återsänd för komplettering")
    APPROVED = "approved", _("Godkänd")


class UnitReport(RegisterRecord):
    """A unit's report for one period of the reporting calendar (tertial, annual, yearly).

    The unit writes a narrative per priority area beside figures pre-filled from its records
    of the period; the executive office returns it with a comment or approves it. Approved
    reports are locked; a coordinator may reopen one, with a reason that is kept.
    """

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="period_reports",
        verbose_name=_("enhet"),
    )
    year = models.PositiveIntegerField(_("år"))
    period = models.CharField(_("rapporteringstillfälle"), max_length=80)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=UnitReportStatus.choices,
        default=UnitReportStatus.DRAFT,
    )
    # {priority area key: text, "other": text}: the history keeps every earlier wording.
    narratives = models.JSONField(_("redovisning per prioriterat område"), default=dict, blank=True)
    figures = models.JSONField(_("siffror ur registren"), default=dict, blank=True)
    figures_computed_at = models.DateTimeField(_("siffrorna hämtade"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inlämnad av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänd eller återsänd av"),
    )
    return_comment = models.TextField(_("kommentar vid återsändning"), blank=True)
    reopened_at = models.DateTimeField(_("återöppnad"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återöppnad av"),
    )
    reopen_reason = models.TextField(_("skäl till återöppning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "period", "unit__name"]
        verbose_name = _("verksamhetsrapport")
        verbose_name_plural = _("verksamhetsrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "unit", "year", "period"], name="unit_report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:unit_report", args=[self.year, self.period, self.unit_id])

    @property
    def is_locked(self) -> bool:
        return self.status in (UnitReportStatus.SUBMITTED, UnitReportStatus.APPROVED)

    @property
    def is_editable(self) -> bool:
        return self.status in (UnitReportStatus.DRAFT, UnitReportStatus.RETURNED)

    def clean(self):
        problems = Problems()
        if self.year and not 2000 <= self.year <= 2100:
            problems.add("year", "plan_year")
        problems.raise_if_any()
