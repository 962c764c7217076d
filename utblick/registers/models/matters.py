"""Register 7: matters and decisions (motions, information matters, membership decisions …)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.history import LinkedHistory
from utblick.core.models import PolicyLinked, RegisterRecord, list_indexes
from utblick.core.validation import Problems


class MatterKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    INFORMATION_MATTER = "information_matter", _("Informationsärende")
    MEMBERSHIP_DECISION = "membership_decision", _("Beslut om medlemskap")
    PARTNERSHIP_DECISION = "partnership_decision", _("Beslut om partnerskap eller avtal")
    REPRESENTATION_DECISION = "representation_decision", _("Beslut om representation")
    APPLICATION_DECISION = "application_decision", _("Beslut om ansökan eller projekt")
    POLICY_DECISION = "policy_decision", _("Beslut om styrdokument")
    INVITATION = "invitation", _("Inbjudan att representera organisationen")
    COOPERATION_REQUEST = "cooperation_request", _("Förfrågan om samarbete")
    MEMBERSHIP_REQUEST = "membership_request", _("Förfrågan om medlemskap")
    RECEPTION_REQUEST = "reception_request", _("Förfrågan om mottagning")
    GRANT_DECISION = "grant_decision", _("Beslut om bidrag ur egen fond")
    OTHER = "other", _("Övrigt ärende")


class MatterOutcome(models.TextChoices):
    PENDING = "pending", _("Ej avgjort")
    APPROVED = "approved", _("Bifall")
    REJECTED = "rejected", _("Avslag")
    NOTED = "noted", _("Noterat (till handlingarna)")
    ANSWERED = "answered", _("Besvarad")
    WITHDRAWN = "withdrawn", _("Återtaget")


class Matter(PolicyLinked, RegisterRecord):
    kind = models.CharField(_("typ"), max_length=30, choices=MatterKind.choices)
    title = models.CharField(_("ärendemening"), max_length=300)
    registry_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="prepared_matters",
        verbose_name=_("beredande enhet"),
    )
    body = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_matters",
        verbose_name=_("beslutande organ"),
    )
    initiated_on = models.DateField(_("inkom eller väcktes"), null=True, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraf"), max_length=20, blank=True)
    proposed_decision = models.TextField(_("förslag till beslut"), blank=True)
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=MatterOutcome.choices, default="pending"
    )
    decision_text = models.TextField(_("beslut"), blank=True)
    initiator = models.CharField(_("förslagsställare"), max_length=200, blank=True)
    # The sections of a tjänsteskrivelse (U3).
    background = models.TextField(_("bakgrund"), blank=True)
    assessment = models.TextField(_("bedömning"), blank=True)
    legal_consequences = models.TextField(_("juridiska konsekvenser"), blank=True)
    economic_consequences = models.TextField(_("ekonomiska konsekvenser"), blank=True)
    goal_consequences = models.TextField(_("kommunala mål"), blank=True)
    gender_equality = models.TextField(_("jämställdhet"), blank=True)
    consultation = models.TextField(_("samråd"), blank=True)
    codetermination = models.TextField(_("information eller förhandling enligt MBL"), blank=True)
    legal_ground = models.CharField(_("rättslig grund"), max_length=300, blank=True)
    international_assessment = models.TextField(
        _("bedömning av internationell dimension"),
        blank=True,
        help_text=_("Hur ärendet berör internationella frågor, där styrdokumentet kräver det."),
    )
    # What the matter is about: at most one subject.
    membership = models.ForeignKey(
        "registers.NetworkMembership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("gäller medlemskap"),
    )
    partnership = models.ForeignKey(
        "registers.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("gäller partnerskap"),
    )
    application = models.ForeignKey(
        "registers.FundingApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("gäller ansökan eller projekt"),
    )
    visit = models.ForeignKey(
        "registers.Visit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("gäller besök"),
    )

    history = LinkedHistory(m2m_fields=["priority_areas", "commitments", "goals"])

    SUBJECT_FIELDS = ("membership", "partnership", "application", "visit")

    class Meta:
        ordering = ["-decided_on", "-initiated_on"]
        indexes = list_indexes("matter", ("-decided_on", "-initiated_on"), ("outcome",))
        verbose_name = _("ärende eller beslut")
        verbose_name_plural = _("ärenden och beslut")

    def __str__(self) -> str:
        return f"{self.title} ({self.registry_number})" if self.registry_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("web:matters_detail", args=[self.pk])

    @property
    def subject(self):
        for name in self.SUBJECT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None

    def clean(self):
        problems = Problems()
        problems.dates_in_order(self, "initiated_on", "decided_on", "decision_before_initiation")
        subjects = [name for name in self.SUBJECT_FIELDS if getattr(self, f"{name}_id")]
        if len(subjects) > 1:
            problems.add(subjects[1], "one_subject")
        if self.outcome not in (MatterOutcome.PENDING, MatterOutcome.WITHDRAWN):
            problems.required(self, "decided_on", "decided_needs_date")
            problems.required(self, "body", "decided_needs_body")
        problems.raise_if_any()
