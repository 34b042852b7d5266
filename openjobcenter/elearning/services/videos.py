"""Lesson videos a Jobcenter admin uploads, served by the portal itself with HTTP range requests.

The product's upload pipeline (``casefile.services.uploads``) accepts PDFs and images only, so videos
get their own strict check, reusing its parts: the size limit of every upload (``UPLOAD_MAX_MB``,
which is also the request limit), the file-name rules and the ClamAV scan of the bytes as sent; the
type comes from the content (magic bytes), never from the name or the browser: MP4 (an ``ftyp`` box
with a known brand) or WebM (an EBML header whose DocType is ``webm``). Videos are teaching material,
not social data, so they are stored unencrypted.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from openjobcenter.audit.services import log_change
from openjobcenter.casefile.services.scanning import Verdict, scan
from openjobcenter.casefile.services.uploads import UploadRefused, sanitise_name
from openjobcenter.elearning.models import Lesson, LessonVideo

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

logger = logging.getLogger(__name__)

MP4 = "video/mp4"
WEBM = "video/webm"
EXTENSIONS = {MP4: "mp4", WEBM: "webm"}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"MSNV"}
ACCEPT_ATTRIBUTE = ".mp4,.webm,video/mp4,video/webm"


class VideoRefused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def video_type(content: bytes) -> str | None:
    """``video/mp4``, ``video/webm`` or ``None``, from the first bytes."""
    if len(content) >= 12 and content[4:8] == b"ftyp" and content[8:12] in MP4_BRANDS:
        return MP4
    if content[:4] == b"\x1a\x45\xdf\xa3" and b"\x42\x82\x84webm" in content[:64]:
        return WEBM
    return None


def check_video(upload: UploadedFile) -> tuple[str, str, bytes]:
    """(safe name, content type, bytes) of an acceptable video, or ``VideoRefused``."""
    limit = int(settings.UPLOAD_MAX_SIZE)
    too_large = str(_("Die Datei ist zu groß. Erlaubt sind höchstens %(limit)s.") % {"limit": filesizeformat(limit)})
    if upload.size is not None and upload.size > limit:
        raise VideoRefused(too_large)
    upload.seek(0)
    content = upload.read(limit + 1)
    if not content:
        raise VideoRefused(str(_("Die Datei ist leer. Bitte wählen Sie die Datei noch einmal aus.")))
    if len(content) > limit:
        raise VideoRefused(too_large)
    try:
        name = sanitise_name(upload.name or "video")
    except UploadRefused as refused:
        raise VideoRefused(refused.message) from None
    # The scanner sees the bytes exactly as sent, before anything of ours looks at them.
    result = scan(content)
    if result.verdict == Verdict.INFECTED:
        logger.warning("Video refused: malware %s found.", result.signature)
        raise VideoRefused(str(_("In der Datei wurde Schadsoftware gefunden. Sie wurde nicht gespeichert.")))
    if result.verdict == Verdict.UNAVAILABLE:
        raise VideoRefused(
            str(_("Wir können die Datei gerade nicht auf Viren prüfen. Bitte versuchen Sie es später noch einmal."))
        )
    content_type = video_type(content)
    if content_type is None:
        raise VideoRefused(str(_("Bitte laden Sie ein Video im Format MP4 oder WebM hoch.")))
    return name, content_type, content


def store_video(
    *, actor: User, jobcenter: Jobcenter, lesson: Lesson, upload: UploadedFile, request: HttpRequest | None = None
) -> LessonVideo:
    name, content_type, content = check_video(upload)
    path = f"elearning/videos/{jobcenter.pk}/{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    stored = default_storage.save(path, ContentFile(content))
    with transaction.atomic():
        old = LessonVideo.objects.for_tenant(jobcenter).select_for_update().filter(lesson=lesson).first()
        if old is not None:
            old_file = old.file_name
            old.delete()
            transaction.on_commit(lambda: default_storage.delete(old_file))
        video = LessonVideo.objects.create_for_tenant(
            jobcenter,
            lesson=lesson,
            file_name=stored,
            original_name=name,
            content_type=content_type,
            size=len(content),
            uploaded_by=actor,
        )
        log_change(
            actor=actor,
            jobcenter=jobcenter,
            action="elearning.video_uploaded",
            target=video,
            details={"lesson": f"{lesson.module.slug}/{lesson.key}", "size": len(content)},
            request=request,
        )
    return video


def delete_video(*, actor: User, video: LessonVideo, request: HttpRequest | None = None) -> None:
    file_name = video.file_name
    with transaction.atomic():
        log_change(
            actor=actor,
            jobcenter=video.jobcenter,
            action="elearning.video_deleted",
            target=video,
            details={"lesson": video.lesson_id},
            request=request,
        )
        video.delete()
        transaction.on_commit(lambda: default_storage.delete(file_name))


# --- Range requests --------------------------------------------------------------------------------

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes outside the file (answered with 416)."""


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for (``None``: the whole file). Several ranges: served whole, as allowed."""
    if not header:
        return None
    match = RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(size - length, 0), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable
    return ByteRange(start, end)
