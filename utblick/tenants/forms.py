from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.web.forms import AccessibleForm


class TenantCreateForm(AccessibleForm):
    code = forms.CharField(
        label=_("Kommun- eller regionkod"),
        max_length=4,
        help_text=_("Fyra siffror för en kommun (t.ex. 1283 Helsingborg), två för en region."),
    )
    admin_email = forms.EmailField(
        label=_("Första administratörens e-post"),
        help_text=_("Får en länk för att välja lösenord. Länken fungerar en gång."),
    )
