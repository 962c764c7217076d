"""Sign-in through an organisation's identity provider, and its settings page."""

from django.urls import path

from utblick.core.access import public
from utblick.tenants import oidc, views

app_name = "signin"

urlpatterns = [
    path("konto/oidc/klar/", public(oidc.SignInCallback.as_view()), name="callback"),
    path("konto/oidc/<str:code>/", public(oidc.SignInStart.as_view()), name="start"),
    path("organisation/inloggning/", views.identity_provider, name="settings"),
]
