"""Forms of the monitoring pages; every choice of a tenant record is scoped to the actor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Actor, reference, scoped
from utblick.monitoring import selectors
from utblick.monitoring.models import (
    CallStatus,
    FundingCall,
    MonitoringItem,
    MonitoringKind,
    OpportunityKind,
    Verdict,
)
from utblick.monitoring.search import INDEXED
from utblick.policy.models import PriorityArea
from utblick.reference.models import EUProgramme
from utblick.registers.models.funding import ApplicationRole


class CallFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Öppna och kommande")), *CallStatus.choices],
    )
    programme = forms.ModelChoiceField(
        label=_("Program"), required=False, queryset=None, empty_label=_("Alla")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = reference(FundingCall).exclude(programme=None).values("programme")
        self.fields["programme"].queryset = reference(EUProgramme).filter(pk__in=used)


class AssessmentForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Bedömning"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    routed_to = forms.ModelChoiceField(
        label=_("Skicka till enhet"),
        required=False,
        queryset=None,
        empty_label=_("Ingen enhet ännu"),
        help_text=_("Enheten kan göra en ansökningsidé av utlysningen."),
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["routed_to"].queryset = selectors.units_for(actor)


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Arbetsnamn på projektet"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Ägande enhet"), queryset=None)
    role = forms.ChoiceField(label=_("Roll"), choices=ApplicationRole.choices)

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_actor_may_create_for(actor)


class ShareForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Nätverk"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Vad delas"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    text = forms.CharField(
        label=_("Text till nätverket"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bara det du skriver här visas för nätverkets andra kommuner."),
    )
    contact_email = forms.EmailField(label=_("Kontakt (e-post)"), required=False)

    def __init__(self, *args, actor: Actor, call: FundingCall | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = selectors.networks_of(actor)
        if call is not None:
            self.fields["kind"].choices = [(OpportunityKind.CALL, OpportunityKind.CALL.label)]
            self.fields["kind"].initial = OpportunityKind.CALL
            self.fields["title"].initial = call.title
        else:
            self.fields["kind"].choices = [
                c for c in OpportunityKind.choices if c[0] != OpportunityKind.CALL
            ]


MONITORING_KINDS = [
    (MonitoringKind.LEGISLATION, MonitoringKind.LEGISLATION.label),
    (MonitoringKind.CONSULTATION, MonitoringKind.CONSULTATION.label),
    (MonitoringKind.TREND, MonitoringKind.TREND.label),
    (MonitoringKind.FUNDING_CALL, MonitoringKind.FUNDING_CALL.label),
]


class MonitoringItemForm(forms.ModelForm):
    M2M = ("units_concerned", "priority_areas")

    source_url = forms.URLField(
        label=_("Källa"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = MonitoringItem
        fields = (
            "kind",
            "title",
            "reference",
            "source_url",
            "summary",
            "unit",
            "units_concerned",
            "assessed_impact",
            "impact_assessment",
            "response",
            "due_on",
            "status",
            "priority_areas",
        )
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "units_concerned": forms.CheckboxSelectMultiple,
            "priority_areas": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "impact_assessment": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.units_for(actor)
        self.fields["kind"].choices = MONITORING_KINDS
        self.fields["unit"].queryset = selectors.units_actor_may_create_for(actor)
        self.fields["units_concerned"].queryset = units
        self.fields["priority_areas"].queryset = scoped(PriorityArea, actor).filter(
            retired_at__isnull=True
        )
        self.fields["units_concerned"].help_text = _(
            "Användarna med en roll i de berörda enheterna får ett e-postmeddelande."
        )

    def _post_clean(self):
        # The model's own rules run in the service (record_create / record_update), once.
        pass

    def service_values(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name not in self.M2M}
        m2m = {name: list(data[name]) for name in self.M2M}
        return fields, m2m


class MonitoringFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla")), *MONITORING_KINDS]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *MonitoringItem._meta.get_field("status").choices],
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök i alla register"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Sök i"),
        required=False,
        choices=[("", _("Alla register")), *((spec.kind, spec.label) for spec in INDEXED)],
    )


class MatchTargetForm(forms.Form):
    target = forms.ChoiceField(label=_("Matcha mot"), required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {
            "area": _("Prioriterade områden"),
            "commitment": _("Åtaganden"),
            "goal": _("Mål"),
            "unit": _("Enheter"),
        }
        choices = [("", _("Alla prioriterade områden"))]
        for kind, group in groups.items():
            options = [(f"{k}:{pk}", label[:120]) for k, pk, label, _text in targets if k == kind]
            if options:
                choices.append((group, options))
        self.fields["target"].choices = choices

    def chosen(self) -> tuple[str, int] | None:
        value = self.cleaned_data.get("target") if self.is_valid() else ""
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        return kind, int(pk)
