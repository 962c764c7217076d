"""The compiled yearly report: its generation runs and the year's published (approved) edition."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import RegisterRecord, TenantModel


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (XLSX)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ReportRun(TenantModel):
    """One generation of the compiled report in one format, by the background worker.

    `progress` (0–100) and `step` are written as the run goes, so the page can show them;
    `file_name` (under settings.REPORT_DIR) is set only once the file is complete.
    `public_data` is the report's public edition (no obligations, no unit narratives,
    no internal notes), shown on the public page once the year's report is published.
    """

    year = models.PositiveIntegerField(_("år"))
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    step = models.CharField(_("steg"), max_length=200, blank=True)
    file_name = models.CharField(_("fil"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("storlek (byte)"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    task_id = models.CharField(_("bakgrundsjobb"), max_length=64, blank=True)
    # The worker's heartbeat and which attempt this is (core.runs): a run whose worker died is
    # failed with a reason and can be run again.
    heartbeat_at = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("försök"), default=1)
    public_data = models.JSONField(_("offentlig version"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapportkörning")
        verbose_name_plural = _("rapportkörningar")
        indexes = [
            models.Index(fields=["municipality", "year", "-created_at"], name="report_run_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.format}, {self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class PublishedReport(RegisterRecord):
    """The year's compiled report, approved by the executive office and published.

    One per municipality and year; publishing another run updates it (the history keeps
    which run was published when and by whom). Withdrawing is archiving, with a reason.
    """

    unit_editors_may_edit = False

    year = models.PositiveIntegerField(_("år"))
    run = models.ForeignKey(
        ReportRun,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("rapportkörning"),
    )
    published_at = models.DateTimeField(_("publicerad"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    decision_reference = models.CharField(
        _("beslut (paragraf eller diarienummer)"), max_length=120, blank=True
    )
    # The recorded decision that approved the report: the public page names its body.
    decision = models.ForeignKey(
        "registers.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslut"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("publicerad årsrapport")
        verbose_name_plural = _("publicerade årsrapporter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="published_report_year")
        ]

    def __str__(self) -> str:
        return f"Årsrapport {self.year}"
