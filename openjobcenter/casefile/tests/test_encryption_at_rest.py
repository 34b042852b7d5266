"""Stored documents are encrypted (AES-GCM, key id in the header, bound to their record) and keys rotate."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from openjobcenter.casefile.models import Category, Document
from openjobcenter.casefile.services import encryption
from openjobcenter.casefile.services.documents import read_document, upload_document
from openjobcenter.casefile.services.uploads import check_bytes

from .conftest import MARKER, pdf_bytes

pytestmark = pytest.mark.usefixtures("scanner")

KEY_A = ("a", os.urandom(32))
KEY_B = ("b", os.urandom(32))


@pytest.fixture
def document(settings, case, aylin) -> Document:
    settings.DOCUMENT_KEYS = (KEY_A,)
    clean = check_bytes(pdf_bytes(), "Mietvertrag.pdf")
    return upload_document(actor=aylin, case=case, clean=clean, category=Category.RENT)


def stored_bytes(document: Document) -> bytes:
    with default_storage.open(document.storage_name, "rb") as handle:
        return handle.read()


def test_bytes_on_disk_are_not_the_plaintext(document, _private_storage):
    files = [path for path in _private_storage.rglob("*") if path.is_file()]
    assert len(files) == 1
    on_disk = files[0].read_bytes()
    assert MARKER.encode() not in on_disk and b"%PDF" not in on_disk
    assert on_disk.startswith(b"OJCE") and encryption.key_id_of(on_disk) == "a"
    assert document.key_id == "a" and document.storage_name.startswith(f"casefile/{document.jobcenter_id}/")


def test_the_owner_reads_back_exactly_what_was_uploaded(document, aylin):
    assert read_document(aylin, document) == pdf_bytes()


def test_a_file_moved_to_another_record_does_not_decrypt(document):
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt(stored_bytes(document), binding="casefile.document:00000000-0000-0000-0000-000000000000")


def test_a_changed_byte_is_detected(document):
    sealed = bytearray(stored_bytes(document))
    sealed[-1] ^= 1
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt(bytes(sealed), binding=document.binding)


def test_each_file_gets_its_own_nonce(settings):
    settings.DOCUMENT_KEYS = (KEY_A,)
    one = encryption.encrypt(b"same", binding="x").data
    two = encryption.encrypt(b"same", binding="x").data
    assert one != two


def test_rotation_re_encrypts_with_the_newest_key_and_removes_the_old_file(settings, document, aylin, _private_storage):
    old_name = document.storage_name
    settings.DOCUMENT_KEYS = (KEY_B, KEY_A)
    assert read_document(aylin, document) == pdf_bytes()  # old key still decrypts

    call_command("rotate_document_keys", stdout=io.StringIO())

    document.refresh_from_db()
    assert document.key_id == "b" and document.storage_name != old_name
    assert not default_storage.exists(old_name)
    assert encryption.key_id_of(stored_bytes(document)) == "b"
    settings.DOCUMENT_KEYS = (KEY_B,)  # the old key can go now
    assert read_document(aylin, document) == pdf_bytes()
    assert len([p for p in _private_storage.rglob("*") if p.is_file()]) == 1


def test_a_missing_key_is_reported_not_guessed(settings, document, aylin):
    settings.DOCUMENT_KEYS = (KEY_B,)
    with pytest.raises(encryption.DecryptionError, match="not among DOCUMENT_KEYS"):
        read_document(aylin, document)


def test_document_keys_are_parsed_strictly():
    from django.core.exceptions import ImproperlyConfigured

    from openjobcenter.casefile.keys import DEMO_KEY_ID, parse_document_keys

    good = base64.b64encode(os.urandom(32)).decode()
    assert [k for k, _ in parse_document_keys(f"new:{good}, old:{good}", demo=False)] == ["new", "old"]
    assert parse_document_keys("", demo=True)[0][0] == DEMO_KEY_ID
    for raw in ["", "nocolon", f"bad id:{good}", "k:not-base64!", f"k:{base64.b64encode(b'short').decode()}",
                f"k:{good},k:{good}"]:  # fmt: skip
        with pytest.raises(ImproperlyConfigured):
            parse_document_keys(raw, demo=False)
