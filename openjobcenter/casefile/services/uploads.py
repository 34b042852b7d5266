"""The upload pipeline of the whole product: every file from outside passes ``check_upload``.

In order: size, file name, the virus scan of the bytes as sent, then the type from the content
(Pillow / pypdf open the file; the name's extension must agree), images re-encoded (EXIF and GPS
gone, phone photos in HEIC become JPEG, pixel bombs refused), PDFs opened (broken or
password-protected ones refused). A refused
file is never stored: this module only reads bytes and returns either a ``CleanFile`` or raises
``UploadRefused`` with a translated reason. Storing (encrypted) is ``documents.store_bytes``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from openjobcenter.casefile.services.scanning import Verdict, scan

logger = logging.getLogger(__name__)
register_heif_opener()

MAX_NAME_LENGTH = 120
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg", ".jfif"), PNG: (".png",)}
# Phone photos: accepted, and stored as JPEG.
HEIF_EXTENSIONS = (".heic", ".heif")
IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG, "HEIF": JPEG, "MPO": JPEG}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif"


class Reason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BAD_NAME = "bad_name"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    NAME_MISMATCH = "name_mismatch"
    BROKEN_PDF = "broken_pdf"
    ENCRYPTED_PDF = "encrypted_pdf"
    BROKEN_IMAGE = "broken_image"
    TOO_MANY_PIXELS = "too_many_pixels"
    VIRUS = "virus"
    SCANNER_UNAVAILABLE = "scanner_unavailable"


MESSAGES: dict[Reason, Promise] = {
    Reason.EMPTY: _("Die Datei ist leer. Bitte wählen Sie die Datei noch einmal aus."),
    Reason.TOO_LARGE: _("Die Datei ist zu groß. Erlaubt sind höchstens %(limit)s."),
    Reason.BAD_NAME: _("Der Dateiname ist ungültig. Bitte benennen Sie die Datei um und versuchen Sie es erneut."),
    Reason.TYPE_NOT_ALLOWED: _(
        "Diese Art von Datei können wir nicht annehmen. Erlaubt sind PDF-Dateien und Fotos (JPEG, PNG, HEIC)."
    ),
    Reason.NAME_MISMATCH: _(
        "Der Inhalt der Datei passt nicht zu ihrer Endung (%(extension)s). "
        "Bitte laden Sie die Originaldatei hoch, ohne die Endung zu ändern."
    ),
    Reason.BROKEN_PDF: _(
        "Die PDF-Datei ist beschädigt und lässt sich nicht öffnen. Bitte erstellen oder scannen Sie sie neu."
    ),
    Reason.ENCRYPTED_PDF: _(
        "Die PDF-Datei ist mit einem Passwort geschützt. Bitte laden Sie eine Fassung ohne Passwortschutz hoch."
    ),
    Reason.BROKEN_IMAGE: _("Das Bild ist beschädigt und lässt sich nicht öffnen. Bitte fotografieren Sie es neu."),
    Reason.TOO_MANY_PIXELS: _(
        "Das Bild ist zu groß (zu viele Bildpunkte). Bitte verkleinern Sie es oder fotografieren Sie es neu."
    ),
    Reason.VIRUS: _(
        "In der Datei wurde Schadsoftware gefunden. Sie wurde nicht gespeichert. "
        "Bitte prüfen Sie Ihr Gerät und laden Sie eine saubere Datei hoch."
    ),
    Reason.SCANNER_UNAVAILABLE: _(
        "Wir können die Datei gerade nicht auf Viren prüfen und nehmen sie deshalb nicht an. "
        "Bitte versuchen Sie es später noch einmal."
    ),
}


class UploadRefused(Exception):
    """The upload is refused; ``message`` is shown to the person (already translated lazily)."""

    def __init__(self, reason: Reason, **params: str) -> None:
        self.reason = reason
        self.params = params
        super().__init__(reason.value)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.reason]) % self.params if self.params else str(MESSAGES[self.reason])


@dataclass(frozen=True)
class CleanFile:
    """A file that passed every check: what may be stored."""

    content: bytes
    name: str
    content_type: str
    sha256: str
    scanned: bool

    @property
    def size(self) -> int:
        return len(self.content)


def check_upload(upload: UploadedFile) -> CleanFile:
    """Read an uploaded file (never more than the limit) and run it through the pipeline."""
    limit = settings.UPLOAD_MAX_SIZE
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(Reason.TOO_LARGE, limit=str(filesizeformat(limit)))
    upload.seek(0)
    content = upload.read(limit + 1)
    return check_bytes(content, upload.name or "")


def check_bytes(content: bytes, name: str) -> CleanFile:
    limit = settings.UPLOAD_MAX_SIZE
    if not content:
        raise UploadRefused(Reason.EMPTY)
    if len(content) > limit:
        raise UploadRefused(Reason.TOO_LARGE, limit=str(filesizeformat(limit)))
    safe_name = sanitise_name(name)
    # The scanner sees the bytes exactly as sent, before any parser of ours touches them.
    result = scan(content)
    if result.verdict == Verdict.INFECTED:
        logger.warning("Upload refused: malware %s found.", result.signature)
        raise UploadRefused(Reason.VIRUS)
    if result.verdict == Verdict.UNAVAILABLE:
        raise UploadRefused(Reason.SCANNER_UNAVAILABLE)
    if content.lstrip()[:5] == b"%PDF-":
        content_type, content = PDF, _check_pdf(content)
    else:
        content_type, content = _check_image(content)
    safe_name = _matching_name(safe_name, content_type, original_heif=_is_heif_name(safe_name))
    return CleanFile(
        content=content,
        name=safe_name,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        scanned=result.verdict == Verdict.CLEAN,
    )


# --- File names ------------------------------------------------------------------------------------


def sanitise_name(name: str) -> str:
    """A name safe to show and to offer for download, or ``UploadRefused(BAD_NAME)``.

    Browsers send the bare file name, so path separators or control characters mean a crafted
    request: refused, not silently repaired. Over-long names are shortened, keeping the extension.
    """
    name = unicodedata.normalize("NFC", name)
    if any(_forbidden_in_name(ch) for ch in name):
        raise UploadRefused(Reason.BAD_NAME)
    name = " ".join(name.split()).strip(" .")
    if not name:
        raise UploadRefused(Reason.BAD_NAME)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:MAX_NAME_LENGTH]
    return f"{stem[: MAX_NAME_LENGTH - len(extension) - 1]}.{extension}"


def _forbidden_in_name(ch: str) -> bool:
    # Format characters include the right-to-left override ("gpj.exe" shown as "exe.jpg"); the
    # zero-width (non-)joiners are kept, Persian and Indic names need them.
    if ch in "/\\":
        return True
    category = unicodedata.category(ch)
    return category in {"Cc", "Zl", "Zp"} or (category == "Cf" and ch not in "\u200c\u200d")


def _is_heif_name(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in HEIF_EXTENSIONS


def _matching_name(name: str, content_type: str, *, original_heif: bool) -> str:
    """The name with an extension that fits the content; a contradicting extension is refused."""
    path = PurePosixPath(name)
    suffix = path.suffix.lower()
    allowed = EXTENSIONS[content_type]
    if original_heif and content_type == JPEG:
        return f"{path.stem}.jpg"
    if suffix in allowed:
        return name
    if suffix and suffix in {ext for exts in EXTENSIONS.values() for ext in exts} | set(HEIF_EXTENSIONS):
        raise UploadRefused(Reason.NAME_MISMATCH, extension=suffix)
    if suffix and len(suffix) <= 5 and suffix[1:].isalnum():
        # A different, known-looking extension (.exe, .docx): the content says otherwise.
        raise UploadRefused(Reason.NAME_MISMATCH, extension=suffix)
    # No extension (or a dot inside the name): append the right one.
    return f"{name}{allowed[0]}"


# --- PDFs ------------------------------------------------------------------------------------------


def _check_pdf(content: bytes) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise UploadRefused(Reason.ENCRYPTED_PDF)
            if len(reader.pages) < 1:
                raise UploadRefused(Reason.BROKEN_PDF)
            # Reading the first page's content proves the page tree and streams are intact.
            reader.pages[0].get_contents()
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        raise UploadRefused(Reason.BROKEN_PDF) from None
    return content


# --- Images ----------------------------------------------------------------------------------------


def _check_image(content: bytes) -> tuple[str, bytes]:
    max_pixels = settings.UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in IMAGE_FORMATS:
                raise UploadRefused(Reason.TYPE_NOT_ALLOWED)
            # The header's dimensions decide before a single pixel is decoded.
            width, height = image.size
            if width * height > max_pixels:
                raise UploadRefused(Reason.TOO_MANY_PIXELS)
            content_type = IMAGE_FORMATS[image.format]
            return content_type, _reencode(image, content_type)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(Reason.TOO_MANY_PIXELS) from None
    except UnidentifiedImageError:
        raise UploadRefused(Reason.TYPE_NOT_ALLOWED) from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
        raise UploadRefused(Reason.BROKEN_IMAGE) from None


def _reencode(image: Image.Image, content_type: str) -> bytes:
    """Decode and encode again: drops EXIF (GPS, camera), comments and anything hidden after the image."""
    image.load()
    image = ImageOps.exif_transpose(image)  # keep the photo upright once the orientation tag is gone
    out = io.BytesIO()
    if content_type == PNG:
        image.save(out, format="PNG", optimize=False)
    else:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90)
    return out.getvalue()
