"""Proofs without a case are kept encrypted here and handed over to the case later; the case timeline."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from openjobcenter.applications.models import Attachment
from openjobcenter.applications.services import processing
from openjobcenter.applications.services.attachments import attach, hand_over, read_attachment
from openjobcenter.applications.services.drafts import start_draft
from openjobcenter.applications.services.submission import submit
from openjobcenter.applications.services.timeline import entries
from openjobcenter.applications.tests.conftest import fill
from openjobcenter.casefile.models import Case, Document, HouseholdRole, Membership
from openjobcenter.casefile.services.uploads import check_bytes
from openjobcenter.casefile.tests.conftest import MARKER, pdf_bytes

pytestmark = pytest.mark.django_db


def test_without_a_case_the_file_is_kept_encrypted_and_handed_over_later(demo, demo_team, aylin, tanja):
    application = fill(start_draft(aylin, demo))
    assert application.case is None
    clean = check_bytes(pdf_bytes(), "mietvertrag.pdf")
    attachment = attach(application=application, actor=aylin, clean=clean, title="Mietvertrag", category="rent",
                        proof="rent-contract")  # fmt: skip
    with default_storage.open(attachment.storage_name, "rb") as handle:
        assert MARKER.encode() not in handle.read()  # encrypted at rest
    assert read_attachment(attachment, aylin) == clean.content
    case = Case.objects.create_for_tenant(demo, customer_number="12345BG0009", team=demo_team)
    Membership.objects.create(case=case, person=aylin, role=HouseholdRole.HEAD)
    assert hand_over(application, case, actor=tanja) == 1
    attachment = Attachment.objects.for_tenant(demo).get(pk=attachment.pk)
    assert attachment.document is not None and attachment.storage_name == ""
    assert Document.objects.for_tenant(demo).filter(case=case, title="Mietvertrag").exists()


def test_the_case_timeline_shows_submission_state_changes_and_requests(aylin, tanja, draft, case):
    application = submit(draft, actor=aylin, key=uuid.uuid4())
    application = processing.start_review(processing.assign(application, actor=tanja, assignee=tanja), actor=tanja)
    processing.request_documents(application, actor=tanja, title="Lohnabrechnung Oktober", category="income",
                                 due_date=timezone.localdate() + dt.timedelta(days=10))  # fmt: skip
    shown = [str(entry.title) for entry in entries(case, viewer=aylin, for_citizen=True)]
    assert "Eingegangen: Erstantrag auf Bürgergeld" in shown
    assert "Erstantrag auf Bürgergeld – Bearbeitungsstand: Unterlagen angefordert" in shown
    assert "Unterlage angefordert: Lohnabrechnung Oktober" in shown
    urls = {entry.url for entry in entries(case, viewer=tanja, for_citizen=False)}
    assert urls == {f"/demo/staff/applications/{application.pk}/"}


def test_a_draft_is_not_in_the_timeline(aylin, draft, case):
    assert list(entries(case, viewer=aylin, for_citizen=True)) == []
