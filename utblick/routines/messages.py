"""The routines' validation messages by code: Swedish (the UI) and English (the API)."""

from django.core.exceptions import ValidationError

MESSAGES: dict[str, tuple[str, str]] = {
    "waived_reason_required": (
        "Ange varför åtgärden inte behöver göras.",
        "Give the reason why the obligation need not be done.",
    ),
    "evidence_required": (
        "Ange vad som visar att åtgärden är gjord (t.ex. datum och hur), eller välj ett ärende.",
        "Give what shows that the obligation is done (e.g. date and how), or choose a matter.",
    ),
    "not_open": (
        "Åtgärden är inte öppen (status: %(status)s).",
        "The obligation is not open (status: %(status)s).",
    ),
    "not_closed": (
        "Bara en klar eller motiverat struken åtgärd kan öppnas igen.",
        "Only a done or waived obligation can be reopened.",
    ),
    "review_reason_required": (
        "Ange skälet till beslutet (det sparas i historiken).",
        "Give the reason for the decision (it is kept in the history).",
    ),
    "not_in_backlog": (
        "Åtgärden väntar inte på granskning.",
        "The obligation is not awaiting review.",
    ),
    "none_picked": (
        "Välj minst en åtgärd.",
        "Choose at least one obligation.",
    ),
    "matter_not_in_municipality": (
        "Ärendet finns inte i kommunen.",
        "No such matter in this municipality.",
    ),
}


def problem(code: str, **params) -> ValidationError:
    swedish, _ = MESSAGES[code]
    return ValidationError(swedish, code=code, params=params or None)


def english(code: str, **params) -> str:
    return MESSAGES[code][1] % params if params else MESSAGES[code][1]
