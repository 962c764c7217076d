"""OpenID Connect sign-in per tenant, on mozilla-django-oidc: its code flow (state, nonce,
PKCE, the token exchange) with the settings read from the tenant's IdentityProvider instead of
settings.py, and an ID token checked for issuer, audience and expiry as well as signature."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlparse

import jwt
import requests
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from utblick.organisation.roles import SESSION_KEY
from utblick.tenants import secrets
from utblick.tenants.models import IdentityProvider
from utblick.tenants.signin import SignInRefused, sign_in_from_claims

logger = logging.getLogger(__name__)

SESSION_TENANTS = "oidc_tenants"  # state → the tenant whose provider the sign-in went to
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
TIMEOUT = 10  # seconds for each call to the provider


def discovery(provider: IdentityProvider) -> dict:
    """The provider's OpenID configuration (endpoints), cached for five minutes."""
    key = f"oidc-discovery:{provider.issuer}"
    found = cache.get(key)
    if found is None:
        try:
            response = requests.get(
                f"{provider.issuer}/.well-known/openid-configuration", timeout=TIMEOUT
            )
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("OpenID discovery of %s failed: %s", provider.issuer, exc)
            raise SignInRefused(
                _("Identitetsleverantören %(issuer)s svarar inte. Försök igen om en stund.")
                % {"issuer": provider.issuer}
            ) from exc
        cache.set(key, found, 300)
    return found


class TenantOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates only a callback the tenant's sign-in started (request.identity_provider)."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()  # the settings are the tenant's, read per sign-in

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "identity_provider", None) if request else None
        if provider is None:
            return None
        self.configure(provider)
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            logger.warning("OpenID sign-in at %s failed: %s", provider.issuer, exc)
            raise SignInRefused(
                _("Identitetsleverantören godtog inte inloggningen. Försök igen.")
            ) from exc

    def configure(self, provider: IdentityProvider) -> None:
        """The tenant's settings where mozilla-django-oidc reads settings.py's."""
        secret = secrets.decrypt(provider.client_secret_encrypted)
        if secret is None:
            raise SignInRefused(
                _("Klienthemligheten behöver anges igen på sidan Inloggning (nyckeln har bytts).")
            )
        config = discovery(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = secret
        self.OIDC_RP_IDP_SIGN_KEY = None

    def verify_token(self, token, **kwargs):
        """Signature, and that the token is this tenant's, for Utblick, and still valid."""
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") not in ALGORITHMS:
                raise jwt.InvalidAlgorithmError(header.get("alg"))
            self.OIDC_RP_SIGN_ALGO = header["alg"]
            key = self.retrieve_matching_jwk(token)
            payload = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused(_("Inloggningen hade gått ut (token). Logga in igen.")) from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused(
                _(
                    "Inloggningen var utfärdad för en annan tjänst än Utblick (fel mottagare, "
                    "aud). Kontrollera klient-id på sidan Inloggning."
                )
            ) from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused(
                _(
                    "Inloggningen kom från en annan identitetsleverantör än %(name)s har "
                    "(utfärdaren stämmer inte)."
                )
                % {"name": self.provider.municipality.name}
            ) from exc
        except (jwt.InvalidTokenError, SuspiciousOperation, KeyError) as exc:
            raise SignInRefused(_("Inloggningens signatur kunde inte kontrolleras.")) from exc
        if payload.get("nonce") != kwargs.get("nonce"):
            raise SignInRefused(_("Inloggningen hörde till en annan inloggning. Försök igen."))
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # Group claims come in the ID token (Entra ID) or the userinfo answer: both are read.
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SignInRefused(_("Identitetsleverantören svarade om en annan användare."))
        return {**payload, **info}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        return sign_in_from_claims(self.provider, claims)


def _provider(code: str) -> IdentityProvider:
    provider = (
        IdentityProvider.objects.select_related("municipality")
        .filter(municipality__code=code, municipality__is_tenant=True)
        .first()
    )
    if provider is None:
        raise Http404("no identity provider")
    return provider


class SignInStart(OIDCAuthenticationRequestView):
    """Off to the tenant's identity provider, remembering which tenant the state is for."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request, code: str):
        provider = _provider(code)
        try:
            config = discovery(provider)
        except SignInRefused as exc:
            messages.error(request, str(exc))
            return redirect("login")
        self.OIDC_OP_AUTH_ENDPOINT = config["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        tenants = request.session.get(SESSION_TENANTS, {})
        tenants[state] = provider.municipality.code
        request.session[SESSION_TENANTS] = tenants
        return response


class SignInCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: the sign-in, or the login page with why it was refused."""

    def get(self, request):
        state = request.GET.get("state", "")
        code = request.session.get(SESSION_TENANTS, {}).pop(state, None)
        request.session.modified = True
        if code is None:
            return self._refused(request, _("Inloggningen kunde inte slutföras. Försök igen."))
        if request.GET.get("error"):
            said = request.GET.get("error_description") or request.GET["error"]
            return self._refused(
                request, _("Identitetsleverantören avbröt inloggningen: %(said)s") % {"said": said}
            )
        request.identity_provider = _provider(code)
        try:
            response = super().get(request)
        except SignInRefused as exc:
            return self._refused(request, str(exc))
        except SuspiciousOperation:
            return self._refused(request, _("Inloggningen kunde inte slutföras. Försök igen."))
        if request.user.is_authenticated:
            request.session[SESSION_KEY] = code  # work in the organisation one signed in to
        return response

    def login_failure(self):
        return self._refused(self.request, _("Inloggningen kunde inte slutföras. Försök igen."))

    @staticmethod
    def _refused(request, message: str) -> HttpResponseRedirect:
        messages.error(request, message)
        return redirect("login")
