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


def test_links_are_boxes_until_they_are_too_many_then_a_list(monkeypatch):
    from utblick.core.forms import AccessibleForm, BoxesOrList

    class LinksForm(AccessibleForm):
        memberships = forms.MultipleChoiceField(
            choices=[(str(n), f"Nätverk {n}") for n in range(5)], widget=BoxesOrList
        )

    boxes = LinksForm(initial={"memberships": ["2"]})["memberships"]
    assert boxes.use_fieldset and 'type="checkbox"' in str(boxes)
    monkeypatch.setattr(BoxesOrList, "most", 4)
    listed = LinksForm(initial={"memberships": ["2"]})["memberships"]
    html = str(listed)
    assert not listed.use_fieldset and listed.id_for_label == "id_memberships"
    assert html.startswith('<select name="memberships"') and " multiple" in html
    assert '<option value="2" selected>Nätverk 2</option>' in html
    bound = LinksForm({"memberships": ["1", "3"]})
    assert bound.is_valid() and bound.cleaned_data["memberships"] == ["1", "3"]
