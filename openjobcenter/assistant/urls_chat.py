"""Chat pages (part A): the assistant's page and the panel's endpoints; the retained questions for staff."""

from django.urls import path

from openjobcenter.assistant.views import chat, retained

urlpatterns = [
    path("assistent/", chat.chat_page, name="assistant_chat"),
    path("assistent/antwort/", chat.chat_reply, name="assistant_chat_reply"),
    path("assistent/rueckmeldung/", chat.feedback, name="assistant_feedback"),
    path("staff/assistent/fragen/", retained.retained_questions, name="assistant_retained_questions"),
]
