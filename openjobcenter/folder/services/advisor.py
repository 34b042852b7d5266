"""The advisor's view of a folder: only with the citizen's consent, only for the team of her case.

Reads are logged as reads of the citizen's data (shown in "Wer hat meine Daten gesehen?"); comments
reach the citizen, who answers or marks them done.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from openjobcenter.audit.services import log_change, log_read
from openjobcenter.casefile.models import Case
from openjobcenter.casefile.services.access import Access, is_member, staff_access
from openjobcenter.folder.models import Comment, Folder
from openjobcenter.notifications.services import notify

if TYPE_CHECKING:
    from django.db import models

    from openjobcenter.accounts.models import User

VIEW_PERM = "folder.view_shared_folder"
PURPOSE_FOLDER = gettext_noop("Einsicht in die Bewerbungsmappe (mit Ihrer Einwilligung)")


class FolderAccess(StrEnum):
    ALLOWED = "allowed"
    NO_CONSENT = "no_consent"  # the right team, but the citizen has not allowed it (or withdrew)
    NONE = "none"  # not the team of the case, or not a member of the household


def advisor_access(user: User, case: Case, person: User, folder: Folder | None) -> FolderAccess:
    if not user.has_perm(VIEW_PERM) or staff_access(user, case) != Access.TEAM or not is_member(person, case):
        return FolderAccess.NONE
    if folder is None or not folder.advisor_consent:
        return FolderAccess.NO_CONSENT
    return FolderAccess.ALLOWED


def log_folder_read(user: User, folder: Folder, *, target: models.Model, request: HttpRequest | None) -> None:
    with transaction.atomic():
        log_read(
            actor=user, jobcenter=folder.jobcenter, subject=folder.owner, purpose=PURPOSE_FOLDER, target=target,
            request=request,
        )  # fmt: skip


def add_staff_comment(*, actor: User, folder: Folder, text: str, request: HttpRequest | None = None) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.create_for_tenant(
            folder.jobcenter, folder=folder, author=actor, from_staff=True, text=text.strip()
        )
        log_change(
            actor=actor, jobcenter=folder.jobcenter, action="folder.comment_added", target=comment,
            subject=folder.owner, request=request,
        )  # fmt: skip
        notify(
            folder.owner, "folder_comment", jobcenter=folder.jobcenter,
            link=reverse("folder:home", kwargs={"jobcenter": folder.jobcenter.slug}) + "#kommentare",
        )  # fmt: skip
    return comment


def answer_comment(*, actor: User, comment: Comment, text: str, request: HttpRequest | None = None) -> Comment:
    with transaction.atomic():
        answer = Comment.objects.create_for_tenant(
            comment.jobcenter, folder=comment.folder, parent=comment, author=actor, from_staff=False, text=text.strip()
        )
        log_change(
            actor=actor, jobcenter=comment.jobcenter, action="folder.comment_answered", target=answer,
            subject=comment.folder.owner, request=request,
        )  # fmt: skip
    return answer


def mark_done(*, actor: User, comment: Comment, done: bool, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        comment.done_at = timezone.now() if done else None
        comment.save(update_fields=["done_at"])
        log_change(
            actor=actor, jobcenter=comment.jobcenter, action="folder.comment_done" if done else "folder.comment_reopened",
            target=comment, subject=comment.folder.owner, request=request,
        )  # fmt: skip
