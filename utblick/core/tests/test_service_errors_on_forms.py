"""One `add_service_errors` for every app's forms: a service's error goes to its field (else
above the form, named by the field's label), in the interface's language."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from utblick.core.forms import add_service_errors
from utblick.core.validation import problem
from utblick.registers.models import Visit


class WaiveForm(forms.Form):
    waived_reason = forms.CharField(required=False)


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["title"]


def _error_for(field: str, code: str, **params) -> ValidationError:
    return ValidationError({field: [problem(code, **params)]})


def test_a_routines_error_shows_at_its_field_in_the_interfaces_language():
    form = WaiveForm({"waived_reason": ""})
    form.is_valid()
    add_service_errors(form, _error_for("waived_reason", "waived_reason_required"))
    assert form.errors["waived_reason"] == ["Ange varför åtgärden inte behöver göras."]
    english = WaiveForm({"waived_reason": ""})
    english.is_valid()
    with translation.override("en"):
        add_service_errors(english, _error_for("waived_reason", "waived_reason_required"))
    assert english.errors["waived_reason"] == [
        "Give the reason why the obligation need not be done."
    ]


def test_an_error_at_a_field_the_form_lacks_is_shown_above_it_with_the_fields_label():
    form = VisitForm({"title": "Studiebesök"})
    form.is_valid()
    add_service_errors(form, _error_for("ends_on", "end_before_start"))
    assert form.non_field_errors() == ["Till: Slutdatum kan inte ligga före startdatum."]
