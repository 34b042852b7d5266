"""The folder's entries in the case timeline: consent given or withdrawn, links created, advisor comments.

On the citizen's pages only the viewer's own folder appears (a folder is personal, even within a
household). Staff see consent changes always (they need to know whether they may look), share links and
comments only while the person's consent stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openjobcenter.casefile.services.timeline import Entry
from openjobcenter.folder.models import Comment, ConsentChange, Folder, Share

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.casefile.models import Case


def entries(case: Case, *, viewer: User, for_citizen: bool) -> Iterable[Entry]:
    jobcenter = case.jobcenter
    members = case.memberships.values("person_id")
    folders = Folder.objects.for_tenant(jobcenter).filter(owner__in=members)
    if for_citizen:
        folders = folders.filter(owner=viewer)
    urls: dict[int, str] = {}
    consenting: set[int] = set()
    for folder in folders:
        if for_citizen:
            urls[folder.pk] = reverse("folder:home", kwargs={"jobcenter": jobcenter.slug})
        else:
            url = reverse("folder:staff_folder", kwargs={"jobcenter": jobcenter.slug, "case": case.pk})
            urls[folder.pk] = f"{url}?person={folder.owner_id}"
        if for_citizen or folder.advisor_consent:
            consenting.add(folder.pk)
    for change in ConsentChange.objects.for_tenant(jobcenter).filter(folder__in=list(urls)):
        title = (
            _("Bewerbungsmappe: Einwilligung erteilt")
            if change.given
            else _("Bewerbungsmappe: Einwilligung widerrufen")
        )
        yield Entry(at=change.at, kind="folder", title=title, url=urls[change.folder_id], icon="visibility")
    for share in Share.objects.for_tenant(jobcenter).filter(folder__in=consenting):
        url = (
            reverse("folder:share", kwargs={"jobcenter": jobcenter.slug, "pk": share.pk})
            if for_citizen
            else urls[share.folder_id]
        )
        yield Entry(at=share.created_at, kind="folder", title=_("Bewerbungsmappe geteilt"),
                    text=share.recipient, url=url, icon="open-in-new")  # fmt: skip
    for comment in Comment.objects.for_tenant(jobcenter).filter(folder__in=consenting):
        title = _("Kommentar zur Bewerbungsmappe") if comment.from_staff else _("Antwort zur Bewerbungsmappe")
        yield Entry(at=comment.created_at, kind="folder", title=title, url=urls[comment.folder_id], icon="mail")
