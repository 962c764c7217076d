from django.urls import path

from utblick.routines import views

app_name = "routines"

urlpatterns = [
    path("", views.obligation_list, name="obligation_list"),
    path("mina/", views.obligation_mine, name="obligation_mine"),
    path("att-granska/", views.obligation_backlog, name="obligation_backlog"),
    path("export/<str:view>.xlsx", views.obligation_export, name="obligation_export"),
    path("<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("<int:pk>/klar/", views.obligation_complete_view, name="obligation_complete"),
    path("<int:pk>/behovs-inte/", views.obligation_waive_view, name="obligation_waive"),
    path("<int:pk>/oppna-igen/", views.obligation_reopen_view, name="obligation_reopen"),
    path("<int:pk>/ansvarig/", views.obligation_assign_view, name="obligation_assign"),
    path("<int:pk>/granska/", views.obligation_review_view, name="obligation_review"),
    path(
        "ansokan/<int:pk>/informationsarende.docx",
        views.information_matter,
        name="information_matter",
    ),
    path("notiser/", views.notification_list, name="notifications"),
    path("notiser/<int:pk>/last/", views.notification_read, name="notification_read"),
    path("notiser/alla-lasta/", views.notification_read_all, name="notification_read_all"),
    path("notiser/installning/", views.notification_preference, name="notification_preference"),
    path("styrdokument/", views.policy_preview, name="policy_preview"),
    path("styrdokument/gallande.toml", views.policy_download, name="policy_download"),
    path("styrdokument/kontroll/", views.policy_check, name="policy_check"),
    path("styrdokument/version/<int:number>/", views.policy_version, name="policy_version"),
    path("styrdokument/utkast/", views.policy_draft, name="policy_draft"),
]
