"""What the follow-up views share: the sentence shown when someone else saved first."""

from django.utils.translation import gettext_noop

# Translated where it is shown (gettext), in the reader's language.
REPORT_CHANGED = gettext_noop(
    "Någon annan har ändrat rapporten medan du arbetade. Ingenting sparades; "
    "sidan visar nu den senaste versionen."
)
