"""The citizen's plan: only her own, comment and acknowledge the version in force, tick off own steps, PDF."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.cooperation.models import Acknowledgement, Comment, Owner, Status, Step
from openjobcenter.cooperation.services.plans import save_draft

from .conftest import GOALS

PAGE = "/demo/my/plan/"


def test_aylin_reads_her_published_plan_but_not_the_draft(client, case, published, aylin, bernd):
    save_draft(actor=bernd, case=case, person=aylin, goals="GEHEIMER ENTWURF", support="", review_date=None, steps=[])
    sign_in(client, aylin)
    page = client.get(PAGE).content.decode()
    assert GOALS in page and "Vier Bewerbungen im Monat schreiben" in page
    assert "GEHEIMER ENTWURF" not in page


def test_aylin_comments_and_acknowledges_and_bernd_sees_it(client, case, published, aylin, bernd):
    sign_in(client, aylin)
    assert client.post(f"{PAGE}1/comment/", {"text": ""}).status_code == 400
    assert client.post(f"{PAGE}1/comment/", {"text": "Kann das Coaching online sein?"}).status_code == 302
    assert client.post(f"{PAGE}1/acknowledge/").status_code == 302
    assert client.post(f"{PAGE}1/acknowledge/").status_code == 302  # twice: still one record
    ack = Acknowledgement.objects.for_tenant(case.jobcenter).get()
    assert ack.person == aylin and ack.version == published
    assert 'data-state="acknowledged"' in client.get(PAGE).content.decode()

    sign_in(client, bernd)
    staff = client.get(f"/demo/staff/cases/{case.pk}/plan/").content.decode()
    assert "Kann das Coaching online sein?" in staff and 'data-state="acknowledged"' in staff


def test_a_new_version_needs_a_new_acknowledgement(client, case, published, aylin, bernd):
    from openjobcenter.cooperation.services.plans import publish

    sign_in(client, aylin)
    client.post(f"{PAGE}1/acknowledge/")
    publish(
        actor=bernd,
        draft=save_draft(actor=bernd, case=case, person=aylin, goals="Neu", support="", review_date=None, steps=[]),
    )
    assert 'data-state="acknowledged"' not in client.get(PAGE).content.decode()
    # The old version is no longer in force: no comments or acknowledgements on it.
    client.post(f"{PAGE}1/comment/", {"text": "zu spät"})
    assert not Comment.objects.for_tenant(case.jobcenter).exists()


def test_aylin_ticks_off_her_own_steps_only(client, case, published, aylin):
    sign_in(client, aylin)
    own = Step.objects.get(version=published, owner=Owner.CITIZEN)
    theirs = Step.objects.get(version=published, owner=Owner.JOBCENTER)
    assert client.post(f"{PAGE}steps/{own.pk}/", {"done": "1"}).status_code == 302
    client.post(f"{PAGE}steps/{theirs.pk}/", {"done": "1"})
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.done and not theirs.done
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.goals == GOALS


def test_another_citizen_gets_404_for_everything_of_aylin(client, case, published, david, davids_case, nora):
    step = published.steps.first()
    for person in (david, nora):
        sign_in(client, person)
        base = "/demo/my/plan/" if person == david else "/nord/my/plan/"
        assert client.get(f"{base}1/pdf/").status_code == 404
        assert client.post(f"{base}1/acknowledge/").status_code == 404
        assert client.post(f"{base}1/comment/", {"text": "x"}).status_code == 404
        assert client.post(f"{base}steps/{step.pk}/", {"done": "1"}).status_code == 404
        assert GOALS not in client.get(base).content.decode()
    assert client.get("/demo/my/plan/").status_code == 404  # Nora in demo's portal
    assert not Acknowledgement.objects.for_tenant(case.jobcenter).exists()


def test_staff_cannot_use_the_citizen_pages(client, published, bernd):
    sign_in(client, bernd)
    assert client.get(PAGE).status_code == 403


def test_the_pdf_is_tagged_and_holds_the_plan(client, case, published, aylin, bernd):
    sign_in(client, aylin)
    response = client.get(f"{PAGE}1/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert GOALS in text and "Vier Bewerbungen im Monat schreiben" in text and "Kooperationsplan" in text
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "de" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata is not None and reader.metadata.title == "Kooperationsplan, Version 1"
    sign_in(client, bernd)
    staff = client.get(f"/demo/staff/cases/{case.pk}/plan/versions/1/pdf/")
    assert staff.status_code == 200 and GOALS in PdfReader(io.BytesIO(staff.content)).pages[0].extract_text()


def test_bernd_answers_a_comment_and_hears_of_the_acknowledgement(client, case, published, aylin, bernd, carla, lena):
    from openjobcenter.notifications.models import Notification

    sign_in(client, aylin)
    client.post(f"{PAGE}1/comment/", {"text": "Kann das Coaching online sein?"})
    client.post(f"{PAGE}1/acknowledge/")
    titles = list(Notification.all_tenants.filter(recipient=bernd).values_list("title", flat=True))
    assert "Neuer Kommentar zu einem Kooperationsplan" in titles and "Kooperationsplan bestätigt" in titles

    answer = f"/demo/staff/cases/{case.pk}/plan/answer/"
    sign_in(client, lena)  # benefits officers may read the plan, not answer for the advisor
    assert client.post(answer, {"text": "Ja."}).status_code == 403
    sign_in(client, carla)  # another team: the reason first; a POST never opens the case
    assert client.post(answer, {"text": "Ja."}).status_code == 403
    sign_in(client, bernd)
    assert client.post(answer, {"text": ""}).status_code == 302
    assert not Comment.objects.for_tenant(case.jobcenter).filter(from_staff=True).exists()
    assert client.post(answer, {"text": "Ja, das Coaching geht auch online."}).status_code == 302
    reply = Comment.objects.for_tenant(case.jobcenter).get(from_staff=True)
    assert reply.author == bernd and reply.version == published
    assert Notification.all_tenants.filter(recipient=aylin, title="Antwort zu Ihrem Kooperationsplan").exists()

    sign_in(client, aylin)
    page = client.get(PAGE).content.decode()
    assert "Ja, das Coaching geht auch online." in page and "ojc-plan-comment--staff" in page
