"""What the follow-up views share: the sentence shown when someone else saved first."""

REPORT_CHANGED = (
    "Någon annan har ändrat rapporten medan du arbetade. Ingenting sparades; "
    "sidan visar nu den senaste versionen."
)
