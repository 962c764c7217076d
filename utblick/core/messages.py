"""Validation messages by code, in Swedish (the UI) and English (the API). No Django imports."""

MESSAGES: dict[str, tuple[str, str]] = {
    "end_before_start": (
        "Slutdatum kan inte ligga före startdatum.",
        "The end date cannot be before the start date.",
    ),
    "review_order": (
        "Nästa prövning ska ligga efter den senaste.",
        "The next review must come after the last one.",
    ),
    "decision_before_submission": (
        "Besked kan inte komma före inskickandet.",
        "The decision cannot come before the submission.",
    ),
    "decision_before_initiation": (
        "Beslutet kan inte ligga före ärendets start.",
        "The decision cannot come before the matter was initiated.",
    ),
    "negative_amount": ("Beloppet kan inte vara negativt.", "The amount cannot be negative."),
    "above_total_budget": (
        "Beloppet kan inte vara större än den totala budgeten.",
        "The amount cannot exceed the total budget.",
    ),
    "eur_needs_rate": (
        "Ange växelkursen EUR→SEK (större än 0) när beloppen anges i euro.",
        "Give the EUR→SEK exchange rate (greater than 0) when amounts are in euro.",
    ),
    "rate_only_for_eur": (
        "Växelkurs anges bara när beloppen är i euro.",
        "An exchange rate is given only when amounts are in euro.",
    ),
    "ended_needs_date": ("Ange när det avslutades.", "Give the date it ended."),
    "decision_body_and_date": (
        "Ange både vilket organ som beslutade och när.",
        "Give both the deciding body and the decision date.",
    ),
    "programme_or_funder": (
        "Välj ett EU-program eller ange annan finansiär.",
        "Choose an EU programme or name another funder.",
    ),
    "submitted_needs_date": (
        "Ange när ansökan skickades in.",
        "Give the date the application was submitted.",
    ),
    "granted_needs_amount": ("Ange beviljat belopp.", "Give the granted amount."),
    "running_needs_start": ("Ange projektstart.", "Give the project start date."),
    "closed_needs_end": ("Ange projektslut.", "Give the project end date."),
    "transition_not_allowed": (
        "Status kan inte gå från ”%(current)s” till ”%(target)s”. Tillåtet nästa steg: %(allowed)s.",
        "The status cannot go from '%(current_en)s' to '%(target_en)s'. Allowed next: %(allowed_en)s.",
    ),
    "status_final": (
        "En ansökan med status ”%(current)s” kan inte byta status.",
        "An application with status '%(current_en)s' cannot change status.",
    ),
    "one_subject": ("Ett ärende gäller högst en post.", "A matter concerns at most one record."),
    "decided_needs_date": (
        "Ange beslutsdatum för ett avgjort ärende.",
        "Give the decision date of a decided matter.",
    ),
    "decided_needs_body": (
        "Ange vilket organ som beslutade.",
        "Give the body that decided.",
    ),
    "plan_year": (
        "Ange ett planår mellan 2000 och 2100.",
        "Give a plan year between 2000 and 2100.",
    ),
    "not_in_municipality": (
        "Posten finns inte i kommunen.",
        "No such record in this municipality.",
    ),
    "own_parent": (
        "En enhet kan inte vara överordnad sig själv.",
        "A unit cannot be its own parent.",
    ),
    "above_applied": (
        "Beviljat belopp kan inte vara större än det sökta.",
        "The granted amount cannot exceed the amount applied for.",
    ),
    "reported_needs_date": (
        "Ange när återrapporten kom in.",
        "Give the date the report came in.",
    ),
    "control_characters": (
        "Texten innehåller otillåtna tecken (styrtecken). Ta bort dem och försök igen.",
        "The text contains characters that are not allowed (control characters).",
    ),
    "no_such_record": (
        "Posten finns inte.",
        "No such record.",
    ),
    "archive_reason": (
        "Ange varför posten arkiveras.",
        "Give the reason for archiving.",
    ),
    # the routines' obligations
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
    "matter_not_in_municipality": (
        "Ärendet finns inte i kommunen.",
        "No such matter in this municipality.",
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
}


def swedish(code: str, params: dict | None = None) -> str:
    return MESSAGES[code][0] % (params or {})


def english(code: str, params: dict | None = None) -> str | None:
    if code not in MESSAGES:
        return None
    return MESSAGES[code][1] % (params or {})
