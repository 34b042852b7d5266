"""One flow per kind of application: which steps it asks, how each is built, what it needs.

The draft, autosave, review, submission, receipt, status page and staff processing are the same for
every kind; they ask ``flow_for(application)`` what differs:

- first application (Erstantrag): the steps of ``st.STEPS``;
- continuation application (Weiterbewilligungsantrag): "Hat sich etwas geändert?" first, then only
  the sections answered "Ja", pre-filled from the last approved application (``based_on``);
- change notification (Veränderungsmitteilung): one short form for its topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from openjobcenter.applications import steps as st
from openjobcenter.applications.change_forms import CONTINUATION_SECTIONS, TOPIC_FORMS, ChangesForm
from openjobcenter.applications.models import Application, Kind, Topic
from openjobcenter.applications.proofs import Proof, required_proofs
from openjobcenter.applications.summary import Block, Section, _rows, summarise
from openjobcenter.casefile.models import Category

CHANGES = st.Step(
    "changes", _("Hat sich etwas geändert?"), "WBA",
    _("Wir haben Ihre Angaben aus dem letzten Antrag übernommen. Sagen Sie uns nur, was sich geändert hat."),
)  # fmt: skip
SECTION_SLUGS = tuple(slug for slug, _label in CONTINUATION_SECTIONS)
TOPIC_INTROS: dict[str, Any] = {
    Topic.JOB: _("Teilen Sie uns jede neue Arbeit und jede Änderung des Einkommens sofort mit."),
    Topic.HOUSING: _("Vor einem Umzug holen Sie bitte unsere Zusicherung ein, sonst zahlen wir die neue Miete "
                     "vielleicht nicht in voller Höhe."),
    Topic.HOUSEHOLD: _("Wer mit Ihnen wohnt und wirtschaftet, gehört zur Bedarfsgemeinschaft."),
    Topic.BANK: _("Auf dieses Konto zahlen wir ab der nächsten Zahlung."),
    Topic.HEALTH: _("Teilen Sie uns mit, wenn sich die Krankenversicherung einer Person ändert."),
    Topic.ABSENCE: _("Wenn Sie verreisen wollen, fragen Sie uns bitte vorher. Wir stimmen zu oder lehnen ab "
                     "und sagen Ihnen Bescheid."),
    Topic.SICK_NOTE: _("Laden Sie die Bescheinigung Ihrer Ärztin oder Ihres Arztes hier hoch – als PDF oder Foto."),
}  # fmt: skip
# Proofs without which a change notification cannot be submitted (the upload is the whole point).
REQUIRED_UPLOADS = frozenset({"sick-note"})


@dataclass(frozen=True)
class Flow:
    """The first application; the other kinds override what differs."""

    kind: str
    prefix: str = "EA"

    def steps(self, data: dict[str, Any]) -> tuple[st.Step, ...]:
        return st.STEPS

    def get(self, slug: str) -> st.Step | None:
        return st.BY_SLUG.get(slug)

    def build(self, step: st.Step, data: dict[str, Any], raw: dict[str, str] | None) -> st.Page:
        return st.build(step, data, raw)

    def cleaned(self, page: st.Page) -> Any:
        return st.cleaned(page)

    def incomplete(self, data: dict[str, Any]) -> list[st.Step]:
        return st.incomplete_steps(data)

    def proofs(self, data: dict[str, Any]) -> list[Proof]:
        return required_proofs(data)

    def summary(self, data: dict[str, Any]) -> list[Section]:
        return summarise(data)

    def required_uploads(self, data: dict[str, Any]) -> list[Proof]:
        return [proof for proof in self.proofs(data) if proof.key in REQUIRED_UPLOADS]

    # Navigation through the steps this draft asks (they may depend on its answers).
    def slugs(self, data: dict[str, Any]) -> tuple[str, ...]:
        return tuple(step.slug for step in self.steps(data))

    def next_slug(self, slug: str, data: dict[str, Any]) -> str | None:
        slugs = self.slugs(data)
        if slug not in slugs:
            return slugs[0] if slugs else None
        index = slugs.index(slug)
        return slugs[index + 1] if index + 1 < len(slugs) else None

    def previous_slug(self, slug: str, data: dict[str, Any]) -> str | None:
        slugs = self.slugs(data)
        if slug not in slugs:
            return slugs[0] if slugs else None
        index = slugs.index(slug)
        return slugs[index - 1] if index > 0 else None

    def number(self, slug: str, data: dict[str, Any]) -> int:
        slugs = self.slugs(data)
        return slugs.index(slug) + 1 if slug in slugs else 1


def _valid(flow: Flow, step: st.Step, data: dict[str, Any]) -> bool:
    raw = st.raw_of(data, step.slug)
    page = flow.build(step, data, raw)
    if not raw or not page.is_valid():
        return False
    return not (step.slug == "household" and st.household_problems(st.cleaned(page)))


@dataclass(frozen=True)
class ContinuationFlow(Flow):
    prefix: str = "WA"

    def changed(self, data: dict[str, Any]) -> list[str]:
        answers = st.clean_of(data, CHANGES.slug) or {}
        return [slug for slug in SECTION_SLUGS if answers.get(slug) == "yes"]

    def steps(self, data: dict[str, Any]) -> tuple[st.Step, ...]:
        return (CHANGES, *(st.BY_SLUG[slug] for slug in self.changed(data)))

    def get(self, slug: str) -> st.Step | None:
        # Unchanged sections stay reachable (the review page links to them: "Ändern").
        return CHANGES if slug == CHANGES.slug else st.BY_SLUG.get(slug) if slug in SECTION_SLUGS else None

    def build(self, step: st.Step, data: dict[str, Any], raw: dict[str, str] | None) -> st.Page:
        if step.slug == CHANGES.slug:
            page = st.Page(step)
            page.forms.append(("", ChangesForm(raw)))  # {} from a POST: bound, so errors show
            return page
        return st.build(step, data, raw)

    def incomplete(self, data: dict[str, Any]) -> list[st.Step]:
        wanted = (CHANGES, *(st.BY_SLUG[slug] for slug in SECTION_SLUGS))
        return [step for step in wanted if not _valid(self, step, data)]

    def proofs(self, data: dict[str, Any]) -> list[Proof]:
        changed = set(self.changed(data))
        return [proof for proof in required_proofs(data) if proof.step in changed]

    def summary(self, data: dict[str, Any]) -> list[Section]:
        changes = Section(CHANGES)
        answers = st.clean_of(data, CHANGES.slug)
        if answers:
            changes.blocks.append(Block("", _rows(ChangesForm, answers)))
        sections = [section for section in summarise(data) if section.step.slug in SECTION_SLUGS]
        return [changes, *sections]


@dataclass(frozen=True)
class ChangeFlow(Flow):
    topic: str = ""
    prefix: str = "VM"

    @property
    def step(self) -> st.Step:
        return st.Step("change", Topic(self.topic).label, "VÄM", TOPIC_INTROS.get(self.topic, ""))

    def steps(self, data: dict[str, Any]) -> tuple[st.Step, ...]:
        return (self.step,)

    def get(self, slug: str) -> st.Step | None:
        return self.step if slug == "change" else None

    def build(self, step: st.Step, data: dict[str, Any], raw: dict[str, str] | None) -> st.Page:
        page = st.Page(step)
        page.forms.append(("", TOPIC_FORMS[self.topic](raw)))
        return page

    def incomplete(self, data: dict[str, Any]) -> list[st.Step]:
        return [] if _valid(self, self.step, data) else [self.step]

    def proofs(self, data: dict[str, Any]) -> list[Proof]:
        answers = st.clean_of(data, "change") or {}
        return topic_proofs(self.topic, answers)

    def summary(self, data: dict[str, Any]) -> list[Section]:
        section = Section(self.step)
        answers = st.clean_of(data, "change")
        if answers:
            section.blocks.append(Block("", _rows(TOPIC_FORMS[self.topic], answers)))
        return [section]


def topic_proofs(topic: str, answers: dict[str, Any]) -> list[Proof]:
    def proof(key: str, title: Any, category: str, hint: Any = "") -> Proof:
        return Proof(key, title, "change", category, hint=hint)

    if topic == Topic.JOB and answers.get("kind") in ("employment", "minijob"):
        return [proof("contract", _("Arbeitsvertrag oder erste Lohnabrechnung"), Category.INCOME)]
    if topic == Topic.JOB:
        return [proof("income", _("Nachweis über das Einkommen"), Category.INCOME, _("zum Beispiel der Bescheid"))]
    if topic == Topic.HOUSING:
        return [proof("rent", _("Neuer Mietvertrag oder Schreiben über die Mietänderung"), Category.RENT)]
    if topic == Topic.HOUSEHOLD and answers.get("change") == "birth":
        return [proof("birth", _("Geburtsurkunde"), Category.ID)]
    if topic == Topic.HOUSEHOLD and answers.get("change") == "moved_in":
        return [proof("id", _("Personalausweis oder Reisepass der Person"), Category.ID)]
    if topic == Topic.HEALTH:
        return [proof("membership", _("Mitgliedsbescheinigung der Krankenkasse"), Category.OTHER)]
    if topic == Topic.SICK_NOTE:
        return [proof("sick-note", _("Arbeitsunfähigkeitsbescheinigung"), Category.SICK_NOTE,
                      _("Die Ausfertigung für die Krankenkasse oder das Jobcenter, nicht die für den Arbeitgeber."))]  # fmt: skip
    return []


FIRST = Flow(Kind.FIRST)
CONTINUATION = ContinuationFlow(Kind.CONTINUATION)


def flow_for(application: Application) -> Flow:
    return flow_of(application.kind, application.topic)


def flow_of(kind: str, topic: str = "") -> Flow:
    if kind == Kind.CONTINUATION:
        return CONTINUATION
    if kind == Kind.CHANGE:
        if topic not in TOPIC_FORMS:
            raise ValueError(topic)
        return ChangeFlow(Kind.CHANGE, topic=topic)
    return FIRST


def reference_prefix(application: Application) -> str:
    return flow_for(application).prefix
