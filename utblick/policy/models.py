"""A municipality's policy profile as records: versions of the steering document and what it names.

Entities are keyed per municipality (`key` from the profile) and updated in place when a new
profile version is loaded, so links from the registers survive; what a new version drops is
retired, not deleted, and every change is in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.models import TenantModel


class ProfileVersion(TenantModel):
    """One loaded version of a municipality's profile: the steering document's metadata and source."""

    number = models.PositiveIntegerField(_("versionsnummer"))
    is_current = models.BooleanField(_("gällande"), default=False)
    source = models.TextField(_("profilens text (TOML)"))
    source_name = models.CharField(_("filnamn"), max_length=200)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("inläst"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why this version was loaded (a new decision, a correction, a restored earlier version).
    reason = models.CharField(_("varför"), max_length=300, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("dokumenttyp"), max_length=20)
    status = models.CharField(_("status"), max_length=20)
    adopted_by = models.CharField(_("antaget av"), max_length=30, blank=True)
    adopted_on = models.DateField(_("antaget"), null=True, blank=True)
    adopted_paragraph = models.CharField(_("paragraf"), max_length=30, blank=True)
    valid_from = models.DateField(_("giltigt från"), null=True, blank=True)
    valid_to = models.DateField(_("giltigt till"), null=True, blank=True)
    registry_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    owner = models.CharField(_("dokumentansvarig"), max_length=200, blank=True)
    addressed_to = models.CharField(_("adresserat till"), max_length=300, blank=True)
    review_date = models.DateField(_("tidpunkt för aktualitetsprövning"), null=True, blank=True)
    review_interval = models.CharField(_("uppföljning"), max_length=100, blank=True)
    keywords = models.JSONField(_("sökord"), default=list, blank=True)
    replaces = models.JSONField(_("ersätter"), default=list, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)

    class Meta:
        ordering = ["municipality", "-number"]
        verbose_name = _("profilversion")
        verbose_name_plural = _("profilversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="profile_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_current=True),
                name="one_current_profile_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class KeyedPolicyEntity(TenantModel):
    key = models.SlugField(_("nyckel"), max_length=80)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    retired_at = models.DateTimeField(_("utgått"), null=True, blank=True)

    class Meta:
        abstract = True


class SteeringDocument(KeyedPolicyEntity):
    """One steering document of the organisation (a policy, its guidelines, an action plan),
    as the current profile version describes it. An organisation may have several, each
    with its own validity, review and routines."""

    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("dokumenttyp"), max_length=20)
    status = models.CharField(_("status"), max_length=20)
    adopted_by = models.CharField(_("antaget av"), max_length=80, blank=True)
    adopted_on = models.DateField(_("antaget"), null=True, blank=True)
    adopted_paragraph = models.CharField(_("paragraf"), max_length=30, blank=True)
    valid_from = models.DateField(_("giltigt från"), null=True, blank=True)
    valid_to = models.DateField(_("giltigt till"), null=True, blank=True)
    registry_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    owner = models.CharField(_("dokumentansvarig"), max_length=200, blank=True)
    addressed_to = models.CharField(_("adresserat till"), max_length=300, blank=True)
    review_date = models.DateField(_("tidpunkt för aktualitetsprövning"), null=True, blank=True)
    review_interval = models.CharField(_("uppföljning"), max_length=100, blank=True)
    keywords = models.JSONField(_("sökord"), default=list, blank=True)
    replaces = models.JSONField(_("ersätter"), default=list, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    # Adoption conditional on another document of the profile (the guidelines on the policy).
    conditional_on = models.SlugField(_("förutsätter"), max_length=80, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("styrdokument")
        verbose_name_plural = _("styrdokument")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="steering_document_key")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def archived_at(self):
        """Documents are retired, not archived: the routines' loader treats both alike."""
        return self.retired_at


