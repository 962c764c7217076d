from django.urls import path

from utblick.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("korning/<int:run_id>/", views.preview, name="preview"),
    path("korning/<int:run_id>/bekrafta/", views.confirm, name="confirm"),
    path("korning/<int:run_id>/resultat/", views.result, name="result"),
    path("korning/<int:run_id>/status/", views.status, name="status"),
    path("korning/<int:run_id>/igen/", views.retry, name="retry"),
    path("<str:slug>/", views.upload, name="upload"),
    path("<str:slug>/mall.xlsx", views.template, name="template"),
    path(
        "<str:slug>/befintliga-poster.xlsx",
        views.template,
        {"filled": True},
        name="template_filled",
    ),
]
