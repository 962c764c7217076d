"""What the follow-up views share: a write that goes back to its page, and the sentence shown
when someone else saved the report first."""

from django.utils.translation import gettext, gettext_noop

from utblick.core.views import service_call

# Translated where it is shown (gettext), in the reader's language.
REPORT_CHANGED = gettext_noop(
    "Någon annan har ändrat rapporten medan du arbetade. Ingenting sparades; "
    "sidan visar nu den senaste versionen."
)


def report_call(request, write, *, success, back):
    """Run a follow-up write; either way back to `back`, a stale report said in a message."""
    return service_call(
        request, write, success=success, stale=gettext(REPORT_CHANGED), done=back, again=back
    )
