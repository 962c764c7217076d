from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """Who represents or decides, in the policy's words (M2, F4)."""

    COUNCIL = "council", _("Kommunfullmäktige")
    EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelsen")
    COMMITTEE = "committee", _("Nämnd")
    MUNICIPAL_COMPANY = "municipal_company", _("Bolagsstyrelse")
    STAFF = "staff", _("Tjänstepersoner")
