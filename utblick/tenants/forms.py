from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import AccessibleForm
from utblick.tenants.signin import local_passwords_allowed


class TenantCreateForm(AccessibleForm):
    code = forms.CharField(
        label=_("Kommun- eller regionkod"),
        max_length=4,
        help_text=_("Fyra siffror för en kommun (t.ex. 1283 Helsingborg), två för en region."),
    )
    admin_email = forms.EmailField(
        label=_("Första administratörens e-post"),
        help_text=_("Får en länk för att välja lösenord. Länken fungerar en gång."),
    )


class SignInForm(AuthenticationForm):
    """The password sign-in, refused for whoever's organisations sign in only through their
    identity provider."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not local_passwords_allowed(user):
            raise forms.ValidationError(
                _(
                    "Din organisation loggar in via sin egen inloggning: välj den under "
                    "”Logga in via din organisation”."
                ),
                code="local_passwords_off",
            )


class IdentityProviderForm(AccessibleForm):
    issuer = forms.URLField(
        label=_("Utfärdare (issuer)"),
        assume_scheme="https",
        max_length=300,
        help_text=_(
            "Identitetsleverantörens adress, t.ex. "
            "https://login.microsoftonline.com/<katalog-id>/v2.0 för Microsoft Entra ID."
        ),
    )
    client_id = forms.CharField(label=_("Klient-id"), max_length=200)
    client_secret = forms.CharField(
        label=_("Klienthemlighet"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Visas aldrig igen efter att den sparats. Lämna tomt för att behålla den."),
    )
    groups_claim = forms.CharField(
        label=_("Anspråk med grupper"),
        max_length=100,
        initial="groups",
        help_text=_("Namnet på anspråket i ID-token som listar användarens grupper."),
    )
    group_roles = forms.CharField(
        label=_("Grupper och roller"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "En rad per grupp: ”grupp = roll”, för en enhetsredaktör ”grupp = Enhetsredaktör: "
            "enhet”. Har någon flera grupper gäller den vidaste rollen."
        ),
    )
    local_passwords = forms.BooleanField(
        label=_("Lokala lösenord tillåtna"),
        required=False,
        initial=True,
        help_text=_("Av: organisationens användare loggar bara in via identitetsleverantören."),
    )
