"""Retention: a period per category, automatic deletion of file and row, legal holds, the deletion log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.casefile import tasks
from openjobcenter.casefile.demo import text_pdf
from openjobcenter.casefile.models import Category, DeletionLog, Document, DocumentTerm, LegalHold, RetentionRule
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.retention import (
    DEFAULT_MONTHS,
    HoldRefused,
    add_months,
    delete_expired_documents,
    lift_hold,
    set_hold,
    set_rule,
)
from openjobcenter.casefile.services.uploads import check_bytes

pytestmark = pytest.mark.usefixtures("scanner")
TODAY = timezone.localdate()
LATER = add_months(TODAY, 200)


def upload(case, actor, *, category=Category.INCOME, previous=None, words=("Lohnabrechnung",)):
    clean = check_bytes(text_pdf(list(words)), "lohn.pdf")
    return upload_document(actor=actor, case=case, clean=clean, category=category, previous=previous)


def file_of(document, media: Path) -> Path:
    return media / document.storage_name


def test_upload_sets_the_deletion_date_from_the_category_default(case, aylin):
    document = upload(case, aylin, category=Category.SICK_NOTE)
    assert document.delete_after == add_months(TODAY, DEFAULT_MONTHS[Category.SICK_NOTE])


def test_the_jobcenters_own_rule_wins_and_a_change_moves_existing_dates(case, aylin, anja):
    RetentionRule.objects.create_for_tenant(case.jobcenter, category=Category.INCOME, months=3)
    document = upload(case, aylin)
    assert document.delete_after == add_months(TODAY, 3)
    assert set_rule(actor=anja, jobcenter=case.jobcenter, category=Category.INCOME, months=12) == 1
    document.refresh_from_db()
    assert document.delete_after == add_months(TODAY, 12)


def test_an_expired_document_is_deleted_file_row_and_terms_and_the_deletion_is_logged(
    case, aylin, _private_storage, django_capture_on_commit_callbacks
):
    document = upload(case, aylin)
    path = file_of(document, _private_storage)
    assert path.exists() and DocumentTerm.objects.for_tenant(case.jobcenter).filter(document=document).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_documents(today=LATER) == 1
    assert not Document.all_tenants.filter(pk=document.pk).exists()
    assert not path.exists()
    assert not DocumentTerm.all_tenants.filter(document_id=document.pk).exists()
    log = DeletionLog.objects.for_tenant(case.jobcenter).get()
    assert (log.document_ref, log.category, log.cause, log.customer_number) == (
        document.pk, "income", "retention", case.customer_number,
    )  # fmt: skip
    assert log.rule_months == DEFAULT_MONTHS[Category.INCOME]
    entry = AuditEntry.objects.for_tenant(case.jobcenter).get(action="casefile.document_deleted")
    assert "lohn" not in str(entry.details).lower()  # metadata only, no title or name
    # Idempotent: nothing left to do.
    assert delete_expired_documents(today=LATER) == 0


def test_a_document_not_yet_expired_is_kept(case, aylin):
    document = upload(case, aylin)
    assert delete_expired_documents(today=document.delete_after) == 0  # "delete after" that day, not on it
    assert Document.all_tenants.filter(pk=document.pk).exists()


def test_a_legal_hold_on_the_document_or_the_case_keeps_it_until_lifted(
    case, aylin, tanja, _private_storage, django_capture_on_commit_callbacks
):
    held = upload(case, aylin)
    other = upload(case, aylin, category=Category.RENT)
    document_hold = set_hold(actor=tanja, case=case, document=held, reason="Widerspruch W-2026-114 läuft")
    assert delete_expired_documents(today=LATER) == 1  # only the other one
    assert Document.all_tenants.filter(pk=held.pk).exists() and not Document.all_tenants.filter(pk=other.pk).exists()
    case_hold = set_hold(actor=tanja, case=case, reason="Klage beim Sozialgericht anhängig")
    lift_hold(actor=tanja, hold=document_hold, reason="Widerspruch abgeschlossen")
    assert delete_expired_documents(today=LATER) == 0  # the case hold still protects it
    lift_hold(actor=tanja, hold=case_hold, reason="Verfahren rechtskräftig beendet")
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_documents(today=LATER) == 1
    assert not file_of(held, _private_storage).exists()
    actions = set(AuditEntry.objects.for_tenant(case.jobcenter).values_list("action", flat=True))
    assert {"casefile.legal_hold_set", "casefile.legal_hold_lifted", "casefile.document_deleted"} <= actions


def test_only_team_leads_set_holds_and_a_reason_is_required(case, aylin, bernd, tanja):
    document = upload(case, aylin)
    with pytest.raises(HoldRefused):
        set_hold(actor=bernd, case=case, document=document, reason="Widerspruch läuft noch")
    with pytest.raises(HoldRefused):
        set_hold(actor=tanja, case=case, document=document, reason="kurz")
    assert not LegalHold.objects.for_tenant(case.jobcenter).exists()


def test_deleting_an_old_version_keeps_the_newer_one_linked_to_what_came_before(case, aylin, bernd):
    first = upload(case, aylin)
    second = upload(case, bernd, previous=first)
    third = upload(case, bernd, previous=second)
    Document.all_tenants.filter(pk=second.pk).update(delete_after=TODAY - dt.timedelta(days=1))
    assert delete_expired_documents(today=TODAY) == 1
    third.refresh_from_db()
    assert third.previous_id == first.pk and third.version == 3


def test_the_worker_deletes_hourly():
    assert (3600, tasks.delete_expired_documents_task) in tasks.PERIODIC


def test_team_leads_set_a_hold_on_the_case_page_advisors_may_not(client, case, aylin, bernd, tanja):
    document = upload(case, aylin)
    url = f"/demo/staff/cases/{case.pk}/hold/"
    sign_in(client, bernd)
    assert client.post(url, {"document": document.pk, "reason": "Widerspruch W-1 läuft"}).status_code == 403
    client.logout()
    sign_in(client, tanja)
    assert client.post(url, {"document": document.pk, "reason": "kurz"}).status_code == 400
    assert client.post(url, {"document": document.pk, "reason": "Widerspruch W-1 läuft"}).status_code == 302
    document.refresh_from_db()
    assert document.legal_hold
    page = client.get(f"/demo/staff/cases/{case.pk}/").content.decode()
    assert "Widerspruch W-1 läuft" in page and "Löschsperre aufheben" in page
    hold = LegalHold.objects.for_tenant(case.jobcenter).get()
    response = client.post(f"/demo/staff/cases/{case.pk}/holds/{hold.pk}/lift/", {"reason": "Verfahren beendet"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.legal_hold


def test_the_admin_edits_the_periods_others_may_not(client, case, anja, bernd, niklas):
    sign_in(client, anja)
    page = client.get("/demo/staff/retention/")
    assert page.status_code == 200 and "Löschfristen" in page.content.decode()
    data = {category: months for category, months in DEFAULT_MONTHS.items()} | {"income": 48}
    assert client.post("/demo/staff/retention/", data).status_code == 302
    assert RetentionRule.objects.for_tenant(case.jobcenter).get(category="income").months == 48
    assert client.post("/demo/staff/retention/", data | {"rent": 0}).status_code == 400
    client.logout()
    sign_in(client, bernd)
    assert client.get("/demo/staff/retention/").status_code == 403
    assert client.get("/demo/staff/retention/deletions/").status_code == 403
    client.logout()
    sign_in(client, niklas)
    assert client.get("/demo/staff/retention/deletions/").status_code == 404


def test_the_deletion_log_page_lists_deletions_without_content(client, case, aylin, anja, tanja):
    upload(case, aylin, words=("Geheimwort",))
    Document.all_tenants.update(delete_after=TODAY - dt.timedelta(days=1))
    delete_expired_documents()
    for person in (anja, tanja):
        sign_in(client, person)
        page = client.get("/demo/staff/retention/deletions/").content.decode()
        assert case.customer_number in page and "Einkommensnachweis" in page and "Löschfrist abgelaufen" in page
        assert "lohn.pdf" not in page
        client.logout()


def test_the_admin_holds_a_case_by_its_number_without_seeing_its_content(client, case, aylin, anja, bernd, nord_case):
    upload(case, aylin, words=("Geheimwort",))
    sign_in(client, anja)
    assert (
        client.post(
            "/demo/staff/retention/holds/", {"number": "99999BG0001", "reason": "Prüfung durch Revision"}
        ).status_code
        == 400
    )
    response = client.post(
        "/demo/staff/retention/holds/", {"number": case.customer_number, "reason": "Prüfung durch Revision"}
    )
    assert response.status_code == 302
    assert delete_expired_documents(today=LATER) == 0
    page = client.get("/demo/staff/retention/holds/").content.decode()
    assert case.customer_number in page and "Prüfung durch Revision" in page and "lohn.pdf" not in page
    hold = LegalHold.objects.for_tenant(case.jobcenter).get()
    assert (
        client.post(f"/demo/staff/retention/holds/{hold.pk}/lift/", {"reason": "Prüfung abgeschlossen"}).status_code
        == 302
    )
    assert delete_expired_documents(today=LATER) == 1
    client.logout()
    sign_in(client, bernd)
    assert client.get("/demo/staff/retention/holds/").status_code == 403
