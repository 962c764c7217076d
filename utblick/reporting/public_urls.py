from django.urls import path

from utblick.reporting.views import public

app_name = "public_report"

urlpatterns = [
    path("", public.page, name="page"),
]
