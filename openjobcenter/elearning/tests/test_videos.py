"""Lesson videos: strict type check by magic bytes, size limit, virus scan, range requests, tenant scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openjobcenter.accounts.tests.helpers import sign_in
from openjobcenter.audit.models import AuditEntry
from openjobcenter.elearning.models import LessonVideo
from openjobcenter.elearning.services.videos import RangeNotSatisfiable, parse_range, video_type

MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 500
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture
def lesson(application):
    return application.lessons.get(key="lebenslauf")


def _upload(client, lesson, content: bytes, name: str = "film.mp4"):
    url = f"/demo/staff/elearning/lessons/{lesson.pk}/video/"
    return client.post(url, {"video": SimpleUploadedFile(name, content, content_type="video/mp4")})


def test_the_type_comes_from_the_content():
    assert video_type(MP4) == "video/mp4"
    assert video_type(WEBM) == "video/webm"
    assert video_type(b"%PDF-1.7 ...") is None
    assert video_type(b"\x00\x00\x00\x18ftypqt  ") is None  # QuickTime: not offered


def _range(header: str, size: int = 1000) -> tuple[int, int]:
    parsed = parse_range(header, size)
    assert parsed is not None
    return parsed.start, parsed.end


def test_ranges_are_parsed_as_browsers_send_them():
    assert parse_range(None, 1000) is None
    assert _range("bytes=0-") == (0, 999)
    assert _range("bytes=100-199") == (100, 199)
    assert _range("bytes=-100") == (900, 999)
    assert _range("bytes=900-5000") == (900, 999)
    assert parse_range("items=0-1", 1000) is None
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=1000-", 1000)


def test_an_admin_uploads_a_video_and_a_citizen_streams_it_in_ranges(client, anja, aylin, lesson):
    sign_in(client, anja)
    response = _upload(client, lesson, MP4)
    assert response.status_code == 302
    video = LessonVideo.objects.for_tenant(anja.jobcenter).get(lesson=lesson)
    assert video.content_type == "video/mp4" and video.size == len(MP4)
    assert AuditEntry.objects.for_tenant(anja.jobcenter).filter(action="elearning.video_uploaded").exists()
    client.logout()
    sign_in(client, aylin)
    page = client.get("/demo/my/elearning/bewerbung-schreiben/lessons/lebenslauf/")
    assert f'src="/demo/my/elearning/videos/{video.pk}/"' in page.text
    whole = client.get(f"/demo/my/elearning/videos/{video.pk}/")
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == MP4
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(f"/demo/my/elearning/videos/{video.pk}/", HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(MP4)}"
    assert part["Content-Length"] == "10"
    assert b"".join(part.streaming_content) == MP4[10:20]
    beyond = client.get(f"/demo/my/elearning/videos/{video.pk}/", HTTP_RANGE=f"bytes={len(MP4)}-")
    assert beyond.status_code == 416


def test_a_webm_replaces_the_mp4(client, anja, lesson):
    sign_in(client, anja)
    _upload(client, lesson, MP4)
    _upload(client, lesson, WEBM, "film.webm")
    assert LessonVideo.objects.for_tenant(anja.jobcenter).get(lesson=lesson).content_type == "video/webm"


def test_a_file_that_is_no_video_is_refused_with_a_message_next_to_the_field(client, anja, lesson):
    sign_in(client, anja)
    response = _upload(client, lesson, b"%PDF-1.4 not a video", "film.mp4")
    assert response.status_code == 400
    assert "Bitte laden Sie ein Video im Format MP4 oder WebM hoch." in response.text
    assert 'class="kern-error"' in response.text
    assert not LessonVideo.objects.for_tenant(anja.jobcenter).exists()


def test_a_video_over_the_upload_limit_is_refused(client, anja, lesson, settings):
    settings.UPLOAD_MAX_SIZE = 1000
    sign_in(client, anja)
    response = _upload(client, lesson, MP4)
    assert response.status_code in (400, 413)
    assert not LessonVideo.objects.for_tenant(anja.jobcenter).exists()


def test_malware_is_refused_by_the_scanner(client, anja, lesson, scanner):
    sign_in(client, anja)
    response = _upload(client, lesson, EICAR)
    assert response.status_code == 400
    assert "Schadsoftware" in response.text


def test_videos_are_scoped_to_the_jobcenter(client, anja, nora, lesson):
    sign_in(client, anja)
    _upload(client, lesson, MP4)
    video = LessonVideo.objects.for_tenant(anja.jobcenter).get(lesson=lesson)
    client.logout()
    sign_in(client, nora)
    assert client.get(f"/nord/my/elearning/videos/{video.pk}/").status_code == 404
    assert client.get(f"/demo/my/elearning/videos/{video.pk}/").status_code == 404


def test_staff_without_the_admin_right_cannot_upload(client, bernd, lesson):
    sign_in(client, bernd)
    assert _upload(client, lesson, MP4).status_code == 403
