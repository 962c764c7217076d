"""Registers a model with the Django admin (for installation administrators) and its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


def register_with_history(model, *, list_display=("__str__",), list_filter=(), search=()):
    attrs = {
        "list_display": list_display,
        "list_filter": list_filter,
        "search_fields": search,
        "readonly_fields": tuple(
            name
            for name in ("version", "created_at", "updated_at", "created_by", "archived_at")
            if any(f.name == name for f in model._meta.get_fields())
        ),
    }
    admin.site.register(model, type(f"{model.__name__}Admin", (SimpleHistoryAdmin,), attrs))
