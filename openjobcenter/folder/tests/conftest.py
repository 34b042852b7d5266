"""Folder fixtures. Aylin's case belongs to Bernd's team (Tanja leads it); Carla advises in another team,
Lena processes benefits. David is another client of demo; Nora and Niklas belong to Jobcenter Nordkreis.
Files land in a temporary storage (the case file's fixture); ``scanner`` starts a real clamd."""

from __future__ import annotations

import datetime as dt

import pytest

from openjobcenter.casefile.tests.conftest import (  # noqa: F401 – the case file's households, storage and clamd
    _private_storage,
    carla,
    case,
    clamd_url,
    david,
    davids_case,
    nord_case,
    other_team,
    scanner,
)
from openjobcenter.folder.models import Folder, Section
from openjobcenter.folder.services import folders

MY = "/demo/my/folder"


@pytest.fixture
def folder(aylin, demo) -> Folder:
    folder = folders.folder_for(aylin, demo)
    folders.save_personal(actor=aylin, folder=folder, data={
        "first_name": "Aylin", "last_name": "Kaya", "headline": "Verkäuferin", "birth_date": None,
        "street": "Lindenweg 7", "postal_code": "12345", "city": "Musterstadt", "phone": "0151 2345678",
        "email": "aylin@example.org", "profile": "Freundlich und belastbar.", "driving_licence": "B",
        "interests": "Backen",
    })  # fmt: skip
    folders.add_entry(actor=aylin, folder=folder, section=Section.WORK, data={
        "title": "Verkäuferin", "organisation": "Bäckerei Schmidt", "place": "Musterstadt",
        "start": dt.date(2018, 3, 1), "end": dt.date(2023, 6, 1), "description": "Beratung an der Theke",
    })  # fmt: skip
    folders.add_entry(actor=aylin, folder=folder, section=Section.LANGUAGE, data={"title": "Englisch", "level": "B1"})
    return folder
