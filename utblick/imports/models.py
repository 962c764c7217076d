"""One import of a file: who, which register, which file (by SHA-256), what it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import TenantModel


class ImportStatus(models.TextChoices):
    PREVIEWING = "previewing", _("Förhandsgranskas")
    PREVIEWED = "previewed", _("Förhandsgranskad, inte bekräftad")
    APPLYING = "applying", _("Läses in")
    INVALID = "invalid", _("Fel i filen – inget sparades")
    APPLIED = "applied", _("Inläst")
    FAILED = "failed", _("Avbruten vid bekräftelsen – inget sparades")


class ImportRegisterChoice(models.TextChoices):
    MEMBERSHIPS = "memberships", _("Medlemskap i nätverk")
    PARTNERSHIPS = "partnerships", _("Partnerskap och avtal")
    APPLICATIONS = "applications", _("Ansökningar och projekt")
    VISITS = "visits", _("Besök, resor och evenemang")
    ACTIVITIES = "activities", _("Aktiviteter")
    MATTERS = "matters", _("Ärenden och beslut")
    MONITORING_ITEMS = "monitoring-items", _("Bevakning")
    GRANTS = "grants", _("Ansökningar ur egen fond")
    ORGANISATION = "organisation", _("Organisationen (enheter, personer, kontaktpersoner)")


class ImportRun(TenantModel):
    register = models.CharField(_("register"), max_length=20, choices=ImportRegisterChoice.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Names the uploaded file kept on the server between preview and confirmation.
    token = models.CharField(max_length=64, unique=True, editable=False)
    # Fingerprint of the previewed plan: the confirmation must do exactly this.
    plan_digest = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    row_count = models.PositiveIntegerField(_("rader"), default=0)
    created_count = models.PositiveIntegerField(_("skapade"), default=0)
    updated_count = models.PositiveIntegerField(_("uppdaterade"), default=0)
    unchanged_count = models.PositiveIntegerField(_("oförändrade"), default=0)
    error_count = models.PositiveIntegerField(_("fel"), default=0)
    # The records an applied import created and changed, for the result page's links.
    created_ids = models.JSONField(_("skapade poster"), default=list, blank=True, editable=False)
    updated_ids = models.JSONField(_("ändrade poster"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    applied_at = models.DateTimeField(_("inläst"), null=True, blank=True)
    # The background work (core.runs): which step runs, how far it has come, the worker's
    # heartbeat, and why it failed if its worker died or it ran too long.
    phase = models.CharField(_("steg"), max_length=10, default="preview", editable=False)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    step = models.CharField(_("vad som görs"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    attempt = models.PositiveSmallIntegerField(_("försök"), default=1)
    history = HistoricalRecords(excluded_fields=["progress", "step", "heartbeat_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.PREVIEWING, ImportStatus.APPLYING)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_register_display()}, {self.get_status_display()})"
