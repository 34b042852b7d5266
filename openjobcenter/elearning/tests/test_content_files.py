"""The shipped modules: complete in all six languages, synced into the database, progress kept on re-sync."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from openjobcenter.elearning.models import LessonProgress, Module
from openjobcenter.elearning.services import progress
from openjobcenter.elearning.services.content import (
    CONTENT_DIR,
    ContentError,
    builtin_folders,
    builtin_modules,
    load_module,
    sync_builtin,
    sync_module,
)
from openjobcenter.elearning.services.markup import render

from .conftest import builtin

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SHIPPED = {"bewerbung-schreiben", "sicher-im-internet", "videoberatung-nutzen", "portal-nutzen"}


def test_the_four_modules_ship_with_3_to_5_lessons_and_5_to_6_questions():
    modules = {content.slug: content for content in builtin_modules()}
    assert set(modules) == SHIPPED
    for content in modules.values():
        assert 3 <= len(content.lessons) <= 5, content.slug
        assert 5 <= len(content.questions) <= 6, content.slug
        assert any(q.multiple for q in content.questions), f"{content.slug}: no multiple-choice question"


@pytest.mark.parametrize("folder", builtin_folders(), ids=lambda path: path.name)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_text_of_every_module(folder: Path, language: str):
    assert (folder / f"{language}.yaml").is_file(), f"{folder.name}: {language}.yaml is missing"
    content = load_module(folder)  # raises ContentError naming the missing key
    for lesson in content.lessons:
        assert lesson.title[language] and lesson.body[language]
        if lesson.image:
            assert lesson.image_alt[language], f"{folder.name}/{lesson.key}: alt text missing in {language}"
    for question in content.questions:
        assert question.text[language]
        for choice in question.choices:
            assert choice.text[language] and choice.feedback[language]


def test_translations_are_not_copies_of_the_german_text():
    for content in builtin_modules():
        for language in LANGUAGES:
            if language != "de":
                assert content.title[language] != content.title["de"], (content.slug, language)
                for lesson in content.lessons:
                    assert lesson.body[language] != lesson.body["de"], (content.slug, lesson.key, language)


def test_pictures_exist_and_are_our_own_svg():
    static = CONTENT_DIR.parent / "static" / "elearning" / "img"
    for content in builtin_modules():
        for name in [content.image, *(lesson.image for lesson in content.lessons if lesson.image)]:
            svg = (static / name).read_text(encoding="utf-8")
            assert svg.startswith("<svg") and "<title>" in svg
            assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def _copy(tmp_path: Path, slug: str = "sicher-im-internet") -> Path:
    target = tmp_path / slug
    shutil.copytree(CONTENT_DIR / slug, target)
    return target


def test_a_missing_translation_file_fails(tmp_path):
    folder = _copy(tmp_path)
    (folder / "uk.yaml").unlink()
    with pytest.raises(ContentError, match=r"uk\.yaml: missing"):
        load_module(folder)


def test_a_missing_question_in_one_translation_fails(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "ar.yaml").read_text(encoding="utf-8"))
    del data["questions"]["phishing-zeichen"]["choices"]["b"]["feedback"]
    (folder / "ar.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match=r"ar\.yaml"):
        load_module(folder)


def test_an_extra_lesson_in_a_translation_fails(tmp_path):
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "tr.yaml").read_text(encoding="utf-8"))
    data["lessons"]["extra"] = {"title": "x", "body": "y"}
    (folder / "tr.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown keys"):
        load_module(folder)


def test_the_content_is_in_the_database_after_migrate_and_syncing_again_changes_nothing(db):
    assert set(Module.objects.filter(jobcenter=None).values_list("slug", flat=True)) == SHIPPED
    assert sync_builtin() == 0
    module = builtin("portal-nutzen")
    assert module.lessons.count() == 3 and module.questions.count() == 5
    assert module.localised_title("ar") == "استخدام البوابة"


def test_changed_content_is_synced_and_progress_survives(demo, aylin, tmp_path):
    module = builtin("sicher-im-internet")
    first = module.lessons.first()
    assert first is not None
    progress.complete_lesson(aylin, demo, first)
    folder = _copy(tmp_path)
    data = yaml.safe_load((folder / "de.yaml").read_text(encoding="utf-8"))
    data["lessons"]["passwoerter"]["title"] = "Gute Passwörter (neu)"
    (folder / "de.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert sync_module(load_module(folder), jobcenter=None) is True
    first.refresh_from_db()
    assert first.localised_title() == "Gute Passwörter (neu)"
    assert LessonProgress.objects.for_tenant(demo).filter(person=aylin, lesson=first).exists()


def test_a_jobcenter_adds_its_own_module_with_the_command(demo, nord, tmp_path):
    folder = _copy(tmp_path)
    structure = yaml.safe_load((folder / "module.yaml").read_text(encoding="utf-8"))
    structure["slug"] = "eigenes-modul"
    (folder / "module.yaml").write_text(yaml.safe_dump(structure), encoding="utf-8")
    call_command("sync_elearning", str(folder), jobcenter="nord")
    own = Module.objects.get(slug="eigenes-modul")
    assert own.jobcenter == nord
    assert own in Module.objects.offered_in(nord)
    assert own not in Module.objects.offered_in(demo)


def test_lesson_markup_is_escaped_and_structured():
    html = render("## Titel\nText mit **fett** <script>x</script>\n\n- eins\n- zwei\n\n1. a\n2. b")
    assert '<h2 class="kern-heading-medium">Titel</h2>' in html
    assert "<strong>fett</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<li>") == 4 and "<ul" in html and "<ol" in html
