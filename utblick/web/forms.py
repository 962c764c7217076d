"""The web's forms: each register's record form (built from the shared spec), list filters, archive.

Every choice a form offers comes through `core.access` (`scoped` for the municipality's records,
`reference` for countries and programmes), so a form never lists another municipality's unit,
person or priority area. The forms only parse input; the services validate the record and their
field-located errors are put back on the form with `add_service_errors`.
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Actor, reference, scoped
from utblick.core.forms import (
    AccessibleForm,
    BoxesOrList,
    DescribedBoundField,
    LongSelect,
    date_widget,
)
from utblick.core.models import TenantModel
from utblick.core.words import words
from utblick.organisation.models import Unit
from utblick.policy.models import PriorityArea
from utblick.reference.models import Country, EUProgramme
from utblick.registers.lifecycle import Lifecycle
from utblick.registers.models import GrantApplication
from utblick.registry import POLICY_LINKS, Register
from utblick.web import choices

CHECKBOX_LINKS = frozenset({*POLICY_LINKS, "units_concerned", "memberships"})


def _formfield(db_field: models.Field, **kwargs):
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs["widget"] = date_widget()
    elif db_field.many_to_many:
        kwargs["widget"] = (
            BoxesOrList
            if db_field.name in CHECKBOX_LINKS
            else forms.SelectMultiple(attrs={"size": 6})
        )
    elif isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    elif isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class RecordForm(forms.ModelForm):
    """A register record's fields; choices scoped to the actor's municipality."""

    bound_field_class = DescribedBoundField
    lifecycle: Lifecycle | None = None  # the register's, where its status moves along one

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self._choices(name, field.queryset.model)
            elif isinstance(field, forms.ChoiceField):
                # "Kommunfullmäktige", "Hela kommunen" in a region's words.
                field.choices = [(value, words(str(label))) for value, label in field.choices]
            field.label = words(str(field.label)) if field.label else field.label
        if self.instance.pk and self.lifecycle:
            self._limit_status_to_lifecycle(self.lifecycle)
        if issubclass(self._meta.model, GrantApplication):
            self._grant_fields()
        if "partnership" in self.fields and "country" in self.fields:
            self._country_from_partnership()

    def _country_from_partnership(self) -> None:
        """Choosing a partnership fills in its country: in the browser as it is chosen
        (utblick.js, from the map on the select), and here where the country is left empty."""
        partnership, country = self.fields["partnership"], self.fields["country"]
        countries = dict(partnership.queryset.values_list("pk", "country_id"))
        partnership.widget.attrs["data-country-of"] = json.dumps(
            {str(pk): code for pk, code in countries.items() if code}
        )
        partnership.widget.attrs["data-fills"] = f"id_{self.add_prefix('country')}"
        self._country_required, country.required = country.required, False
        country.help_text = _("Lämnas landet tomt blir det partnerskapets land.")

    def clean(self):
        data = super().clean()
        if getattr(self, "_country_required", False) and not data.get("country"):
            partnership = data.get("partnership")
            if partnership is not None and partnership.country_id:
                data["country"] = partnership.country
            elif "country" not in self.errors:
                self.add_error("country", forms.Field.default_error_messages["required"])
        return data

    def _post_clean(self):
        """The services validate the record (with its municipality and the version); not here."""

    def _initial_ids(self, name: str) -> list:
        value = self.initial.get(name)
        values = value if isinstance(value, list | tuple) else [value]
        return [getattr(v, "pk", v) for v in values if v is not None]

    def _choices(self, name: str, model: type[models.Model]) -> models.QuerySet:
        if not issubclass(model, TenantModel):
            return reference(model)
        queryset = scoped(model, self.actor)
        current = self._initial_ids(name)
        for flag in ("archived_at", "retired_at"):
            if any(f.name == flag for f in model._meta.concrete_fields):
                queryset = queryset.filter(
                    models.Q(**{f"{flag}__isnull": True}) | models.Q(pk__in=current)
                )
        if name == "unit" and not self.actor.covers_whole_municipality:
            queryset = queryset.filter(pk__in=self.actor.unit_ids)
        return queryset

    def _grant_fields(self) -> None:
        """A grant's fund is one of the profile's schemes; its criteria are their checklist."""
        from utblick.policy.models import GrantScheme

        schemes = list(
            scoped(GrantScheme, self.actor).filter(retired_at__isnull=True).order_by("order")
        )
        self._schemes = {scheme.key: scheme for scheme in schemes}
        current = self.instance.scheme_key if self.instance.pk else ""
        choices = [(s.key, s.name) for s in schemes]
        if current and current not in self._schemes:
            choices.append((current, current))
        self.fields["scheme_key"] = forms.ChoiceField(
            choices=[("", "---------"), *choices], label=_("Fond"), required=True
        )
        answered = self.instance.criteria or {}
        listed = self._schemes[current].criteria if current in self._schemes else []
        met = {f"{current}|{i}" for i, c in enumerate(listed) if answered.get(c["text"])}
        self.fields["criteria"] = forms.MultipleChoiceField(
            choices=[
                (f"{s.key}|{i}", f"{s.name}: {c['text']}" if len(schemes) > 1 else c["text"])
                for s in schemes
                for i, c in enumerate(s.criteria)
            ],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=sorted(met),
            label=_("Uppfyllda kriterier"),
            help_text=_("Kryssa i de kriterier i fondens checklista som ansökan uppfyller."),
        )

    def _limit_status_to_lifecycle(self, steps: Lifecycle) -> None:
        field = self.fields["status"]
        current = self.instance.status
        field.choices = [
            (value, label)
            for value, label in field.choices
            if value == current or steps.may_move(current, value)
        ]
        field.help_text = _("Status ändras bara längs ansökans livscykel.")

    def service_values(self, register: Register) -> tuple[dict, dict]:
        fields = {name: self.cleaned_data.get(name) for name in register.fields}
        if "criteria" in fields and hasattr(self, "_schemes"):
            scheme = self._schemes.get(fields.get("scheme_key") or "")
            ticked = set(fields["criteria"] or ())
            fields["criteria"] = {
                c["text"]: f"{scheme.key}|{i}" in ticked
                for i, c in enumerate(scheme.criteria if scheme else [])
            }
        for name, value in fields.items():
            if value is None and not self._meta.model._meta.get_field(name).null:
                fields[name] = ""  # an emptied optional text
        m2m = {name: list(self.cleaned_data.get(name) or []) for name in register.m2m}
        return fields, m2m


def record_form_class(register: Register) -> type[RecordForm]:
    form_class = forms.modelform_factory(
        register.model,
        form=RecordForm,
        fields=register.form_fields,
        formfield_callback=_formfield,
    )
    form_class.lifecycle = register.lifecycle
    return form_class


class ArchiveForm(AccessibleForm):
    archive_reason = forms.CharField(
        label=_("Skäl till arkivering"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Syns i ändringshistoriken. Posten kan återställas."),
    )


def transition_form(steps: Lifecycle, target: str, record, data=None) -> forms.Form:
    """The fields a step to `target` needs, filled in from the record (or today)."""
    fields, initial = {}, {}
    for name in steps.asks_for.get(target, ()):
        db_field = record._meta.get_field(name)
        fields[name] = _formfield(db_field, required=True)
        current = getattr(record, name)
        if current is None and isinstance(db_field, models.DateField):
            current = timezone.localdate()
        if name == "granted_amount" and current is None:
            current = record.requested_grant
        initial[name] = current
    form_class = type(f"Transition{target.title()}Form", (AccessibleForm,), fields)
    form = form_class(data, initial=initial, prefix=target)
    form.model = type(record)
    form.target = target
    form.target_label = gettext(steps.labels[target])
    form.forward = target == steps.forward(record.status)  # the primary button
    return form


def _used(model, actor: Actor, lookup: str) -> models.QuerySet:
    return scoped(model, actor).exclude(**{f"{lookup}__isnull": True}).values(lookup)


def _choice(actor: Actor, name: str, queryset, label) -> forms.ChoiceField:
    """A filter offering the organisation's values, from the cache (utblick.web.choices)."""
    found = choices.cached_choices(
        actor.municipality.pk, name, lambda: [(str(o.pk), str(o)) for o in queryset]
    )
    return forms.ChoiceField(
        choices=[("", _("Alla")), *found], required=False, label=label, widget=LongSelect
    )


