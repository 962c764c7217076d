"""The access rule of the import pages: a member of the municipality who may write."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from utblick.core.access import member


def importer(view):
    """Signed in with a role that writes (coordinator, administrator, unit editor); readers 403.

    Unit editors may import, but only rows for their own units: the services check each row.
    """

    @member
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.actor.can_write_anything:
            raise PermissionDenied("readers import nothing")
        return view(request, *args, **kwargs)

    wrapper.access_rule = "importer"
    return wrapper
