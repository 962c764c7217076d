from django.contrib.auth import views as auth_views
from django.urls import path

from utblick.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("halsa/", views.health, name="health"),
    path("kommun/<str:code>/", views.switch_municipality, name="switch_municipality"),
]

# Sign-in lives outside the namespace so that settings.LOGIN_URL = "login" resolves.
auth_urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
]
