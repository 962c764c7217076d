"""The flow of every view that calls a service, written once for all the apps' views.

The form is checked; the service is called; its errors go back onto the form (or, for a
form-less button, into a message); a stale version (someone else saved first) is shown; on
success a message and the next page. Here, below the apps, so that every app's views use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from utblick.core.errors import StaleVersion
from utblick.core.forms import add_service_errors

# Where to go: a response, or what `redirect()` takes (a URL, a view name, a record), or a
# function giving either.
Next = Any


def service_call(
    request,
    write: Callable[[], Any],
    *,
    done: Next,
    again: Next,
    form: forms.Form | None = None,
    success: Callable[[Any], str] | str | None = None,
    stale: Callable[[StaleVersion], HttpResponse] | str | None = None,
    errors: Callable[[ValidationError], None] | None = None,
    invalid_status: int = 400,
) -> HttpResponse | None:
    """Run `write` (the service) once the form is valid, and answer the request.

    done: the next page after success, or a function of the service's result giving it.
    again: the page when nothing was written, a function of the status (the form's errors
        shown: `invalid_status`; an unbound form: 200; a stale version: 409), or where to go;
        None when the caller renders its page itself (None is then returned).
    success: the message after success, or a function of the service's result giving it.
    stale: what a stale version shows: a function of the error giving the page as it is now,
        or a sentence put above the form (without a form: into a message).
    errors: where the service's errors go when the page has more than the form (rows of
        child records); by default onto the form.
    """
    if form is not None and not (form.is_bound and form.is_valid()):
        return _go(again, invalid_status if form.is_bound else 200)
    try:
        result = write()
    except ValidationError as exc:
        if errors is not None:
            errors(exc)
        elif form is None:
            messages.error(request, " ".join(_texts(exc)) or _("Det gick inte att spara."))
        else:
            add_service_errors(form, exc)
        return _go(again, invalid_status)
    except StaleVersion as exc:
        if stale is None:
            raise
        if callable(stale):
            return stale(exc)
        if form is None:
            messages.error(request, stale)
        else:
            form.add_error(None, stale)
        return _go(again, 409)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return _go(done, result)


def _go(target: Next, argument: Any) -> HttpResponse | None:
    if callable(target):
        target = target(argument)
    if target is None or isinstance(target, HttpResponse):
        return target
    return redirect(target)


def _texts(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [text for texts in exc.message_dict.values() for text in texts]
    return list(exc.messages)