def _unit_filter(register, actor):
    units = scoped(Unit, actor).filter(archived_at__isnull=True)
    return _choice(actor, "units", units, _("Enhet"))


def _status_filter(register, actor):
    db_field = register.model._meta.get_field(register.status_field)
    choices = [(value, words(gettext(str(label)))) for value, label in db_field.flatchoices]
    return forms.ChoiceField(
        choices=[("", _("Alla")), *choices], required=False, label=capfirst(db_field.verbose_name)
    )


def _area_filter(register, actor):
    areas = scoped(PriorityArea, actor).filter(retired_at__isnull=True)
    return _choice(actor, "priority_areas", areas, _("Prioriterat område"))


def _programme_filter(register, actor):
    used = _used(register.model, actor, register.programme_field)
    programmes = reference(EUProgramme).filter(pk__in=used)
    return _choice(actor, f"programmes:{register.key}", programmes, _("Program"))


def _year_filter(register, actor):
    return forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)


def _country_filter(register, actor):
    used = _used(register.model, actor, register.country_field)
    countries = reference(Country).filter(pk__in=used)
    return _choice(actor, f"countries:{register.key}", countries, _("Land"))


# The list filters, in the order shown, each where the register has it.
FILTERS = (
    ("unit", lambda register: register.has_field("unit"), _unit_filter),
    ("status", lambda register: bool(register.status_field), _status_filter),
    ("priority_area", lambda register: "priority_areas" in register.m2m, _area_filter),
    ("programme", lambda register: bool(register.programme_field), _programme_filter),
    ("year", lambda register: bool(register.year_field), _year_filter),
    ("country", lambda register: bool(register.country_field), _country_filter),
)


