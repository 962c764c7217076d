"""One import of a file: who, which register, which file (by SHA-256), what it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import TenantModel


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Förhandsgranskad, inte bekräftad")
    INVALID = "invalid", _("Fel i filen – inget sparades")
    APPLIED = "applied", _("Inläst")
    FAILED = "failed", _("Avbruten vid bekräftelsen – inget sparades")


class ImportRegisterChoice(models.TextChoices):
    MEMBERSHIPS = "memberships", _("Medlemskap i nätverk")
    PARTNERSHIPS = "partnerships", _("Partnerskap och avtal")
    APPLICATIONS = "applications", _("Ansökningar och projekt")
    VISITS = "visits", _("Besök, resor och evenemang")


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
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    applied_at = models.DateTimeField(_("inläst"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_register_display()}, {self.get_status_display()})"
