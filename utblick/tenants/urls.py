from django.urls import path

from utblick.tenants import views

app_name = "tenants"

urlpatterns = [
    path("", views.tenant_list, name="list"),
    path("ny/", views.tenant_new, name="new"),
]
