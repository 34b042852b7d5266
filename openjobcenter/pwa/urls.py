from django.urls import path

from openjobcenter.pwa import views

app_name = "pwa"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("app-icon-<int:size>.png", views.icon, name="icon"),
    path("app-icon-maskable-<int:size>.png", views.icon_maskable, name="icon_maskable"),
    path("offline/", views.offline, name="offline_page"),
    path("offline/<str:language>/", views.offline, name="offline"),
    path("my/notifications/devices/", views.push_settings, name="push_settings"),
    path("my/notifications/devices/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("reception/ticket/<str:token>/push/", views.ticket_subscribe, name="ticket_push"),
]
