"""What the follow-up views share: turning service errors into Swedish messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from utblick.core.errors import StaleVersion


def report_problem(request, exc: Exception) -> None:
    if isinstance(exc, StaleVersion):
        messages.error(
            request,
            "Någon annan har ändrat rapporten medan du arbetade. Ingenting sparades; "
            "sidan visar nu den senaste versionen.",
        )
    elif isinstance(exc, ValidationError):
        texts = []
        for errors in getattr(exc, "message_dict", {"": exc.messages}).values():
            texts.extend(str(e) for e in errors)
        messages.error(request, " ".join(texts) or "Det gick inte att spara.")
