"""The installation's own pages: its tenants, and setting up a new one."""

from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from utblick.core.access import Role, require_role, writer
from utblick.core.views import service_call
from utblick.tenants import selectors
from utblick.tenants.access import installation_admin
from utblick.tenants.forms import IdentityProviderForm, SignInForm, TenantCreateForm
from utblick.tenants.services import tenant_create
from utblick.tenants.signin import group_roles_text, identity_provider_save


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
    return service_call(
        request,
        lambda: tenant_create(
            code=form.cleaned_data["code"],
            admin_email=form.cleaned_data["admin_email"],
            by=request.user,
        ),
        form=form,
        success=lambda created: (
            _("%(name)s använder nu Utblick. En inbjudan har skickats till %(email)s.")
            % {"name": created.municipality.name, "email": created.invitation.user.email}
        ),
        done="tenants:list",
        again=lambda status: render(request, "tenants/new.html", {"form": form}, status=status),
    )


class SignInView(LoginView):
    """The password form, and a button per organisation that signs in through its own
    identity provider."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = selectors.organisations_with_identity_provider()
        return context


@writer
def identity_provider(request):
    """The organisation's identity provider: issuer, client, secret, groups and roles, and
    whether local passwords still work. Administrators only."""
    require_role(request.actor, Role.ADMINISTRATOR)
    municipality = request.actor.municipality
    provider = selectors.identity_provider(municipality)
    initial = {"group_roles": group_roles_text(provider)}
    if provider is not None:
        initial.update(
            issuer=provider.issuer,
            client_id=provider.client_id,
            groups_claim=provider.groups_claim,
            local_passwords=provider.local_passwords,
        )
    form = IdentityProviderForm(request.POST or None, initial=initial)
    context = {
        "form": form,
        "provider": provider,
        "callback": request.build_absolute_uri(reverse("signin:callback")),
    }
    return service_call(
        request,
        lambda: identity_provider_save(
            municipality=municipality, by=request.user, **form.cleaned_data
        ),
        form=form,
        success=_("Inloggningen är sparad."),
        done="signin:settings",
        again=lambda status: render(
            request, "tenants/identity_provider.html", context, status=status
        ),
    )
