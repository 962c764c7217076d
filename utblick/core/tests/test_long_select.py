"""A select of many options is written in one pass, with the markup Django's own select has."""

from django import forms

from utblick.core.forms import LongSelect

CHOICES = [
    ("", "Ingen vald"),
    (1, "Anna <Andersson> & Co"),
    (2, 'Bo "Bosse" Berg'),
    ("Nämnder", [(3, "Kultur- och fritidsnämnden"), (4, "Miljönämnden")]),
]


def test_a_long_select_has_the_markup_of_django_s_select():
    attrs = {"id": "id_person", "aria-describedby": "id_person_helptext", "required": True}
    for value in (None, "", 2, "4"):
        fast = LongSelect(choices=CHOICES).render("person", value, attrs)
        plain = forms.Select(choices=CHOICES).render("person", value, attrs)
        assert fast == plain.replace("\n  ", "").replace("\n", "")  # the template's indenting


def test_its_labels_are_escaped():
    html = LongSelect(choices=CHOICES).render("person", None)
    assert "Anna &lt;Andersson&gt; &amp; Co" in html and "<Andersson>" not in html
