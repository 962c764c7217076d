"""Forms of the routines' pages. They only parse input: the services decide (and their
field-located errors are put back on the form with `add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import AccessibleForm, LongSelect
from utblick.core.messages import MESSAGES
from utblick.routines import selectors
from utblick.routines.engine import sync
from utblick.routines.models import ObligationKind
from utblick.routines.services import Picked

MAX_PROFILE_BYTES = 1_000_000

STATUS_CHOICES = [
    (sync.OPEN, _("Öppna")),
    (sync.DONE, _("Klara")),
    (sync.WAIVED, _("Behövs inte (motiverat)")),
    (sync.LAPSED, _("Upphörda")),
    ("alla", _("Alla")),
]


# --- the list's filters ----------------------------------------------------------------------


class ObligationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    kind = forms.ChoiceField(
        label=_("Typ"),
        required=False,
        choices=[("", _("Åtgärder och konflikter")), *ObligationKind.choices],
    )
    unit = forms.TypedChoiceField(label=_("Ansvarig enhet"), required=False, coerce=int)
    routine = forms.TypedChoiceField(label=_("Rutin"), required=False, coerce=int)
    requirement = forms.ChoiceField(label=_("Krav"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    due = forms.DateField(
        label=_("Förfaller"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, data, *, choices: selectors.Choices):
        super().__init__(data)
        self.choices = choices
        self.fields["unit"].choices = [
            ("", _("Alla enheter")),
            *((u.pk, u.name) for u in choices.units),
        ]
        self.fields["routine"].choices = [("", _("Alla rutiner")), *self._routines()]
        self.fields["requirement"].choices = [
            ("", _("Alla krav")),
            *((code, code) for code in choices.requirements),
        ]

    def _routines(self):
        for routine in self.choices.routines:
            name = routine.description or routine.key
            if len(name) > 70:
                name = name[:69] + "…"
            label = f"{routine.requirement} – {name}" if routine.requirement else name
            if routine.retired_at:
                label = f"{label} ({_('utgången')})"
            yield routine.pk, label

    def filters(self) -> selectors.Filters:
        values = self.cleaned_data if self.is_valid() else {}
        status = values.get("status") or sync.OPEN
        unit = values.get("unit")
        return selectors.Filters(
            status="" if status == "alla" else status,
            kind=values.get("kind") or "",
            unit_ids=self.choices.subtree(unit) if unit else None,
            routine_id=values.get("routine") or None,
            requirement=values.get("requirement") or "",
            overdue=bool(values.get("overdue")),
            due_on=values.get("due"),
        )


# --- people's actions ------------------------------------------------------------------------


class CompleteForm(AccessibleForm):
    evidence = forms.CharField(
        label=_("Underlag"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Vad visar att åtgärden är gjord? T.ex. datum och hur: ”mejl till EU-strategen "
            "2026-10-02” eller ”protokoll KFN § 45”."
        ),
    )
    evidence_matter = forms.TypedChoiceField(
        label=_("Ärende som underlag"),
        required=False,
        coerce=int,
        help_text=_("Ett ärende i registret som visar att åtgärden är gjord (valfritt)."),
    )

    def __init__(self, *args, matters: selectors.MatterChoices, **kwargs):
        kwargs.setdefault("prefix", "klar")
        super().__init__(*args, **kwargs)
        self.matters = matters
        choices: list = [("", _("Inget ärende"))]
        if matters.about:
            choices.append(
                (_("Ärenden om posten"), [(m.pk, _matter_label(m)) for m in matters.about])
            )
        if matters.others:
            choices.append((_("Andra ärenden"), [(m.pk, _matter_label(m)) for m in matters.others]))
        self.fields["evidence_matter"].choices = choices

    def matter(self):
        pk = self.cleaned_data.get("evidence_matter")
        return self.matters.by_pk.get(pk) if pk else None


def _matter_label(matter) -> str:
    date = matter.decided_on or matter.initiated_on
    return f"{matter} – {date.isoformat()}" if date else str(matter)


class WaiveForm(AccessibleForm):
    waived_reason = forms.CharField(
        label=_("Skäl"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Varför behöver åtgärden inte göras? T.ex. ”registrerad i efterhand” eller "
            "”informerades muntligt på KSAU”. Skälet syns i historiken."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "stryk")
        super().__init__(*args, **kwargs)
        self.fields["waived_reason"].error_messages["required"] = MESSAGES["waived_reason_required"]


REASON_HELP = _(
    "T.ex. ”registrerad i efterhand; KS informerades 2024” eller ”ska göras i samband med "
    "årsrapporten”. Skälet sparas i historiken."
)


class ReviewForm(AccessibleForm):
    """A backlog obligation reviewed once: kept as today's work, or not needed (a reason)."""

    ACKNOWLEDGE = "ska-goras"
    WAIVE = "behovs-inte"
    review_note = forms.CharField(
        label=_("Skäl"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HELP,
    )
    decision = forms.ChoiceField(
        choices=[(ACKNOWLEDGE, _("Ska göras")), (WAIVE, _("Behövs inte"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "granska")
        super().__init__(*args, **kwargs)
        self.fields["review_note"].error_messages["required"] = MESSAGES["review_reason_required"]


class AssignForm(AccessibleForm):
    """The person responsible for an obligation (or nobody)."""

    person = forms.TypedChoiceField(
        label=_("Ansvarig person"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect,
        help_text=_("Den som ska se till att åtgärden blir gjord. Syns under ”Mina åtgärder”."),
    )

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("prefix", "ansvarig")
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [("", _("Ingen vald")), *_people_choices(people)]

    def chosen_person(self):
        return self.people.get(self.cleaned_data.get("person"))


def _people_choices(people):
    for person in people:
        yield person.pk, f"{person.name} ({person.unit})" if person.unit_id else person.name


def parse_picked(value: str) -> Picked | None:
    """ "<id>.<version>" (a ticked row) → Picked, or None."""
    first, _, second = str(value).partition(".")
    if not (first.isdigit() and second.isdigit()):
        return None
    return Picked(int(first), int(second))


class PickedField(forms.MultipleChoiceField):
    """Obligations ticked on a list, each as "<id>.<version>" (the version the row showed)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.CheckboxSelectMultiple, **kwargs)

    def valid_value(self, value) -> bool:
        return bool(parse_picked(value))

    def clean(self, value):
        return [parse_picked(v) for v in super().clean(value)]


class BulkForm(AccessibleForm):
    """What to do with the obligations ticked on a list."""

    ASSIGN = "tilldela"
    WAIVE = "behovs-inte"
    ACKNOWLEDGE = "ska-goras"
    picked = PickedField(label=_("Valda åtgärder"))
    action = forms.ChoiceField(label=_("Gör så här med de valda"), widget=forms.RadioSelect)
    person = forms.TypedChoiceField(
        label=_("Ansvarig person"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect,
    )
    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args, people, backlog: bool = False, **kwargs):
        kwargs.setdefault("prefix", "valda")
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        actions = [(self.WAIVE, _("Markera att de inte behövs (ange skäl)"))]
        if backlog:
            actions.insert(
                0, (self.ACKNOWLEDGE, _("De ska göras: flytta dem till åtgärderna (ange skäl)"))
            )
        actions.append((self.ASSIGN, _("Ge dem en ansvarig person")))
        self.fields["action"].choices = actions
        self.fields["person"].choices = [("", _("Ingen vald")), *_people_choices(people)]
        self.fields["picked"].error_messages["required"] = MESSAGES["none_picked"]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (self.WAIVE, self.ACKNOWLEDGE) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", MESSAGES["review_reason_required"])
        if action == self.ASSIGN and cleaned.get("person") not in self.people:
            self.add_error("person", _("Välj den person som ska ansvara."))
        return cleaned

    def chosen_person(self):
        return self.people.get(self.cleaned_data.get("person"))


# --- notifications ---------------------------------------------------------------------------


class PreferenceForm(AccessibleForm):
    daily_digest = forms.BooleanField(
        label=_("Skicka en daglig sammanfattning i stället för ett e-postmeddelande per ny åtgärd"),
        required=False,
        help_text=_(
            "Sammanfattningen kommer på vardagsmorgnar och tar upp dina öppna åtgärder som är "
            "försenade eller förfaller inom två veckor. Notiserna här i Utblick får du ändå."
        ),
    )


# --- a new version of the policy profile -----------------------------------------------------


class ProfileForm(AccessibleForm):
    text = forms.CharField(
        label=_("Profilens text (TOML)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text=_("Klistra in hela profilen, eller välj en fil nedan."),
    )
    file = forms.FileField(
        label=_("Eller ladda upp en fil"),
        required=False,
        help_text=_("En .toml-fil i UTF-8, högst 1 MB."),
    )
    # The name a drafted profile's text goes by (set by the draft page).
    name = forms.RegexField(
        regex=r"^[\w .-]{1,120}\.toml$", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked as one types (htmx): the errors appear at their lines below the text.
        self.fields["text"].widget.attrs.update(
            {
                "hx-post": reverse("routines:policy_check"),
                "hx-trigger": "input changed delay:600ms, load",
                "hx-target": "#profile-check",
                "hx-params": "text",
            }
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_PROFILE_BYTES:
                self.add_error("file", _("Filen är större än 1 MB."))
                return cleaned
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("Filen är inte text i UTF-8."))
                return cleaned
            cleaned["source_name"] = upload.name
        else:
            cleaned["source_name"] = cleaned.get("name") or "inklistrad-profil.toml"
        text = (cleaned.get("text") or "").replace("\r\n", "\n")
        cleaned["text"] = text  # one kind of line ending, pasted or uploaded
        if not text.strip():
            self.add_error("text", _("Klistra in profilens text eller välj en fil."))
        return cleaned


class LoadForm(AccessibleForm):
    """The previewed text, carried to the confirmation (the preview is re-checked on load)."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    reason = forms.CharField(
        label=_("Varför läses versionen in?"),
        max_length=300,
        help_text=_(
            "T.ex. ”nytt beslut i kommunfullmäktige 2026-03-12 § 45” eller ”rättat "
            "beloppsgränsen”. Syns i versionshistoriken."
        ),
        error_messages={"required": _("Skriv varför versionen läses in.")},
    )
    confirm = forms.BooleanField(
        label=_("Jag har granskat ändringarna och vill läsa in den nya versionen"),
        error_messages={"required": _("Bekräfta att du har granskat ändringarna.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "las-in")
        super().__init__(*args, **kwargs)

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n")


class DraftUploadForm(AccessibleForm):
    """The steering document to draft a profile from."""

    document = forms.FileField(
        label=_("Styrdokumentet"),
        help_text=_("PDF, Word (.docx) eller text, högst 10 MB."),
        error_messages={"required": _("Välj styrdokumentet att ta fram ett utkast ur.")},
    )

    def clean(self):
        from utblick.policy.drafting import UnreadableDocument, read_document
        from utblick.policy.drafting.reading import MAX_BYTES

        cleaned = super().clean()
        upload = cleaned.get("document")
        if not upload:
            return cleaned
        if upload.size > MAX_BYTES:
            self.add_error("document", _("Filen är större än 10 MB."))
            return cleaned
        try:
            cleaned["source"] = read_document(upload.read(), upload.name)
        except UnreadableDocument as exc:
            self.add_error("document", str(exc))
        return cleaned
