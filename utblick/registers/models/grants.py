"""The organisation's own fund for international work: applications for grants from it.

A steering document may set up a fund (vänortsmedel, internationella medel för skolan …):
who may apply, the criteria, a yearly budget, an application deadline and the body that
allocates it. The scheme itself is part of the policy profile ([[grant_schemes]]); the
applications are this register.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.validation import Problems, non_negative


class GrantStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inkommen")
    GRANTED = "granted", _("Beviljad")
    REJECTED = "rejected", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återtagen")
    REPORTED = "reported", _("Återrapporterad")


class ApplicantKind(models.TextChoices):
    UNIT = "unit", _("Förvaltning eller nämnd")
    ASSOCIATION = "association", _("Förening")
    SCHOOL = "school", _("Skola")
    COMPANY = "company", _("Företag")
    INDIVIDUAL = "individual", _("Privatperson")


def _amount(label):
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, null=True, blank=True, validators=[non_negative]
    )


class GrantApplication(PolicyLinked, RegisterRecord):
    scheme_key = models.SlugField(_("fond"), max_length=80)
    title = models.CharField(_("benämning"), max_length=300)
    applicant_kind = models.CharField(
        _("sökandens typ"), max_length=20, choices=ApplicantKind.choices
    )
    applicant = models.CharField(_("sökande"), max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("handläggande enhet"),
    )
    year = models.PositiveSmallIntegerField(_("år som ansökan avser"))
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.DRAFT
    )
    purpose = models.TextField(_("syfte"), blank=True)
    amount_applied = _amount(_("sökt belopp (kr)"))
    amount_granted = _amount(_("beviljat belopp (kr)"))
    submitted_on = models.DateField(_("inkommen"), null=True, blank=True)
    decided_on = models.DateField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_decisions",
        verbose_name=_("beslutat av"),
    )
    # The scheme's criteria as a checklist, kept with their wording: criterion → met or not.
    criteria = models.JSONField(_("kriterier"), default=dict, blank=True)
    # Kept with the checklist so that routines can filter on it in the database.
    criteria_unmet_count = models.PositiveSmallIntegerField(
        _("kriterier som inte är uppfyllda"), default=0, editable=False
    )
    report = models.TextField(_("återrapport"), blank=True)
    reported_on = models.DateField(_("återrapporterad"), null=True, blank=True)
    history = LinkedHistory(m2m_fields=["priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["-year", "-submitted_on", "title"]
        indexes = list_indexes(
            "grant", ("-year", "-submitted_on", "title"), ("status", "submitted_on")
        )
        verbose_name = _("ansökan ur egen fond")
        verbose_name_plural = _("ansökningar ur egen fond")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(amount_granted__gte=0),
                name="grant_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:grants_detail", args=[self.pk])

    def criteria_lines(self) -> list[str]:
        """The checklist as it was answered: "Uppfyllt: …" / "Inte uppfyllt: …"."""
        return [
            f"{'Uppfyllt' if met else 'Inte uppfyllt'}: {criterion}"
            for criterion, met in (self.criteria or {}).items()
        ]

    def save(self, *args, **kwargs):
        self.criteria_unmet_count = sum(1 for met in (self.criteria or {}).values() if not met)
        super().save(*args, **kwargs)

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "submitted_on", "decided_on", "decision_before_submission")
        problems.not_above(self, "amount_granted", "amount_applied", "above_applied")
        if self.status in (GrantStatus.GRANTED, GrantStatus.REPORTED):
            problems.required(self, "amount_granted", "granted_needs_amount")
            problems.required(self, "decided_on", "decided_needs_date")
        if self.status == GrantStatus.REPORTED:
            problems.required(self, "reported_on", "reported_needs_date")
        problems.raise_if_any()
