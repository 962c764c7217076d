"""The services' messages (core.messages) are gettext messages: Swedish source, English in the
catalogue, the same placeholders in both."""

import re

from django.utils import translation

from utblick.core.messages import MESSAGES, labels

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _texts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {code: str(text) for code, text in MESSAGES.items()}


def test_every_message_code_has_its_english_in_the_catalogue():
    swedish, english = _texts("sv"), _texts("en")
    assert [code for code in MESSAGES if english[code] == swedish[code]] == []


def test_every_message_has_the_same_placeholders_in_swedish_and_english():
    swedish, english = _texts("sv"), _texts("en")
    for code in MESSAGES:
        assert set(PLACEHOLDER.findall(swedish[code])) == set(PLACEHOLDER.findall(english[code]))


def test_labels_in_a_message_are_translated_where_it_is_shown():
    allowed = labels(["Under beredning", "Återkallad"])
    with translation.override("sv"):
        assert str(allowed) == "”Under beredning”, ”Återkallad”"
    with translation.override("en"):
        assert str(allowed) == "'Preparing', 'Withdrawn'"
