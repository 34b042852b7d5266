"""Demo data of the folder: Aylin Kaya's application folder – a CV, a certificate, a cover letter, a
share link for the bakery "Backhaus Sonnenschein" (opened once), her consent for Bernd's team and one of
his comments. Oleksandr has a folder without consent (the advisor's "no consent" page).

Idempotent: nothing is added once Aylin has a folder. Everything goes through the real services.
The demo share has a fixed token (``DEMO_SHARE_TOKEN``) so the shared page can be shown and checked;
real tokens are random and never stored.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.test import RequestFactory

from openjobcenter.accounts.models import User
from openjobcenter.casefile.demo import CLIENT, text_pdf
from openjobcenter.casefile.services.uploads import UploadRefused, check_bytes
from openjobcenter.core.models import Jobcenter
from openjobcenter.folder.models import DATED_SECTIONS, AccessKind, Folder, Level, Section, Share
from openjobcenter.folder.services import advisor, certificates, folders, sharing

logger = logging.getLogger(__name__)

ADVISOR = "beratung@demo.example"
OTHER_CLIENT = "kunde@demo.example"
DEMO_SHARE_TOKEN = "DemoMappeAylinKaya-Backhaus-Sonnenschein-01"
PROFILE = (
    "Erfahrene Verkäuferin mit sieben Jahren Berufserfahrung im Lebensmitteleinzelhandel, freundlich, "
    "belastbar und sicher an der Kasse. Ich suche eine Teilzeitstelle (25 Stunden) im Verkauf."
)
LETTER = """Sehr geehrte Frau Sommer,

mit großem Interesse habe ich Ihre Anzeige für eine Verkäuferin in Teilzeit gelesen. Ich bringe sieben Jahre Erfahrung im Verkauf mit, davon fünf Jahre an der Bedientheke, und arbeite gern mit Menschen.

Bei der Bäckerei Schmidt habe ich Kundinnen und Kunden beraten, die Kasse abgerechnet und neue Kolleginnen eingearbeitet. Zuverlässigkeit und ein freundlicher Umgang sind für mich selbstverständlich.

Über eine Einladung zu einem Gespräch freue ich mich sehr.

