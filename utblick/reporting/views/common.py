"""What the follow-up views share: the sentence shown when someone else saved first."""

from django.utils.translation import gettext_lazy as _

REPORT_CHANGED = _(
    "Någon annan har ändrat rapporten medan du arbetade. Ingenting sparades; "
    "sidan visar nu den senaste versionen."
)
