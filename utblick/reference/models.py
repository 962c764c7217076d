"""Reference data shared by every municipality: countries (ISO 3166-1) and the EU programme catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    code = models.CharField(_("landskod"), max_length=2, primary_key=True)  # ISO 3166-1 alpha-2
    alpha3 = models.CharField(max_length=3, unique=True)
    name_sv = models.CharField(_("namn"), max_length=100)
    name_en = models.CharField(_("namn (engelska)"), max_length=100)
    is_eu_member = models.BooleanField(_("EU-medlem"), default=False)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("land")
        verbose_name_plural = _("länder")

    def __str__(self) -> str:
        return self.name_sv


class Management(models.TextChoices):
    DIRECT = "direct", _("Direktförvaltat")
    SHARED = "shared", _("Delad förvaltning")
    INTERREG = "interreg", _("Interreg")
    INDIRECT = "indirect", _("Indirekt förvaltat")


class EUProgramme(models.Model):
    code = models.CharField(_("kod"), max_length=60, unique=True)
    name_sv = models.CharField(_("namn"), max_length=300)
    name_en = models.CharField(_("namn (engelska)"), max_length=300)
    management = models.CharField(_("förvaltning"), max_length=20, choices=Management.choices)
    ft_portal_programme_id = models.CharField(
        _("id i Funding & Tenders-portalen"), max_length=20, blank=True
    )
    url = models.URLField(_("webbplats"), max_length=500, blank=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("EU-program")
        verbose_name_plural = _("EU-program")

    def __str__(self) -> str:
        return self.name_sv
