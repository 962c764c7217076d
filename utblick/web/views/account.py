"""Sign-in lockout and the throttled password reset, in the site's words and style."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from utblick.web.throttle import within_limit

RESET_WINDOW_SECONDS = 3600


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout: too many wrong passwords for this user name from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset, refused (429) past PASSWORD_RESET_LIMIT an hour per e-mail address asked
    about and per client address: the e-mail cannot be used to flood someone's inbox."""

    def form_valid(self, form):
        keys = [
            f"email:{form.cleaned_data['email'].strip().casefold()}",
            f"ip:{request_address(self.request)}",
        ]
        limit = settings.PASSWORD_RESET_LIMIT
        if within_limit("password-reset", keys, limit=limit, window_seconds=RESET_WINDOW_SECONDS):
            return super().form_valid(form)
        form.add_error(
            None,
            _("Du har bett om för många återställningar. Vänta en timme och försök igen."),
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)


def request_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
