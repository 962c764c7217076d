"""API tokens: stored hashed, shown once, revocable; each acts for one user in one municipality."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("benämning"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole token
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user}, {self.municipality})"
