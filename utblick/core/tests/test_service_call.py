"""One flow for every view that calls a service (core.views.service_call): the form checked, the
service called, its errors on the form or in a message, a stale version shown, success told."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from utblick.core.errors import StaleVersion
from utblick.core.validation import problem
from utblick.core.views import service_call


class ReasonForm(forms.Form):
    reason = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _page(form):
    return lambda status: HttpResponse(str(form.errors), status=status)


def _told(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_valid_form_calls_the_service_tells_success_and_goes_on():
    request, form, called = _request(), ReasonForm({"reason": "klart"}), []
    response = service_call(
        request,
        lambda: called.append(form.cleaned_data["reason"]) or "saved",
        form=form,
        success=lambda result: f"Sparat: {result}",
        done="/nasta/",
        again=_page(form),
    )
    assert called == ["klart"]
    assert (response.status_code, response["Location"]) == (302, "/nasta/")
    assert _told(request) == ["Sparat: saved"]


def test_an_invalid_form_does_not_call_the_service():
    request, form = _request(), ReasonForm({"reason": ""})
    response = service_call(
        request, lambda: 1 / 0, form=form, success="Sparat", done="/nasta/", again=_page(form)
    )
    assert response.status_code == 400 and "reason" in form.errors
    assert _told(request) == []


def test_the_services_error_is_shown_at_its_field_and_nothing_is_told():
    request, form = _request(), ReasonForm({"reason": "x"})

    def refuse():
        raise ValidationError({"reason": [problem("archive_reason")]})

    response = service_call(
        request, refuse, form=form, success="Sparat", done="/nasta/", again=_page(form)
    )
    assert response.status_code == 400
    assert form.errors["reason"] == ["Ange varför posten arkiveras."]
    assert _told(request) == []


def test_a_stale_version_is_told_above_the_form_with_409():
    request, form = _request(), ReasonForm({"reason": "x"})

    def stale():
        raise StaleVersion(model_label="registers.visit", pk=1, expected=1, current=2)

    response = service_call(
        request, stale, form=form, stale="Någon hann före.", done="/nasta/", again=_page(form)
    )
    assert response.status_code == 409
    assert form.non_field_errors() == ["Någon hann före."]


def test_without_a_form_the_services_error_is_told_and_the_user_goes_back():
    request = _request()

    def refuse():
        raise ValidationError({"reason": ["Ange varför rapporten tas bort."]})

    response = service_call(request, refuse, success="Borttagen", done="/klar/", again="/igen/")
    assert response["Location"] == "/igen/"
    assert _told(request) == ["Ange varför rapporten tas bort."]
