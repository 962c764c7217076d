"""The installation's own pages: its tenants, and setting up a new one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utblick.tenants import selectors
from utblick.tenants.access import installation_admin
from utblick.tenants.forms import TenantCreateForm
from utblick.tenants.services import tenant_create
from utblick.web.forms import add_service_errors


@installation_admin
def tenant_list(request):
    tenants = [
        {"tenant": t, "last_activity": selectors.last_activity(t)}
        for t in selectors.tenants_overview()
    ]
    return render(request, "tenants/list.html", {"tenants": tenants})


@installation_admin
def tenant_new(request):
    form = TenantCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = tenant_create(
                code=form.cleaned_data["code"],
                admin_email=form.cleaned_data["admin_email"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s använder nu Utblick. En inbjudan har skickats till %(email)s.")
                % {"name": created.municipality.name, "email": created.invitation.user.email},
            )
            return redirect("tenants:list")
    status = 400 if form.errors else 200
    return render(request, "tenants/new.html", {"form": form}, status=status)
