"""Knowledge-base editor pages (part B): ``/<slug>/staff/assistent/wissen/…``."""

from django.urls import path

from openjobcenter.assistant.views import staff

PREFIX = "staff/assistent/wissen/"

urlpatterns = [
    path(PREFIX, staff.topic_list, name="assistant_kb_list"),
    path(f"{PREFIX}neu/", staff.topic_create, name="assistant_kb_create"),
    path(f"{PREFIX}<int:pk>/", staff.topic_detail, name="assistant_kb_topic"),
    path(f"{PREFIX}<int:pk>/entwurf/", staff.start_draft, name="assistant_kb_start"),
    path(f"{PREFIX}<int:pk>/ausgeliefert/", staff.revert, name="assistant_kb_revert"),
    path(f"{PREFIX}<int:pk>/aktiv/", staff.set_active, name="assistant_kb_active"),
    path(f"{PREFIX}<int:pk>/vergleich/", staff.compare, name="assistant_kb_compare"),
    path(f"{PREFIX}<int:topic>/fassung/<int:pk>/", staff.version_detail, name="assistant_kb_version"),
    path(f"{PREFIX}<int:topic>/fassung/<int:pk>/bearbeiten/", staff.version_edit, name="assistant_kb_edit"),
    path(f"{PREFIX}<int:topic>/fassung/<int:pk>/pruefen/", staff.review, name="assistant_kb_review"),
    path(f"{PREFIX}<int:topic>/fassung/<int:pk>/zurueck/", staff.return_to_draft, name="assistant_kb_return"),
    path(f"{PREFIX}<int:topic>/fassung/<int:pk>/veroeffentlichen/", staff.publish, name="assistant_kb_publish"),
]
