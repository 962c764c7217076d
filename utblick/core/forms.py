"""What every form of every app shares: controls described for screen readers, the date widget,
and the services' errors put back on the form in the interface's language (`add_service_errors`).

Here, below the apps, so the routines', the monitoring's and the web's forms build on one base.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst


class DescribedBoundField(BoundField):
    """Points a control's aria-describedby at its help text and its error messages."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.field.widget.use_fieldset:
            return attrs  # a group of boxes is described on its <fieldset>
        ids = [f"{self.auto_id}_helptext"] if self.help_text else []
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return attrs


class AccessibleForm(forms.Form):
    bound_field_class = DescribedBoundField


class LongSelect(forms.Select):
    """A select of many options (an organisation's hundreds of people) written in one pass:
    Django renders each option through a template of its own, which took most of a list page's
    time. The same markup as `forms.Select`, optgroups included."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], _attrs(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            format_html_join("", "{}", ((g,) for g in groups)),
        )


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """Links to pick among many records (the largest organisation's 2 000 memberships), where a
    box per record would make a page of hundreds of kilobytes."""


class BoxesOrList(forms.CheckboxSelectMultiple):
    """Links as a box each, or, with more than `most` choices (the largest organisation's
    2 000 memberships), as a list to pick from: a box per record made a page of hundreds of
    kilobytes. The choices are read once, when the form is shown."""

    most = 60

    @cached_property
    def choices_read(self) -> list:
        # Not list(): it asks a queryset's choices for their length first, a COUNT query.
        return [choice for choice in self.choices]

    @property
    def long(self) -> bool:
        return len(self.choices_read) > self.most

    @property
    def use_fieldset(self) -> bool:  # type: ignore[override]
        return not self.long

    def optgroups(self, name, value, attrs=None):
        self.choices = self.choices_read
        return super().optgroups(name, value, attrs)

    def id_for_label(self, id_, index=None):
        return id_ if self.long and index is None else super().id_for_label(id_, index)

    def render(self, name, value, attrs=None, renderer=None):
        if not self.long:
            return super().render(name, value, attrs, renderer)
        widget = LongSelectMultiple(attrs={**self.attrs, "size": 10}, choices=self.choices_read)
        return widget.render(name, value, attrs, renderer)


def _attrs(attrs: dict):
    """As Django's widgets/attrs.html: in their order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """The services' field-located errors, at the form's fields (else at the top of the form)."""
    error_dict = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, errors in error_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            message = " ".join(error.messages)  # lazy messages: in the interface's language
            if target is None and name not in (None, "__all__"):
                message = f"{_field_label(form, name)}: {message}"
            form.add_error(target, message)


def _field_label(form: forms.Form, name: str) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None) or getattr(form, "model", None)
    if model is None:
        return name
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except Exception:
        return name
