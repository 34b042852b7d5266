"""Assistant API (API.md "Assistant"): ``POST …/assistant/ask``.

Anonymous and rate-limited per client address like every public endpoint. The reply has exactly the
fields of API.md, plus ``reason`` (answer, suggest, own_case, out_of_scope, unsure), ``suggestions``
("Meinten Sie …?": topic and title) in the middle band, ``actions`` when answering, and ``sign_in_url``
for questions about one's own case. The question is not stored: only its outcome is counted, and a
redacted copy is kept when ``ASSISTANT_QUESTION_RETENTION_DAYS`` is above 0 (``services/usage.py``).
"""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from openjobcenter.assistant.services.answers import ask as answer_question
from openjobcenter.assistant.services.usage import record_question
from openjobcenter.core.api import ApiError, errors, public_rate_limit, tenant_from_path
from openjobcenter.core.i18n import language_codes

router = Router(tags=["Assistent"])

MAX_QUESTION_LENGTH = 500
JobcenterSlug = Annotated[str, Path(description="The Jobcenter's slug, e.g. demo.")]


class AskIn(Schema):
    question: str = Field(description=f"The question, 1–{MAX_QUESTION_LENGTH} characters.")
    language: str | None = Field(None, description="Language of the reply (de, en, tr, ar, uk, ru); default: detected.")


class SourceOut(Schema):
    title: str
    reference: str
    url: str | None = Field(None, description="Present when the source is online.")


class HandoffOut(Schema):
    appointment_url: str
    message_url: str


class SuggestionOut(Schema):
    topic: str
    title: str


class AskOut(Schema):
    topic: str | None = Field(description="Topic id (assistant/topics.tsv or the Jobcenter's own); null = no answer.")
    answer: str | None
    sources: list[SourceOut]
    confidence: float = Field(ge=0, le=1)
    language: str
    handoff: HandoffOut | None = Field(description="Where a person helps; null when the assistant answers.")
    disclosure: str = Field(description="The notice that one talks to a machine (EU AI Act, Art. 50).")
    reason: str
    suggestions: list[SuggestionOut]
    actions: list[str] | None = None
    sign_in_url: str | None = None


@router.post("/ask", response={200: AskOut, **errors(404, 422, 429)}, summary="Frage an den Assistenten")
@public_rate_limit
def ask(request: HttpRequest, jobcenter: JobcenterSlug, payload: AskIn) -> Any:
    tenant = tenant_from_path(request, jobcenter)
    question = payload.question.strip()
    if not question:
        raise ApiError(
            422,
            "invalid",
            _("Bitte geben Sie eine Frage ein."),
            fields={"question": [_("Bitte geben Sie eine Frage ein.")]},
        )
    if len(question) > MAX_QUESTION_LENGTH:
        message = _("Bitte fassen Sie Ihre Frage kürzer (höchstens %(max)d Zeichen).") % {"max": MAX_QUESTION_LENGTH}
        raise ApiError(422, "invalid", message, fields={"question": [message]})
    if payload.language is not None and payload.language not in language_codes():
        message = _("Bitte wählen Sie eine dieser Sprachen: %(codes)s.") % {"codes": ", ".join(language_codes())}
        raise ApiError(422, "invalid", message, fields={"language": [message]})
    reply = answer_question(tenant, question, payload.language)
    record_question(tenant, question, reply)  # the outcome counted; the question kept only if configured
    for key in ("actions", "sign_in_url"):
        if reply.get(key) is None:
            reply.pop(key, None)
    return reply
