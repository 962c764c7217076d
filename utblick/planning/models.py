"""Register 6: activities in each unit's yearly plan that carry the policy out (L3, M4, E3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import PolicyLinked, RegisterRecord
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

    history = HistoricalRecords(m2m_fields=["priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["-year", "unit__name", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "starts_on", "ends_on")
        if self.year and not 2000 <= self.year <= 2100:
            problems.add("year", "plan_year")
        problems.raise_if_any()
