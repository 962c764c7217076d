from django.contrib.auth import views as auth_views
from django.urls import path

from utblick.core.access import public
from utblick.registry import REGISTERS
from utblick.tenants.views import SignInView
from utblick.web.views import account, pages, records

app_name = "web"


def _register_urls(register):
    """The same views for every register, each URL named `<key>_<action>`."""
    slug, key = register.slug, {"register": register.key}
    routes = [
        (f"{slug}/", records.record_list, "list"),
        (f"{slug}/export.xlsx", records.record_export, "export"),
        (f"{slug}/ny/", records.record_create, "create"),
        (f"{slug}/<int:pk>/", records.record_detail, "detail"),
        (f"{slug}/<int:pk>/andra/", records.record_edit, "edit"),
        (f"{slug}/<int:pk>/arkivera/", records.record_archive, "archive"),
        (f"{slug}/<int:pk>/aterstall/", records.record_restore, "restore"),
    ]
    if register.lifecycle:
        routes.append((f"{slug}/<int:pk>/status/", records.application_transition, "transition"))
    return [
        path(route, view, key, name=f"{register.key}_{action}") for route, view, action in routes
    ]


urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("halsa/", pages.health, name="health"),
    path("kommun/", pages.switch_municipality, name="switch_municipality"),
    path("sprak/", pages.choose_language, name="set_language"),
    path("organisation/", pages.organisation, name="organisation"),
    path(
        "organisation/personer/<int:pk>/registerutdrag.json",
        pages.person_extract,
        name="person_extract",
    ),
    *(url for register in REGISTERS for url in _register_urls(register)),
]

# Sign-in and password reset live outside the namespace so that Django's own names resolve
# (settings.LOGIN_URL = "login"; the reset e-mail's "password_reset_confirm"). The reset pages
# name their templates: the admin's registration/ templates would otherwise win.
auth_urlpatterns = [
    path(
        "konto/logga-in/",
        public(SignInView.as_view()),
        name="login",
    ),
    path("konto/logga-ut/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "konto/losenord/",
        public(
            account.ThrottledPasswordResetView.as_view(
                template_name="web/account/password_reset_form.html",
                email_template_name="web/account/password_reset_email.html",
                subject_template_name="web/account/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "konto/losenord/skickat/",
        public(
            auth_views.PasswordResetDoneView.as_view(
                template_name="web/account/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "konto/losenord/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="web/account/password_reset_confirm.html"
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "konto/losenord/klart/",
        public(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="web/account/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
]
