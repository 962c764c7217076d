"""Errors as JSON, in English, each located: {"detail": [{"loc", "msg", "type"}]}.

Every status an operation can answer is declared in the OpenAPI document (`responses()`),
and every error, whether raised by the services, by the input schemas or by something
unforeseen, is answered in this one shape.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils import translation
from django.views import defaults
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from utblick.core.errors import StaleVersion

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


class StaleOut(ErrorOut):
    current_version: int
    changed_fields: list[str]


READ_ERRORS = {401: ErrorOut, 422: ErrorOut}
RECORD_ERRORS = {**READ_ERRORS, 404: ErrorOut}
CREATE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut}
CHANGE_ERRORS = {**RECORD_ERRORS, 400: ErrorOut, 403: ErrorOut, 409: StaleOut}


def error(loc: list, msg: str, kind: str) -> dict:
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


def validation_payload(exc: ValidationError) -> dict:
    items = []
    with translation.override("en"):
        error_dict = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
        for field, errors in error_dict.items():
            for error_ in errors:
                for single in error_.error_list if hasattr(error_, "error_list") else [error_]:
                    message = " ".join(single.messages)  # gettext's English, where it has one
                    loc = ["body"] if field == "__all__" else ["body", *_located(field)]
                    items.append({"loc": loc, "msg": message, "type": single.code or "invalid"})
    return {"detail": items}


def _located(field: str) -> list[str | int]:
    """`partners.2.country` → ["partners", 2, "country"], as the input schemas locate it."""
    return [int(part) if part.isdigit() else part for part in field.split(".")]


def input_payload(exc: InputError) -> dict:
    """The schemas' own errors, located as the services' are: ["body", field], ["query", name]."""
    items = []
    for item in exc.errors:
        loc = list(item.get("loc", ()))
        if len(loc) > 1 and loc[0] == "body" and loc[1] == "payload":
            del loc[1]  # the endpoint's parameter name is no part of the request
        items.append(
            {"loc": loc, "msg": str(item.get("msg", "")), "type": str(item.get("type", "invalid"))}
        )
    return {"detail": items}


def stale_payload(exc: StaleVersion) -> dict:
    return {
        **error(
            ["body", "version"],
            f"The record has changed since version {exc.expected}; it is now at version "
            f"{exc.current}. Nothing was written: fetch it again and redo the change.",
            "stale_version",
        ),
        "current_version": exc.current,
        "changed_fields": list(exc.changed_fields),
    }


def register_handlers(api) -> None:
    def answer(request, payload, status):
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc):
        return answer(request, validation_payload(exc), 422)

    @api.exception_handler(InputError)
    def on_input(request, exc):
        return answer(request, input_payload(exc), 422)

    @api.exception_handler(StaleVersion)
    def on_stale(request, exc):
        return answer(request, stale_payload(exc), 409)

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        message = str(exc) or "You may not do this."
        return answer(request, error([], message[:1].upper() + message[1:], "forbidden"), 403)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return answer(request, error(["path"], "No such record.", "not_found"), 404)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        message = "Send a valid token: Authorization: Bearer <token>."
        return answer(
            request, error(["header", "Authorization"], message, "not_authenticated"), 401
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        loc = ["body"] if exc.status_code == 400 else []
        return answer(request, error(loc, str(exc), "bad_request"), exc.status_code)

    @api.exception_handler(Exception)
    def on_unforeseen(request, exc):
        log.exception("API request failed: %s %s", request.method, request.path)
        return answer(
            request, error([], "Internal error; it has been logged.", "server_error"), 500
        )


def not_found(request, exception=None):
    """Django's own 404 (a path no route matches): JSON under /api/, the page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error(["path"], "No such resource.", "not_found"), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        payload = error([], "Internal error; it has been logged.", "server_error")
        return JsonResponse(payload, status=500)
    return defaults.server_error(request)
