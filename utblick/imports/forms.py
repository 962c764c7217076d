from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.imports.services import MAX_BYTES

ACCEPTED = (".xlsx", ".csv")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (.xlsx eller .csv)"),
        help_text=_("Högst 10 MB och 3 000 rader. Rubrikerna på rad 1, som i mallen."),
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB. Dela upp den i flera filer."))
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(_("Välj en Excel-fil (.xlsx) eller en CSV-fil (.csv)."))
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(min_length=64, max_length=64, widget=forms.HiddenInput)
