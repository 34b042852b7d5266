"""The upload pipeline against a real clamd: what is refused, with which reason, and what passes."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from openjobcenter.casefile.services.uploads import Reason, UploadRefused, check_bytes, check_upload, sanitise_name
from openjobcenter.casefile.testing import EICAR, TEST_PATTERN

from .conftest import image_bytes, pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")


def refusal(content: bytes, name: str) -> Reason:
    with pytest.raises(UploadRefused) as caught:
        check_bytes(content, name)
    assert str(caught.value.message)  # every refusal has a message for the person
    return caught.value.reason


def test_a_clean_pdf_passes_unchanged_and_scanned():
    content = pdf_bytes()
    clean = check_bytes(content, "Lohnabrechnung Mai.pdf")
    assert (clean.content, clean.content_type, clean.name, clean.scanned) == (
        content, "application/pdf", "Lohnabrechnung Mai.pdf", True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "name", "content_type"), [("JPEG", "foto.jpg", "image/jpeg"), ("PNG", "scan.png", "image/png")]
)
def test_clean_images_pass(fmt, name, content_type):
    clean = check_bytes(image_bytes(fmt), name)
    assert (clean.content_type, clean.name, clean.scanned) == (content_type, name, True)
    assert Image.open(io.BytesIO(clean.content)).size == (40, 30)


def test_the_eicar_test_file_is_refused_as_malware():
    assert refusal(EICAR, "eicar.pdf") == Reason.VIRUS
    assert refusal(EICAR, "eicar.com") == Reason.VIRUS


def test_malware_inside_an_allowed_file_is_refused():
    # A valid PDF carrying the test signature would pass every type check: the scanner stops it.
    content = pdf_bytes() + b"\n%" + TEST_PATTERN + b"\n"
    assert refusal(content, "antrag.pdf") == Reason.VIRUS


def test_the_scanner_sees_the_eicar_file(clamd_url):
    from openjobcenter.casefile.services.scanning import Verdict, scan

    result = scan(EICAR)
    assert (result.verdict, result.signature) == (Verdict.INFECTED, "OJC.Test.EICAR.UNOFFICIAL")


def test_content_that_contradicts_the_name_is_refused():
    assert refusal(image_bytes("PNG"), "kontoauszug.pdf") == Reason.NAME_MISMATCH
    assert refusal(pdf_bytes(), "foto.jpg") == Reason.NAME_MISMATCH
    assert refusal(pdf_bytes(), "programm.exe") == Reason.NAME_MISMATCH


def test_other_types_are_refused():
    assert refusal(b"MZ\x90\x00 not a document", "rechnung.pdf") == Reason.TYPE_NOT_ALLOWED
    assert refusal(image_bytes("GIF"), "bild.gif") == Reason.TYPE_NOT_ALLOWED
    assert refusal(b"just text", "notiz.txt") == Reason.TYPE_NOT_ALLOWED


def test_a_name_without_extension_gets_the_right_one():
    assert check_bytes(pdf_bytes(), "Mietvertrag").name == "Mietvertrag.pdf"


def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding():
    assert refusal(_png_declaring(100_000, 100_000), "bombe.png") == Reason.TOO_MANY_PIXELS


def test_an_image_just_over_the_pixel_limit_is_refused(settings):
    settings.UPLOAD_MAX_PIXELS = 1_000
    assert refusal(image_bytes("PNG", size=(40, 30)), "gross.png") == Reason.TOO_MANY_PIXELS


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_SIZE = 1024
    assert refusal(pdf_bytes() + b"%" + b"x" * 2048, "gross.pdf") == Reason.TOO_LARGE
    upload = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"x" * 2048, content_type="application/pdf")
    with pytest.raises(UploadRefused) as caught:
        check_upload(upload)
    assert caught.value.reason == Reason.TOO_LARGE
    assert "1,0" in caught.value.message or "1.0" in caught.value.message


def test_an_empty_file_is_refused():
    assert refusal(b"", "leer.pdf") == Reason.EMPTY


def test_a_broken_pdf_is_refused():
    assert refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage", "kaputt.pdf") == Reason.BROKEN_PDF
    assert refusal(pdf_bytes()[:60], "abgeschnitten.pdf") == Reason.BROKEN_PDF


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    assert refusal(out.getvalue(), "geschuetzt.pdf") == Reason.ENCRYPTED_PDF


def test_a_truncated_image_is_refused():
    assert refusal(image_bytes("JPEG", size=(400, 300))[:300], "abgeschnitten.jpg") == Reason.BROKEN_IMAGE


def test_gps_and_camera_data_are_removed_from_photos():
    exif = Image.Exif()
    exif[0x010F] = "Kamera-Hersteller"  # Make
    exif[0x8825] = {2: (52.0, 31.0, 0.0)}  # GPSInfo
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(original)).getexif()
    clean = check_bytes(original, "foto.jpg")
    assert not Image.open(io.BytesIO(clean.content)).getexif()
    assert b"Kamera-Hersteller" not in clean.content


def test_a_phone_photo_in_heic_becomes_a_jpeg():
    pillow_heif = pytest.importorskip("pillow_heif")
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (32, 24), (10, 120, 200))).save(out, quality=80)
    clean = check_bytes(out.getvalue(), "IMG_0001.HEIC")
    assert (clean.content_type, clean.name) == ("image/jpeg", "IMG_0001.jpg")
    assert Image.open(io.BytesIO(clean.content)).format == "JPEG"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "ordner/datei.pdf", "C:\\Users\\a\\datei.pdf", "datei\x00.pdf", "zeile\nneu.pdf",
             "rechnung\u202efdp.exe", "...", "   "],
)  # fmt: skip
def test_names_with_separators_or_control_characters_are_refused(name):
    assert refusal(pdf_bytes(), name) == Reason.BAD_NAME


def test_long_names_are_shortened_keeping_the_extension():
    name = sanitise_name("a" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")
    assert sanitise_name("  Lohn   Mai .pdf ") == "Lohn Mai .pdf"
    assert sanitise_name("نموذج.pdf") == "نموذج.pdf"


def test_an_unreachable_scanner_refuses_the_upload(settings, tmp_path):
    settings.CLAMD_URL = f"unix://{tmp_path / 'nothing.sock'}"
    assert refusal(pdf_bytes(), "ok.pdf") == Reason.SCANNER_UNAVAILABLE
    settings.CLAMD_URL = "tcp://127.0.0.1:9"
    assert refusal(pdf_bytes(), "ok.pdf") == Reason.SCANNER_UNAVAILABLE
    settings.CLAMD_URL = "ftp://falsch"
    assert refusal(pdf_bytes(), "ok.pdf") == Reason.SCANNER_UNAVAILABLE


def test_without_a_scanner_only_demo_mode_accepts_files_flagged_as_not_scanned(settings):
    settings.CLAMD_URL = ""
    assert check_bytes(pdf_bytes(), "ok.pdf").scanned is False
    settings.DEMO = False
    assert refusal(pdf_bytes(), "ok.pdf") == Reason.SCANNER_UNAVAILABLE
