"""Errors as JSON, in English, each located at its field: {"detail": [{"loc", "msg", "type"}]}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from utblick.core.errors import StaleVersion
from utblick.core.messages import english


def validation_payload(exc: ValidationError) -> dict:
    items = []
    with translation.override("en"):
        error_dict = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
        for field, errors in error_dict.items():
            for error in errors:
                for single in error.error_list if hasattr(error, "error_list") else [error]:
                    message = english(single.code, single.params) if single.code else None
                    if message is None:
                        text = single.message
                        message = str(text % single.params if single.params else text)
                    loc = ["body"] if field == "__all__" else ["body", field]
                    items.append({"loc": loc, "msg": message, "type": single.code or "invalid"})
    return {"detail": items}


def stale_payload(exc: StaleVersion) -> dict:
    return {
        "detail": [
            {
                "loc": ["body", "version"],
                "msg": (
                    f"The record has changed since version {exc.expected}; it is now at "
                    f"version {exc.current}. Nothing was written: fetch it again and redo "
                    "the change."
                ),
                "type": "stale_version",
            }
        ],
        "current_version": exc.current,
        "changed_fields": list(exc.changed_fields),
    }


def register_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request, exc):
        return api.create_response(request, validation_payload(exc), status=422)

    @api.exception_handler(StaleVersion)
    def on_stale(request, exc):
        return api.create_response(request, stale_payload(exc), status=409)

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        return api.create_response(
            request, {"detail": str(exc) or "You may not do this."}, status=403
        )
