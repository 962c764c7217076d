"""Register 4: visits, trips and events (L5, M2, F4)."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.validation import Problems, non_negative
from utblick.registers.models.choices import Body


class VisitDirection(models.TextChoices):
    INCOMING = "incoming", _("Inkommande besök")
    OUTGOING = "outgoing", _("Utgående resa")


class VisitKind(models.TextChoices):
    OFFICIAL = "official", _("Officiellt besök")
    PROTOCOL = "protocol", _("Protokollärt besök")
    STUDY = "study", _("Studiebesök")
    DELEGATION = "delegation", _("Delegation")
    CONFERENCE_HOSTED = "conference_hosted", _("Konferens eller möte i kommunen")
    CONFERENCE_ATTENDED = "conference_attended", _("Konferens eller möte (deltagande)")
    OTHER = "other", _("Annat")


class Visit(PolicyLinked, RegisterRecord):
    # Rows written with the record, as a whole, by the record's write service (its cost items).
    child_rows = ("cost_items",)

    title = models.CharField(_("benämning"), max_length=300)
    direction = models.CharField(_("riktning"), max_length=10, choices=VisitDirection.choices)
    kind = models.CharField(_("typ"), max_length=30, choices=VisitKind.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("ansvarig enhet"),
    )
    counterpart = models.CharField(_("besökare eller värd"), max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("land")
    )
    city = models.CharField(_("ort"), max_length=100, blank=True)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    outcome = models.TextField(_("resultat"), blank=True)
    represented_by = models.CharField(
        _("kommunen företräds av"), max_length=20, choices=Body.choices, blank=True
    )
    announced_on = models.DateField(
        _("aviserat till politiker och tjänstepersoner"), null=True, blank=True
    )
    partnership = models.ForeignKey(
        "registers.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("partnerskap (t.ex. vänort)"),
    )
    application = models.ForeignKey(
        "registers.FundingApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("projekt"),
    )
    elected_participants = models.PositiveIntegerField(_("förtroendevalda"), default=0)
    staff_participants = models.PositiveIntegerField(_("tjänstepersoner"), default=0)
    children_young_participants = models.PositiveIntegerField(_("barn och unga"), default=0)
    other_participants = models.PositiveIntegerField(_("övriga deltagare"), default=0)
    cost_sek = models.DecimalField(
        _("kostnad (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
    )

    history = LinkedHistory(m2m_fields=["priority_areas", "commitments", "goals"])

    class Meta:
        ordering = ["-starts_on"]
        indexes = list_indexes("visit", ("-starts_on",), ())
        verbose_name = _("besök, resa eller evenemang")
        verbose_name_plural = _("besök, resor och evenemang")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_sek__isnull=True) | models.Q(cost_sek__gte=Decimal("0")),
                name="visit_cost_non_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:visits_detail", args=[self.pk])

    @property
    def participants_total(self) -> int:
        return (
            self.elected_participants
            + self.staff_participants
            + self.children_young_participants
            + self.other_participants
        )

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "starts_on", "ends_on")
        problems.raise_if_any()


class CostCategory(models.TextChoices):
    TRAVEL = "travel", _("Resa till och från orten")
    ACCOMMODATION = "accommodation", _("Logi")
    MEALS = "meals", _("Måltider")
    LOCAL_TRANSPORT = "local_transport", _("Resor på orten")
    INTERPRETER = "interpreter", _("Tolk")
    PROGRAMME = "programme", _("Program och aktiviteter")
    OTHER = "other", _("Övrigt")


class CostPayer(models.TextChoices):
    GUEST = "guest", _("Gästerna")
    HOST = "host", _("Värden")
    HOST_COUNTRY = "host_country", _("Värdlandet")
    SHARED = "shared", _("Delas")
    OTHER_AGREED = "other_agreed", _("Annat enligt överenskommelse")


class VisitCostItem(models.Model):
    """One cost of a visit and who pays it (guest, host, host country), so that the cost
    sharing a steering document lays down can be checked."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="cost_items")
    category = models.CharField(_("kostnad"), max_length=20, choices=CostCategory.choices)
    paid_by = models.CharField(_("betalas av"), max_length=20, choices=CostPayer.choices)
    amount_sek = models.DecimalField(
        _("belopp (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
    )
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit", "category", "id"]
        verbose_name = _("kostnadspost")
        verbose_name_plural = _("kostnadsposter")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.get_paid_by_display()}"
