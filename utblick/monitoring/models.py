"""Register 5: monitoring items — EU legislation, consultations, funding calls, trends (L1, M1, F5)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from utblick.core.history import LinkedHistory
from utblick.core.models import (
    PolicyLinked,
    PrintableText,
    RegisterRecord,
    TenantModel,
    list_indexes,
)


class MonitoringKind(models.TextChoices):
    LEGISLATION = "legislation", _("EU-lagstiftning")
    CONSULTATION = "consultation", _("Remiss eller samråd")
    FUNDING_CALL = "funding_call", _("Utlysning")
    TREND = "trend", _("Trend eller omvärldsfråga")


class Impact(models.TextChoices):
    UNKNOWN = "unknown", _("Ej bedömd")
    LOW = "low", _("Låg")
    MEDIUM = "medium", _("Medel")
    HIGH = "high", _("Hög")


class MonitoringStatus(models.TextChoices):
    NEW = "new", _("Ny")
    ASSESSING = "assessing", _("Bedöms")
    RESPONDING = "responding", _("Svar eller åtgärd pågår")
    CLOSED = "closed", _("Avslutad")


class MonitoringItem(PolicyLinked, RegisterRecord):
    kind = models.CharField(_("typ"), max_length=20, choices=MonitoringKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    reference = models.CharField(_("referens (t.ex. COM-nummer)"), max_length=100, blank=True)
    source_url = models.URLField(_("källa"), max_length=500, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="monitoring_items",
        verbose_name=_("ansvarig enhet"),
    )
    units_concerned = models.ManyToManyField(
        "organisation.Unit",
        blank=True,
        related_name="monitoring_concerns",
        verbose_name=_("berörda enheter"),
    )
    assessed_impact = models.CharField(
        _("bedömd påverkan"), max_length=10, choices=Impact.choices, default="unknown"
    )
    impact_assessment = models.TextField(_("bedömning"), blank=True)
    response = models.TextField(_("svar eller åtgärd"), blank=True)
    due_on = models.DateField(_("svar senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MonitoringStatus.choices, default="new"
    )

    history = LinkedHistory(
        m2m_fields=["units_concerned", "priority_areas", "commitments", "goals"]
    )

    class Meta:
        ordering = ["due_on", "title"]
        indexes = list_indexes("monitoring", ("due_on", "title"), ("status",))
        verbose_name = _("bevakningsärende")
        verbose_name_plural = _("omvärldsbevakning")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:monitoring_items_detail", args=[self.pk])


# --- EU funding calls: shared reference data, read from the Funding & Tenders Portal -------


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Kommande")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class DeadlineModel(models.TextChoices):
    SINGLE_STAGE = "single-stage", _("Ett steg")
    TWO_STAGE = "two-stage", _("Två steg")
    MULTIPLE_CUT_OFF = "multiple cut-off", _("Flera stoppdatum")


class FundingCallQuerySet(models.QuerySet):
    def current(self, today) -> "FundingCallQuerySet":
        """Open and forthcoming calls whose last deadline has not passed (status is not enough:
        the portal keeps some topics 'open' with every cut-off behind them)."""
        return self.filter(status__in=(CallStatus.OPEN, CallStatus.FORTHCOMING)).filter(
            models.Q(final_deadline__isnull=True) | models.Q(final_deadline__gte=today)
        )


class FundingCall(models.Model):
    """One topic of an EU call for proposals, as the portal describes it. Not per municipality."""

    identifier = models.CharField(_("ämnes-id"), max_length=200, unique=True)
    call_identifier = models.CharField(_("utlysningens id"), max_length=200, blank=True)
    call_title = models.CharField(_("utlysning"), max_length=500, blank=True)
    title = models.CharField(_("rubrik"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CallStatus.choices)
    status_code = models.CharField(_("statuskod i portalen"), max_length=12, blank=True)
    type_code = models.CharField(_("typkod i portalen"), max_length=4, blank=True)
    deadline_model = models.CharField(
        _("ansökningsmodell"), max_length=20, choices=DeadlineModel.choices, blank=True
    )
    # Every deadline as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (Brussels time), in order; the
    # columns below are what lists, filters and the calendar need from them.
    deadlines = models.JSONField(_("sista ansökningsdagar"), default=list, blank=True)
    deadline = models.DateField(_("sista ansökningsdag"), null=True, blank=True)
    deadline_time = models.TimeField(_("klockslag (Bryssel)"), null=True, blank=True)
    second_stage_deadline = models.DateField(_("andra steget"), null=True, blank=True)
    final_deadline = models.DateField(_("sista stoppdatum"), null=True, blank=True)
    opening_date = models.DateField(_("öppnar"), null=True, blank=True)
    programme = models.ForeignKey(
        "reference.EUProgramme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    programme_ref = models.CharField(_("program-id i portalen"), max_length=20, blank=True)
    programme_period = models.CharField(_("programperiod"), max_length=20, blank=True)
    budget_eur = models.DecimalField(
        _("budget (euro)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_shared = models.BooleanField(
        _("budgeten delas med andra ämnen"), default=False, blank=True
    )
    types_of_action = models.CharField(_("typ av insats"), max_length=300, blank=True)
    keywords = models.JSONField(_("nyckelord"), default=list, blank=True)
    tags = models.JSONField(_("taggar"), default=list, blank=True)
    url = models.URLField(_("i portalen"), max_length=500, blank=True)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    source_reference = models.CharField(_("referens i portalen"), max_length=200, blank=True)
    datasource = models.CharField(_("datakälla"), max_length=40, blank=True)
    checksum = models.CharField(_("kontrollsumma"), max_length=64, blank=True)
    source_name = models.CharField(_("inläst från"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("först inläst"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), default=timezone.now)

    objects = FundingCallQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "identifier"]
        verbose_name = _("EU-utlysning")
        verbose_name_plural = _("EU-utlysningar")
        indexes = [models.Index(fields=["status", "final_deadline"], name="call_status_deadline")]

    def __str__(self) -> str:
        return f"{self.title} ({self.identifier})"

    @property
    def deadline_list(self):
        from utblick.monitoring.ft_portal import Deadline

        return [Deadline.fromisoformat(value) for value in self.deadlines]

    @property
    def has_deadline_times(self) -> bool:
        return any("T" in value for value in self.deadlines)

    @property
    def display_keywords(self) -> list[str]:
        """Keywords and tags for people: without the identifiers the portal lists among them,
        each once (case-insensitive), in order."""
        skip = {self.identifier.lower(), self.call_identifier.lower()}
        seen: dict[str, str] = {}
        for word in [*self.keywords, *self.tags]:
            if word.lower() not in skip:
                seen.setdefault(word.lower(), word)
        return list(seen.values())

    def next_deadline(self, today):
        """The next deadline on or after `today` (a multiple cut-off call's next cut-off)."""
        from utblick.monitoring.ft_portal import next_deadline

        return next_deadline(self.deadline_list, today)


class Verdict(models.TextChoices):
    RELEVANT = "relevant", _("Relevant")
    NOT_RELEVANT = "not_relevant", _("Inte relevant")


class CallAssessment(RegisterRecord):
    """A municipality's view of a call: relevant or not, and the unit it is routed to."""

    unit_editors_may_edit = False  # the coordinator assesses and routes

    call = models.ForeignKey(
        FundingCall,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("utlysning"),
    )
    verdict = models.CharField(_("bedömning"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("motivering"), blank=True)
    routed_to = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routed_calls",
        verbose_name=_("skickad till enhet"),
    )
    routed_on = models.DateField(_("skickad"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("bedömning av utlysning")
        verbose_name_plural = _("bedömningar av utlysningar")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "call"], name="one_assessment_per_call_and_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call.identifier}: {self.get_verdict_display()}"


# --- The calendar feed ----------------------------------------------------------------------


class CalendarFeed(models.Model):
    """A user's secret iCalendar address in one municipality; only the token's hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"


# --- Regional networks (E4) -----------------------------------------------------------------


class OpportunityKind(models.TextChoices):
    CALL = "call", _("Utlysning")
    PARTNER_SEARCH = "partner_search", _("Partnersökning")
    PROJECT_IDEA = "project_idea", _("Projektidé")


class SharedOpportunity(PrintableText):
    """Something a municipality shares with a regional network it belongs to (V6).

    Spans tenants on purpose: the network's other members read it. It carries only what the
    sharer wrote here (and, for a call, the shared call), never a link into its registers.
    """

    network = models.ForeignKey(
        "organisation.RegionalNetwork",
        on_delete=models.PROTECT,
        related_name="shared_opportunities",
        verbose_name=_("nätverk"),
    )
    shared_by = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("delad av"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    call = models.ForeignKey(
        FundingCall,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shared_in_networks",
        verbose_name=_("utlysning"),
    )
    contact_email = models.EmailField(_("kontakt (e-post)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delad av (person)"),
    )
    created_at = models.DateTimeField(_("delad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delad möjlighet")
        verbose_name_plural = _("delade möjligheter")

    def __str__(self) -> str:
        return self.title


# --- Search: one row per searchable record, kept by the record_written receiver --------------


class SearchDocument(TenantModel):
    """The searchable text of one register record (or of a project's lessons learned).

    On SQLite a full-text table (FTS5, created in migration 0003) mirrors these rows by id;
    on PostgreSQL they are searched with the 'swedish' text-search configuration.
    """

    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    archived = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document")
        ]
        indexes = [models.Index(fields=["municipality", "kind"], name="search_document_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class CallIndexSnapshot(models.Model):
    """The matching index over the current calls (`matching.CallIndex.to_data()`, JSON
    compressed with zlib), built once per calls import and read by every process that matches.

    Keyed by the calls' generation (`call_index.calls_generation`): a snapshot of an older
    generation is replaced, not kept. It is derived from the calls, which keep their history,
    so it has none of its own.
    """

    generation = models.CharField(max_length=100, unique=True)
    day = models.DateField(help_text="the day whose current calls it indexes")
    calls = models.PositiveIntegerField()
    data = models.BinaryField()
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.calls} utlysningar ({self.generation})"
