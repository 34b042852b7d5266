"""Assistant pages under ``/<slug>/…``: the chat (citizen side) and the knowledge-base editor (staff)."""

from django.urls import include, path

urlpatterns = [
    path("", include("openjobcenter.assistant.urls_chat")),
    path("", include("openjobcenter.assistant.urls_staff")),
]
