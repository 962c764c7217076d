"""Register 3: funding applications and the projects they become (L4, M3, E2)."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.history import LinkedHistory
from utblick.core.messages import labels
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.money import CURRENCIES, SEK, to_sek
from utblick.core.validation import Problems, non_negative
from utblick.registers import lifecycle

ApplicationStatus = models.TextChoices(
    "ApplicationStatus", [(s.upper(), (s, lifecycle.LABELS[s])) for s in lifecycle.STATUSES]
)


class ApplicationRole(models.TextChoices):
    LEAD = "lead", _("Projektägare (lead partner)")
    PARTNER = "partner", _("Partner")


def _amount(label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, validators=[non_negative]
    )


AMOUNT_FIELDS = (
    "total_budget",
    "municipality_budget",
    "requested_grant",
    "granted_amount",
    "co_financing",
)


class FundingApplication(PolicyLinked, RegisterRecord):
    # Rows written with the record, as a whole, by the record's write service (its partners).
    child_rows = ("partners",)

    title = models.CharField(_("titel"), max_length=300)
    acronym = models.CharField(_("akronym"), max_length=40, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    programme = models.ForeignKey(
        "reference.EUProgramme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program och fond"),
    )
    other_funder = models.CharField(
        _("annan finansiär"), max_length=200, blank=True, help_text=_("Om inte ett EU-program.")
    )
    call_identifier = models.CharField(_("utlysning (id)"), max_length=120, blank=True)
    call_title = models.CharField(_("utlysning"), max_length=300, blank=True)
    role = models.CharField(_("roll"), max_length=10, choices=ApplicationRole.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("ägande nämnd eller bolag"),
    )
    contact = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("kontaktperson"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=lifecycle.IDEA
    )
    currency = models.CharField(_("valuta"), max_length=3, choices=CURRENCIES, default=SEK)
    eur_to_sek_rate = models.DecimalField(
        _("växelkurs EUR→SEK"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    total_budget = _amount(_("total budget"))
    municipality_budget = _amount(_("kommunens del av budgeten"))
    requested_grant = _amount(_("sökt bidrag"))
    granted_amount = _amount(_("beviljat bidrag"))
    co_financing = _amount(_("medfinansiering"))
    deadline = models.DateField(_("sista ansökningsdag"), null=True, blank=True)
    submitted_on = models.DateField(_("inskickad"), null=True, blank=True)
    decision_on = models.DateField(_("besked"), null=True, blank=True)
    starts_on = models.DateField(_("projektstart"), null=True, blank=True)
    ends_on = models.DateField(_("projektslut"), null=True, blank=True)
    children_young_participants = models.PositiveIntegerField(
        _("barn och unga som deltar"), default=0
    )
    staff_participants = models.PositiveIntegerField(_("medarbetare som deltar"), default=0)
    elected_participants = models.PositiveIntegerField(_("förtroendevalda som deltar"), default=0)
    results = models.TextField(_("resultat"), blank=True)
    lessons_learned = models.TextField(_("lärdomar"), blank=True)
    operations_handover = models.TextField(
        _("hur resultaten tas in i ordinarie verksamhet"), blank=True
    )
    operations_decision_on = models.DateField(
        _("beslut om implementering i ordinarie verksamhet"), null=True, blank=True
    )
    memberships = models.ManyToManyField(
        "registers.NetworkMembership",
        blank=True,
        related_name="applications",
        verbose_name=_("genom nätverk"),
    )

    history = LinkedHistory(m2m_fields=["memberships", "priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["-created_at"]
        # The deadline: the calendar reads a month of them.
        indexes = list_indexes("application", ("-created_at",), ("status", "programme", "deadline"))
        verbose_name = _("ansökan eller projekt")
        verbose_name_plural = _("ansökningar och projekt")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_budget__isnull=True) | models.Q(total_budget__gte=0),
                name="application_budget_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(granted_amount__isnull=True) | models.Q(granted_amount__gte=0),
                name="application_grant_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.title

    def get_absolute_url(self) -> str:
        return reverse("web:applications_detail", args=[self.pk])

    def amount_sek(self, field: str) -> Decimal | None:
        return to_sek(getattr(self, field), self.currency, self.eur_to_sek_rate)

    @property
    def total_budget_sek(self) -> Decimal | None:
        return self.amount_sek("total_budget")

    @property
    def granted_amount_sek(self) -> Decimal | None:
        return self.amount_sek("granted_amount")

    @property
    def requested_grant_sek(self) -> Decimal | None:
        return self.amount_sek("requested_grant")

    def clean(self):
        problems = Problems()
        if not self.programme_id and not self.other_funder.strip():
            problems.add("programme", "programme_or_funder")
        problems.currency_rate(self.currency, self.eur_to_sek_rate)
        problems.dates_in_order(self, "starts_on", "ends_on")
        problems.dates_in_order(self, "submitted_on", "decision_on", "decision_before_submission")
        for part in ("municipality_budget", "requested_grant", "granted_amount", "co_financing"):
            problems.not_above(self, part, "total_budget", "above_total_budget")
        if self.status in lifecycle.SUBMITTED_OR_LATER:
            problems.required(self, "submitted_on", "submitted_needs_date")
        if self.status in lifecycle.GRANTED_STATUSES:
            problems.required(self, "granted_amount", "granted_needs_amount")
        if self.status in (lifecycle.RUNNING, lifecycle.CLOSED):
            problems.required(self, "starts_on", "running_needs_start")
        if self.status == lifecycle.CLOSED:
            problems.required(self, "ends_on", "closed_needs_end")
        problems.raise_if_any()

    def validate_change(self, previous: "FundingApplication | None") -> None:
        """A change of status moves only along the lifecycle.

        A new record may start at any status: work registered after the fact (an Excel
        import of last year's projects) arrives where it already is.
        """
        if previous is None:
            return
        found = lifecycle.transition_problem(previous.status, self.status)
        if found:
            code, params = found
            problems = Problems()
            problems.add(
                "status",
                code,
                current=_(params["current"]),
                target=_(params["target"]),
                allowed=labels(params["allowed"]),
            )
            problems.raise_if_any()


class ProjectPartner(models.Model):
    """A partner organisation in an application or project, with its country."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("organisation"), max_length=200)
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("land")
    )
    city = models.CharField(_("ort"), max_length=100, blank=True)
    is_local_authority = models.BooleanField(_("kommun eller region"), default=False)
    is_lead = models.BooleanField(_("projektägare"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "name"]
        verbose_name = _("projektpartner")
        verbose_name_plural = _("projektpartner")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"