def filter_form(register: Register, actor: Actor, data) -> forms.Form:
    """The list's filters: those the register has, each offering only this municipality's values."""
    fields: dict[str, forms.Field] = {
        "q": forms.CharField(label=_("Sök"), required=False, max_length=200)
    }
    for name, applies, build in FILTERS:
        if applies(register):
            fields[name] = build(register, actor)
    fields["archived"] = forms.BooleanField(label=_("Visa arkiverade"), required=False)
    orderings = [o for name in sorted(register.sortable) for o in (name, f"-{name}")]
    fields["ordering"] = forms.ChoiceField(
        choices=[("", ""), *((o, o) for o in orderings)], required=False, widget=forms.HiddenInput
    )
    form = type(f"{register.model.__name__}FilterForm", (AccessibleForm,), fields)(data)
    form.is_valid()
    return form


class FilterValues:
    """The valid filters of a filter form, as attributes for `registry.apply_filters`."""

    def __init__(self, form: forms.Form):
        cleaned = getattr(form, "cleaned_data", {})
        for name in form.fields:
            value = cleaned.get(name)
            setattr(self, name, getattr(value, "pk", value))


# --- a record's child rows (a project's partners, a visit's costs) ---------------------------


class ChildForm(forms.ModelForm):
    """One child row; the record's write service validates it with the record."""

    bound_field_class = DescribedBoundField
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, link_choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if name in link_choices:
                # Read once for all rows (a country list per row would be a query per row).
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "---------"), *link_choices[name]],
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                    widget=LongSelect,  # a country list on every row
                )
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, words(str(label))) for value, label in field.choices]

    def _post_clean(self):
        """Validated by the services, with the record."""


class ChildFormSet(forms.BaseFormSet):
    def row_values(self) -> tuple[list[dict], list[int]]:
        """The rows to keep (empty and removed ones left out), and each one's form index."""
        rows, indexes = [], []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", {})
            if data.get("DELETE") or not (data.get("id") or form.has_changed()):
                continue
            rows.append({name: data.get(name) for name in (*self.child.fields, "id")})
            indexes.append(index)
        return rows, indexes

    def quiet(self) -> None:
        self._errors, self._non_form_errors = [], self.error_class()
        for form in self.forms:
            quiet(form)


def quiet(form: forms.Form) -> None:
    """Shown again as typed but without errors: another row was asked for, nothing is saved."""
    form._errors, form.cleaned_data = ErrorDict(), {}


def child_formsets(register: Register, data=None, record=None) -> list[ChildFormSet]:
    """A formset per kind of child row, filled from the record; one empty row to add to.

    `add_row` (a button's value) asks for one more empty row without saving anything."""
    formsets = []
    for child in register.children:
        form_class = forms.modelform_factory(
            child.model, form=ChildForm, fields=child.fields, formfield_callback=_formfield
        )
        formset_class = forms.formset_factory(
            form_class, formset=ChildFormSet, extra=1, can_delete=True
        )
        initial = None
        if record is not None and record.pk:
            initial = [
                {"id": row.pk, **{name: _initial(row, name) for name in child.fields}}
                for row in getattr(record, child.accessor).all()
            ]
        total = f"{child.accessor}-TOTAL_FORMS"
        # A post without the rows (a form from before they were shown) leaves them as they are.
        bound = data if data is not None and total in data else None
        if bound is not None and data.get("add_row") == child.accessor:
            bound = data.copy()
            bound[total] = str(_count(data.get(total)) + 1)
        links = {
            name: [(item.pk, str(item)) for item in reference(field.related_model)]
            for name in child.fields
            if (field := child.model._meta.get_field(name)).is_relation
        }
        formset = formset_class(
            bound, initial=initial, prefix=child.accessor, form_kwargs={"link_choices": links}
        )
        formset.child = child
        formset.title = capfirst(child.model._meta.verbose_name_plural)
        formset.added = bound is not data
        formsets.append(formset)
    return formsets


def _count(value) -> int:
    try:
        return min(max(int(value), 0), 100)
    except (TypeError, ValueError):
        return 0


def _initial(row, name: str):
    field = row._meta.get_field(name)
    return getattr(row, field.attname)


def asked_for_row(data) -> bool:
    return bool(data is not None and data.get("add_row"))


def add_child_errors(formsets: list, indexes: dict, exc: ValidationError) -> ValidationError:
    """Put errors located at `partners.2.country` on that row's field; return the others."""
    error_dict = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    by_accessor = {formset.child.accessor: formset for formset in formsets}
    others: dict = {}
    for name, errors in error_dict.items():
        parts = (name or "").split(".")
        formset = by_accessor.get(parts[0])
        if formset is None or len(parts) < 2:
            others[name or "__all__"] = errors
            continue
        form = formset.forms[indexes[parts[0]][int(parts[1])]]
        field = parts[2] if len(parts) > 2 and parts[2] in form.fields else None
        for error in errors:
            form.add_error(field, " ".join(error.messages))
    return ValidationError(others) if others else None
