"""Demo data: the case of Aylin Kaya's household (Bernd's team) with two small generated documents.

Idempotent: the case is looked up by its customer number; documents are added only to an empty case.
The documents go through the real upload pipeline; without clamd (demo mode) they are flagged
"not scanned", exactly like an upload would be.
"""

from __future__ import annotations

import io
import logging

from django.db import transaction
from PIL import Image, ImageDraw

from openjobcenter.accounts.models import User
from openjobcenter.casefile.models import Case, Category, CorrectionRequest, Document, HouseholdRole, Membership
from openjobcenter.casefile.services.corrections import ask_for_correction
from openjobcenter.casefile.services.documents import upload_document
from openjobcenter.casefile.services.uploads import UploadRefused, check_bytes
from openjobcenter.core.models import Jobcenter, Team

logger = logging.getLogger(__name__)

CUSTOMER_NUMBER = "12345BG0001"
TEAM = "Team Markt und Integration 1"
CLIENT = "kundin@demo.example"
CORRECTION_TEXT = "In der Mietbescheinigung stehen 130 EUR Nebenkosten. Seit Oktober sind es 145 EUR (neuer Abschlag)."


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Helvetica text (Latin-1), written by hand: no extra library."""
    text = (
        "BT /F1 14 Tf 56 780 Td 18 TL "
        + " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        + " ET"
    )
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def payslip_photo() -> bytes:
    image = Image.new("RGB", (480, 640), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 456, 616), outline=(60, 60, 60), width=3)
    for index, line in enumerate(["Lohnabrechnung", "Oktober 2026", "Aylin Kaya", "Netto: 1.236,40 EUR", "(Demo)"]):
        draw.text((48, 60 + 48 * index), line, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


@transaction.atomic
def load_demo_casefile() -> dict[str, int]:
    jobcenter = Jobcenter.objects.get(slug="demo")
    aylin = User.objects.get(email=CLIENT)
    team = Team.all_tenants.get(jobcenter=jobcenter, name=TEAM)
    case, created = Case.all_tenants.get_or_create(
        jobcenter=jobcenter, customer_number=CUSTOMER_NUMBER, defaults={"team": team}
    )
    Membership.objects.get_or_create(person=aylin, defaults={"case": case, "role": HouseholdRole.HEAD})
    if Document.objects.for_tenant(jobcenter).filter(case=case).exists():
        return {"cases": int(created), "case_documents": 0, "case_corrections": _demo_correction(aylin, case)}
    files = [
        (
            text_pdf(["Mietbescheinigung (Demo)", "Vermieter: Wohnbau Musterstadt eG", "Mieterin: Aylin Kaya",
                      "Grundmiete: 420,00 EUR", "Nebenkosten: 130,00 EUR"]),
            "Mietbescheinigung.pdf", Category.RENT, "Mietbescheinigung",
        ),
        (payslip_photo(), "Lohnabrechnung-Oktober.jpg", Category.INCOME, "Lohnabrechnung Oktober"),
    ]  # fmt: skip
    added = 0
    for content, name, category, title in files:
        try:
            clean = check_bytes(content, name)
        except UploadRefused as refusal:  # e.g. CLAMD_URL set but clamd not running
            logger.warning("Demo document %s not loaded: %s", name, refusal.reason)
            continue
        upload_document(actor=aylin, case=case, clean=clean, category=category, title=title)
        added += 1
    return {"cases": int(created), "case_documents": added, "case_corrections": _demo_correction(aylin, case)}


def _demo_correction(aylin: User, case: Case) -> int:
    """An open correction request of Aylin's, so the case page and her area show the flow."""
    if CorrectionRequest.objects.for_tenant(case.jobcenter).filter(case=case).exists():
        return 0
    document = Document.objects.for_tenant(case.jobcenter).filter(case=case, category=Category.RENT).first()
    ask_for_correction(citizen=aylin, case=case, document=document, text=CORRECTION_TEXT)
    return 1
