"""`utblick openapi`: print the API's OpenAPI document, the one /api/v1/openapi.json serves.

    utblick openapi > docs/openapi.json      # or: make openapi

docs/openapi.json is committed, and a test fails when the API changes and the file does not.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


def openapi_text() -> str:
    from utblick.api.urls import api

    with translation.override(settings.LANGUAGE_CODE):  # as served: the same text every time
        schema = api.get_openapi_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Print the API's OpenAPI document (committed as docs/openapi.json)."

    def handle(self, *args, **options):
        self.stdout.write(openapi_text(), ending="")