Mit freundlichen Grüßen"""


def _entries() -> list[tuple[str, dict[str, object]]]:
    return [
        (Section.WORK, {"title": "Verkäuferin", "organisation": "Bäckerei Schmidt GmbH", "place": "Musterstadt",
                        "start": dt.date(2018, 3, 1), "end": dt.date(2023, 6, 1),
                        "description": "Beratung und Verkauf an der Bedientheke, Kassenabrechnung, Einarbeitung neuer Kolleginnen"}),
        (Section.WORK, {"title": "Kassiererin (Teilzeit)", "organisation": "Frischemarkt Mitte", "place": "Musterstadt",
                        "start": dt.date(2016, 1, 1), "end": dt.date(2018, 2, 1), "description": ""}),
        (Section.EDUCATION, {"title": "Ausbildung zur Verkäuferin (IHK)", "organisation": "Berufskolleg Musterstadt",
                             "place": "Musterstadt", "start": dt.date(2013, 8, 1), "end": dt.date(2015, 7, 1),
                             "description": "Abschlussnote 2,3"}),
        (Section.EDUCATION, {"title": "Mittlerer Schulabschluss", "organisation": "Gesamtschule Nord",
                             "place": "Musterstadt", "start": dt.date(2007, 8, 1), "end": dt.date(2013, 7, 1),
                             "description": ""}),
        (Section.TRAINING, {"title": "Hygieneschulung nach § 4 LMHV", "organisation": "IHK Musterstadt",
                            "place": "", "start": dt.date(2022, 4, 1), "end": dt.date(2022, 4, 1), "description": ""}),
        (Section.SKILL, {"title": "Kassensysteme", "description": "Vectron, Scannerkassen, Kartenzahlung"}),
        (Section.SKILL, {"title": "MS Office", "description": "Word, Excel (Grundkenntnisse)"}),
        (Section.LANGUAGE, {"title": "Deutsch", "level": Level.NATIVE}),
        (Section.LANGUAGE, {"title": "Türkisch", "level": Level.NATIVE}),
        (Section.LANGUAGE, {"title": "Englisch", "level": Level.B1}),
    ]  # fmt: skip


@transaction.atomic
def load_demo_folder() -> dict[str, int]:
    jobcenter = Jobcenter.objects.filter(slug="demo").first()
    aylin = User.objects.filter(email=CLIENT).first()
    bernd = User.objects.filter(email=ADVISOR).first()
    if jobcenter is None or aylin is None or bernd is None:
        return {"folders": 0}
    if Folder.objects.for_tenant(jobcenter).filter(owner=aylin).exists():
        from openjobcenter.jobs.demo import load_demo_candidates

        return {"folders": 0, **load_demo_candidates()}
    folder = folders.folder_for(aylin, jobcenter)
    folders.save_personal(actor=aylin, folder=folder, data={
        "first_name": aylin.first_name, "last_name": aylin.last_name, "headline": "Verkäuferin im Einzelhandel",
        "birth_date": None, "street": "Lindenweg 7", "postal_code": "12345", "city": "Musterstadt",
        "phone": "0151 2345678", "email": aylin.email, "profile": PROFILE, "driving_licence": "B",
        "interests": "Backen, Ehrenamt im Elternbeirat der Kita",
    })  # fmt: skip
    entries = _entries()
    # A new dated entry goes to the top: add the oldest first, so the newest ends up on top.
    for section, data in [*reversed([e for e in entries if e[0] in DATED_SECTIONS]),
                          *[e for e in entries if e[0] not in DATED_SECTIONS]]:  # fmt: skip
        folders.add_entry(actor=aylin, folder=folder, section=section, data=data)
    certificate = None
    try:
        clean = check_bytes(
            text_pdf(["Arbeitszeugnis", "Baeckerei Schmidt GmbH", "Frau Aylin Kaya war vom 01.03.2018",
                      "bis 30.06.2023 als Verkaeuferin bei uns taetig."]),
            "Arbeitszeugnis-Baeckerei-Schmidt.pdf",
        )  # fmt: skip
        certificate = certificates.upload_certificate(
            actor=aylin, folder=folder, clean=clean, title="Arbeitszeugnis Bäckerei Schmidt",
            issued_on=dt.date(2023, 6, 30),
        )  # fmt: skip
    except UploadRefused as refusal:  # no virus scanner outside the demo mode
        logger.warning("Demo certificate not stored: %s", refusal.reason)
    letter = folders.save_letter(actor=aylin, folder=folder, data={
        "title": "Bewerbung als Verkäuferin in Teilzeit", "company": "Backhaus Sonnenschein", "text": LETTER,
    })  # fmt: skip
    share, _token = sharing.create_share(
        actor=aylin, folder=folder, recipient="Backhaus Sonnenschein", days=30, include_cv=True,
        certificates=[certificate] if certificate else [], cover_letter=letter,
    )  # fmt: skip
    Share.objects.for_tenant(jobcenter).filter(pk=share.pk).update(token_hash=sharing.token_hash(DEMO_SHARE_TOKEN))
    request = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/133.0")
    request.META["REMOTE_ADDR"] = "192.0.2.41"
    sharing.record_access(share, AccessKind.PAGE, request)
    sharing.record_access(share, AccessKind.CV, request)
    folders.set_consent(actor=aylin, folder=folder, given=True)
    advisor.add_staff_comment(actor=bernd, folder=folder, text=(
        "Sehr guter Lebenslauf! Ergänzen Sie im Kurzprofil noch, dass Sie auch samstags arbeiten können."
    ))  # fmt: skip
    other = User.objects.filter(email=OTHER_CLIENT).first()
    if other is not None:
        folders.folder_for(other, jobcenter)
    from openjobcenter.jobs.demo import load_demo_candidates  # the application needs the folder

    return {"folders": 2 if other else 1, **load_demo_candidates()}
