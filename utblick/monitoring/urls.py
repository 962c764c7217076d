from django.urls import path

from utblick.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("utlysningar/", views.call_list, name="call_list"),
    path("utlysningar/<int:pk>/", views.call_detail, name="call_detail"),
    path("utlysningar/<int:pk>/bedomning/", views.call_assess, name="call_assess"),
    path("utlysningar/<int:pk>/ansokningside/", views.call_idea, name="call_idea"),
    path("utlysningar/<int:pk>/dela/", views.call_share, name="call_share"),
    path("matchning/", views.matches, name="matches"),
    path("bevakning/", views.item_list, name="item_list"),
    path("bevakning/ny/", views.item_create, name="item_create"),
    path("bevakning/<int:pk>/", views.item_detail, name="item_detail"),
    path("bevakning/<int:pk>/andra/", views.item_edit, name="item_edit"),
    path("kalender/", views.calendar_month, name="calendar"),
    path("kalender/prenumeration/", views.calendar_subscription, name="calendar_subscription"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("sok/", views.search_page, name="search"),
    path("natverk/", views.network_list, name="network"),
    path("natverk/dela/", views.network_share, name="network_share"),
]
