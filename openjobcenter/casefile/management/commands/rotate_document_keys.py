from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openjobcenter.casefile.models import Document
from openjobcenter.casefile.services.documents import rotate_key
from openjobcenter.casefile.services.encryption import current_key_id


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored document with the first key of DOCUMENT_KEYS. Keep the old keys listed "
        "until this has finished; it can be interrupted and run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = current_key_id()
        pending = Document.all_tenants.exclude(key_id=current).select_related("jobcenter").order_by("pk")
        rotated = 0
        for document in pending.iterator(chunk_size=200):
            rotated += rotate_key(document)
        self.stdout.write(f"{rotated} document(s) re-encrypted with key {current!r}.")
