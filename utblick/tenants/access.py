"""The access rule of the installation's own pages: its administrators (Django superusers)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def installation_admin(view):
    """Signed in as an administrator of the whole installation; everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_superuser:
            raise PermissionDenied("only the installation's administrators")
        return view(request, *args, **kwargs)

    wrapper.access_rule = "installation_admin"
    return wrapper
