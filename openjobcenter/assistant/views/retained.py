"""Staff: the redacted questions the assistant kept for review (``ASSISTANT_QUESTION_RETENTION_DAYS``),
so that the people who edit the knowledge base see what was asked and not answered."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.assistant.models import Outcome, RetainedQuestion
from openjobcenter.assistant.services.figures import topic_titles
from openjobcenter.assistant.services.retention import retention_days
from openjobcenter.core.models import Jobcenter

PAGE_SIZE = 50
UNANSWERED = "offen"


@require_GET
@permission_required("assistant.manage_knowledge_base")
def retained_questions(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    only_unanswered = request.GET.get("nur") == UNANSWERED
    questions = RetainedQuestion.objects.for_tenant(jobcenter).order_by("-created_at", "-id")
    if only_unanswered:
        questions = questions.exclude(outcome=Outcome.ANSWER)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    keys = sorted({q.topic_key for q in page.object_list if q.topic_key})
    titles = topic_titles(jobcenter, keys, (translation.get_language() or "de").split("-")[0])
    languages = dict(settings.LANGUAGES)
    rows = [
        (
            question,
            languages.get(question.language, question.language),
            titles.get(question.topic_key, question.topic_key),
        )
        for question in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "only_unanswered": only_unanswered,
        "query": f"nur={UNANSWERED}" if only_unanswered else "",
        "retention_days": retention_days(),
    }
    return render(request, "assistant/questions/list.html", context)
