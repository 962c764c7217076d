"""Swedish words the interface shows that are defined as plain strings elsewhere (the lifecycle,
the audit trail), marked here so that `makemessages` puts them in the English catalogue.
They are translated where they are shown, with `gettext` / `{% translate value %}`."""

from django.utils.translation import gettext_noop

LIFECYCLE = (
    gettext_noop("Idé"),
    gettext_noop("Under beredning"),
    gettext_noop("Inskickad"),
    gettext_noop("Beviljad"),
    gettext_noop("Avslagen"),
    gettext_noop("Återkallad"),
    gettext_noop("Pågående projekt"),
    gettext_noop("Avslutat projekt"),
)
AUDIT_ACTIONS = (gettext_noop("Skapad"), gettext_noop("Ändrad"), gettext_noop("Borttagen"))
