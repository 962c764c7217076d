"""Obligations (åtgärder) that the municipality's routines raise, and notifications about them.

An obligation is a concrete thing someone must do by a date about a concrete record, or a
policy conflict that needs a decision. The routines engine creates, completes and lapses
them; people complete them with evidence or waive them with a reason. Never deleted: an
obligation the routine no longer applies to is `lapsed`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import TenantModel
from utblick.core.validation import problem
from utblick.routines.engine import sync
from utblick.routines.engine.findings import CONFLICT, OBLIGATION


class ObligationKind(models.TextChoices):
    OBLIGATION = OBLIGATION, _("Åtgärd")
    CONFLICT = CONFLICT, _("Policykonflikt")


class ObligationStatus(models.TextChoices):
    OPEN = sync.OPEN, _("Öppen")
    DONE = sync.DONE, _("Klar")
    WAIVED = sync.WAIVED, _("Behövs inte (motiverat)")
    LAPSED = sync.LAPSED, _("Upphört – rutinen gäller inte längre")


# Open obligations still in the backlog: about records from before tracking, not reviewed.
IN_BACKLOG = models.Q(status=sync.OPEN, before_tracking=True, reviewed_at__isnull=True)


class ObligationQuerySet(models.QuerySet):
    def current(self) -> models.QuerySet:
        """Today's work: the backlog left out, as the dashboards, the calendar and the
        digest leave it out (pages that only know the model call this where it exists)."""
        return self.exclude(IN_BACKLOG)


class Obligation(TenantModel):
    routine = models.ForeignKey(
        "policy.Routine",
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("rutin"),
    )
    dedupe_key = models.CharField(_("nyckel"), max_length=255)
    series = models.CharField(_("serie"), max_length=255, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=ObligationKind.choices)
    title = models.CharField(_("åtgärd"), max_length=400)
    explanation = models.TextField(_("varför"), blank=True)
    requirement = models.CharField(_("krav"), max_length=20, blank=True)
    evidence_required = models.TextField(_("vad som visar att den är gjord"), blank=True)
    # The record the obligation is about (an application, a membership, a unit …).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    record_label = models.CharField(_("gäller"), max_length=300, blank=True)
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("ansvarig enhet"),
    )
    responsible_person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("ansvarig person"),
    )
    due_on = models.DateField(_("senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObligationStatus.choices, default=sync.OPEN
    )
    waived_reason = models.TextField(_("skäl till att åtgärden inte behövs"), blank=True)
    evidence = models.TextField(_("underlag"), blank=True)
    evidence_matter = models.ForeignKey(
        "registers.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ärende som underlag"),
    )
    late = models.BooleanField(_("gjord för sent"), default=False)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("klarmarkerad av"),
    )
    done_automatically = models.BooleanField(_("klar enligt registren"), default=False)
    # About a record that happened before tracking began: in the backlog until a person has
    # reviewed it once (acknowledged it as today's work, or waived it), never on dashboards.
    before_tracking = models.BooleanField(_("från tiden före uppföljningen"), default=False)
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    review_note = models.TextField(_("skäl vid granskningen"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = ObligationQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "dedupe_key"], name="obligation_dedupe_key_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=sync.WAIVED) | ~models.Q(waived_reason=""),
                name="obligation_waived_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "due_on"], name="obligation_status_due"),
            # Counts of the current list and of the backlog read this index alone: the largest
            # organisation has tens of thousands of obligations from before tracking.
            models.Index(
                fields=["municipality", "status", "before_tracking", "reviewed_at"],
                name="obligation_tracking",
            ),
            models.Index(
                fields=["municipality", "responsible_person", "status"], name="obligation_person"
            ),
            models.Index(fields=["content_type", "object_id"], name="obligation_record"),
            models.Index(fields=["municipality", "routine"], name="obligation_routine"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_conflict(self) -> bool:
        return self.kind == CONFLICT

    @property
    def in_backlog(self) -> bool:
        return self.status == sync.OPEN and self.before_tracking and self.reviewed_at is None

    def clean(self):
        if self.status == sync.WAIVED and not self.waived_reason.strip():
            raise ValidationError({"waived_reason": [problem("waived_reason_required")]})


class Notification(models.Model):
    """An in-app message to a user, optionally e-mailed (obligations created, digests)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("mottagare"),
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommun"),
    )
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("åtgärd"),
    )
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("meddelande"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """How a user wants to hear about new obligations in one municipality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("användare"),
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kommun"),
    )
    daily_digest = models.BooleanField(
        _("daglig sammanfattning"),
        default=False,
        help_text=_("En sammanfattning per dag i stället för ett e-postmeddelande per ny åtgärd."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inställning för notiser")
        verbose_name_plural = _("inställningar för notiser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="notification_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"
