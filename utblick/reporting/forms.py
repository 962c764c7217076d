"""Forms of the follow-up pages: plain Django forms, Swedish labels (translated), no JavaScript."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.reporting.build import FORMATS

FORMAT_LABELS = {
    "pdf": _("PDF (för läsning och utskrift)"),
    "docx": _("Word (DOCX, för redigering)"),
    "xlsx": _("Excel (XLSX, siffrorna)"),
}


def year_choices(years: list[int] | None = None) -> list[tuple[int, str]]:
    this = timezone.localdate().year
    chosen = sorted(set(years or []) | set(range(this - 5, this + 2)), reverse=True)
    return [(y, str(y)) for y in chosen]


class YearForm(forms.Form):
    ar = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = year_choices(years)

    def year(self, default: int) -> int:
        """The chosen year, else `default`; the selector then shows the year the page is about."""
        if self.is_valid() and self.cleaned_data.get("ar"):
            return self.cleaned_data["ar"]
        self.fields["ar"].initial = default
        if self.is_bound:
            self.data = self.data.copy()
            self.data["ar"] = str(default)
        return default


class PlanFilterForm(YearForm):
    enhet = forms.TypedChoiceField(label=_("Enhet"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].choices = [("", _("Alla enheter"))] + [(u.pk, u.name) for u in units]


class PeriodForm(YearForm):
    period = forms.ChoiceField(label=_("Rapporteringstillfälle"), required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.name) for p in periods]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NarrativeForm(VersionedForm):
    """One text field per priority area, and one for what fits none."""

    def __init__(self, *args, areas=(), initial_texts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        texts = initial_texts or {}
        for area in areas:
            self.fields[f"area_{area.key}"] = forms.CharField(
                label=area.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=texts.get(area.key, ""),
            )
        self.fields["area_other"] = forms.CharField(
            label=_("Övrigt internationellt arbete"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=texts.get("other", ""),
        )

    def narratives(self) -> dict[str, str]:
        return {
            name.removeprefix("area_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("area_")
        }

    def text_fields(self):
        return [self[name] for name in self.fields if name.startswith("area_")]


class ReturnForm(VersionedForm):
    comment = forms.CharField(
        label=_("Vad behöver kompletteras?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Skäl till att rapporten öppnas igen"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RunForm(forms.Form):
    # The year the page shows: the page's one year selector chooses it.
    year = forms.TypedChoiceField(label=_("År"), coerce=int, widget=forms.HiddenInput)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(f, FORMAT_LABELS[f]) for f in ("pdf", "docx", "xlsx") if f in FORMATS],
        widget=forms.RadioSelect,
        initial="pdf",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class PublishForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Beslutet som godkände rapporten"),
        help_text=_(
            "Ett beslutat ärende med beslutande organ; det organet nämns på den offentliga "
            "sidan. Finns beslutet inte i ärenderegistret, lämna tomt."
        ),
        queryset=None,
        required=False,
        empty_label=_("Inget registrerat beslut"),
    )
    decision_reference = forms.CharField(
        label=_("Beslut (paragraf eller diarienummer, valfritt)"), required=False, max_length=120
    )

    def __init__(self, *args, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = _decision_label


def _decision_label(matter) -> str:
    parts = [matter.title, str(matter.body)]
    if matter.decided_on:
        parts.append(matter.decided_on.isoformat())
    return ", ".join(parts)


class WithdrawForm(VersionedForm):
    reason = forms.CharField(label=_("Skäl till att rapporten tas bort från den offentliga sidan"))


class IndicatorValueForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    value = forms.DecimalField(label=_("Värde"), max_digits=16, decimal_places=2, localize=True)
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
