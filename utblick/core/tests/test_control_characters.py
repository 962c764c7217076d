"""Control characters: one rule (core.text) for every write path."""

import pytest
from django.core.exceptions import ValidationError

from utblick.core.services import record_create
from utblick.core.text import has_control_characters, printable_tree, without_control_characters
from utblick.registers.models import NetworkMembership


def test_it_tells_control_characters_from_ordinary_text():
    assert not has_control_characters("Kultur- och fritidsnämnden\tRad 1\nRad 2\r\n€ – ””")
    for character in ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\ud800", "\uffff"):
        assert has_control_characters(f"a{character}b"), repr(character)
        assert without_control_characters(f"a{character}b") == "ab"


def test_it_strips_every_string_of_a_document_tree():
    from utblick.reporting.document import Paragraph

    tree = {"title": "A\x00", "blocks": [Paragraph(text="B\x01")], "n": 3}
    assert printable_tree(tree) == {"title": "A", "blocks": [Paragraph(text="B")], "n": 3}


@pytest.mark.django_db
def test_the_services_refuse_them_at_each_field_and_write_nothing(world):
    with pytest.raises(ValidationError) as refused:
        record_create(
            actor=world.actor(world.alice),
            model=NetworkMembership,
            fields={
                "organisation": "EURO\x00CITIES",
                "purpose": "Nätverk\x07",
                "scope": "unit",
                "unit_id": world.committee.pk,
            },
        )
    errors = refused.value.error_dict
    assert {name: [e.code for e in errors[name]] for name in errors} == {
        "organisation": ["control_characters"],
        "purpose": ["control_characters"],
    }
    assert not NetworkMembership.objects.exists()
