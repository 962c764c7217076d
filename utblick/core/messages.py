"""The services' validation messages by code, each a gettext message: Swedish source text, its
English in the catalogue. The code is the error's type in the API; the text is rendered in the
language active where it is shown (the interface's, or English in the API)."""

from collections.abc import Iterable

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

MESSAGES = {
    "end_before_start": gettext_lazy("Slutdatum kan inte ligga före startdatum."),
    "review_order": gettext_lazy("Nästa prövning ska ligga efter den senaste."),
    "decision_before_submission": gettext_lazy("Besked kan inte komma före inskickandet."),
    "decision_before_initiation": gettext_lazy("Beslutet kan inte ligga före ärendets start."),
    "negative_amount": gettext_lazy("Beloppet kan inte vara negativt."),
    "above_total_budget": gettext_lazy("Beloppet kan inte vara större än den totala budgeten."),
    "eur_needs_rate": gettext_lazy(
        "Ange växelkursen EUR→SEK (större än 0) när beloppen anges i euro."
    ),
    "rate_only_for_eur": gettext_lazy("Växelkurs anges bara när beloppen är i euro."),
    "ended_needs_date": gettext_lazy("Ange när det avslutades."),
    "decision_body_and_date": gettext_lazy("Ange både vilket organ som beslutade och när."),
    "programme_or_funder": gettext_lazy("Välj ett EU-program eller ange annan finansiär."),
    "submitted_needs_date": gettext_lazy("Ange när ansökan skickades in."),
    "granted_needs_amount": gettext_lazy("Ange beviljat belopp."),
    "running_needs_start": gettext_lazy("Ange projektstart."),
    "closed_needs_end": gettext_lazy("Ange projektslut."),
    "transition_not_allowed": gettext_lazy(
        "Status kan inte gå från ”%(current)s” till ”%(target)s”. Tillåtet nästa steg: %(allowed)s."
    ),
    "status_final": gettext_lazy("En ansökan med status ”%(current)s” kan inte byta status."),
    "one_subject": gettext_lazy("Ett ärende gäller högst en post."),
    "decided_needs_date": gettext_lazy("Ange beslutsdatum för ett avgjort ärende."),
    "decided_needs_body": gettext_lazy("Ange vilket organ som beslutade."),
    "plan_year": gettext_lazy("Ange ett planår mellan 2000 och 2100."),
    "not_in_municipality": gettext_lazy("Posten finns inte i kommunen."),
    "own_parent": gettext_lazy("En enhet kan inte vara överordnad sig själv."),
    "above_applied": gettext_lazy("Beviljat belopp kan inte vara större än det sökta."),
    "reported_needs_date": gettext_lazy("Ange när återrapporten kom in."),
    "control_characters": gettext_lazy(
        "Texten innehåller otillåtna tecken (styrtecken). Ta bort dem och försök igen."
    ),
    "no_such_record": gettext_lazy("Posten finns inte."),
    "archive_reason": gettext_lazy("Ange varför posten arkiveras."),
    # the routines' obligations
    "waived_reason_required": gettext_lazy("Ange varför åtgärden inte behöver göras."),
    "evidence_required": gettext_lazy(
        "Ange vad som visar att åtgärden är gjord (t.ex. datum och hur), eller välj ett ärende."
    ),
    "not_open": gettext_lazy("Åtgärden är inte öppen (status: %(status)s)."),
    "not_closed": gettext_lazy("Bara en klar eller motiverat struken åtgärd kan öppnas igen."),
    "matter_not_in_municipality": gettext_lazy("Ärendet finns inte i kommunen."),
    "review_reason_required": gettext_lazy("Ange skälet till beslutet (det sparas i historiken)."),
    "not_in_backlog": gettext_lazy("Åtgärden väntar inte på granskning."),
    "none_picked": gettext_lazy("Välj minst en åtgärd."),
}


def labels(words: Iterable[str]) -> str:
    """Labels (msgids) each translated and quoted, joined: ”Idé”, ”Återkallad”; when shown."""
    return _quoted(tuple(words))


def _quote(words: tuple[str, ...]) -> str:
    return ", ".join(gettext("”%(label)s”") % {"label": gettext(word)} for word in words)


_quoted = lazy(_quote, str)