class GrantScheme(KeyedPolicyEntity):
    """The organisation's own fund for international work, as the profile sets it up."""

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    eligible = models.JSONField(_("får söka"), default=list, blank=True)
    criteria = models.JSONField(_("kriterier"), default=list, blank=True)
    yearly_budget_sek = models.DecimalField(
        _("årlig budget (kr)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    deadline = models.CharField(_("sista ansökningsdag (MM-DD)"), max_length=5, blank=True)
    deadline_for_next_year = models.BooleanField(_("ansökan avser nästa år"), default=False)
    allocated_by = models.CharField(_("beslutande organ"), max_length=80, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("egen fond")
        verbose_name_plural = _("egna fonder")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="grant_scheme_key")
        ]

    def __str__(self) -> str:
        return self.name


class CostShare(KeyedPolicyEntity):
    """Who pays a kind of cost at a visit, as the steering document lays down (the key is
    the cost category: travel, accommodation, meals …)."""

    paid_by = models.CharField(_("betalas av"), max_length=20)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("kostnadsfördelning")
        verbose_name_plural = _("kostnadsfördelning vid besök")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="cost_share_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.paid_by}"


class PriorityArea(KeyedPolicyEntity):
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    tags = models.JSONField(_("taggar"), default=list, blank=True)
    # Ordered priorities: 1 first ("först EU-frågor som påverkar den lokala nivån").
    rank = models.PositiveSmallIntegerField(_("prioritetsordning"), null=True, blank=True)
    # Words that rule a subject out for this area (matching leaves such calls out).
    exclude_terms = models.JSONField(_("uteslutande ord"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("prioriterat område")
        verbose_name_plural = _("prioriterade områden")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="priority_area_key")
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(KeyedPolicyEntity):
    priority_area = models.ForeignKey(
        PriorityArea, on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("åtagande"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority_area__order", "order"]
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="commitment_key")
        ]

    def __str__(self) -> str:
        return self.text


class Goal(KeyedPolicyEntity):
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    priority_area = models.ForeignKey(
        PriorityArea, on_delete=models.PROTECT, null=True, blank=True, related_name="goals"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="goal_key")]

    def __str__(self) -> str:
        return self.name


class Indicator(KeyedPolicyEntity):
    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manuell")
        DERIVED = "derived", _("Beräknad ur registren")

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators")
    name = models.CharField(_("namn"), max_length=300)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    metric = models.CharField(_("mått"), max_length=60, blank=True)
    unit = models.CharField(_("enhet"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("utgångsvärde"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(_("utgångsår"), null=True, blank=True)
    target = models.DecimalField(
        _("målvärde"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveIntegerField(_("målår"), null=True, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, default="increase")
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal__order", "order"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="indicator_key")
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(KeyedPolicyEntity):
    body = models.CharField(_("organ"), max_length=30)
    duties = models.JSONField(_("ansvar"), default=list, blank=True)
    decides = models.JSONField(_("beslutar om"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("ansvarsfördelning")
        verbose_name_plural = _("ansvarsfördelning")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="responsibility_key")
        ]

    def __str__(self) -> str:
        return self.body


class ReportingPeriod(KeyedPolicyEntity):
    """An entry in the reporting calendar (T1, T2, annual, yearly)."""

    name = models.CharField(_("namn"), max_length=200)
    period_start = models.CharField(_("periodens början (MM-DD)"), max_length=5)
    period_end = models.CharField(_("periodens slut (MM-DD)"), max_length=5)
    due = models.CharField(_("senast (MM-DD)"), max_length=5)
    reporters = models.JSONField(_("rapporterar"), default=list, blank=True)
    recipient = models.CharField(_("mottagare"), max_length=30)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("rapporteringstillfälle")
        verbose_name_plural = _("rapporteringskalender")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="reporting_period_key")
        ]

    def __str__(self) -> str:
        return self.name


class Routine(KeyedPolicyEntity):
    """A routine of the steering document: one or more checks, each a rule family with its
    conditions and parameters (see utblick.policy.families).

    The checks are evaluated from the current profile version's text, the one source of
    truth; `checks` keeps them here (as JSON) to show and to compare between versions.
    """

    document_key = models.SlugField(_("styrdokument"), max_length=80, blank=True)
    requirement = models.CharField(_("krav"), max_length=20, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    families = models.CharField(_("regelfamiljer"), max_length=200, blank=True)
    registers = models.CharField(_("register"), max_length=200, blank=True)
    checks = models.JSONField(_("kontroller"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("rutin")
        verbose_name_plural = _("rutiner")
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="routine_key")]

    def __str__(self) -> str:
        return self.description or self.key

    @property
    def asks_for_information_matter(self) -> bool:
        """Whether it asks for an information matter about a record (M3's ≥ 12 MSEK)."""
        return any(
            "information_matter" in (check.get("done_by_matter") or {}).get("kinds", [])
            for check in self.checks
        )

    def bound(self, register: str, field: str, op: str = "gte"):
        """The value the routine's conditions compare `field` with (a threshold), if any."""
        for check in self.checks:
            if check.get("register") == register:
                value = (check.get("when") or {}).get(f"{field}__{op}")
                if value is not None:
                    return value
        return None

    def param(self, family: str, register: str, name: str):
        """A parameter of the routine's first check of that family on that register."""
        for check in self.checks:
            if (
                check.get("family") == family
                and check.get("register") == register
                and name in check
            ):
                return check[name]
        return None
