"""The shipped knowledge base: one JSON file per topic in ``assistant/knowledge/``, checked strictly.

The format is described in docs/assistant.md. ``load_files`` reads and validates them (raising
``KnowledgeError`` with every problem found); ``shipped_index`` builds the matcher's index straight from
the files (the benchmark uses it without a database).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from openjobcenter.assistant.services.matching import LANGUAGES, Index, classes_from_topics

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
OUT_OF_SCOPE_FILE = "_out_of_scope.json"
ACTIONS = (
    "book_appointment",
    "manage_appointment",
    "waiting_times",
    "sign_in",
    "contact",
    "upload_documents",
    "application_status",
    "job_search",
    "messages",
    "video_consultation",
)
PLACEHOLDERS = ("jobcenter_name", "jobcenter_phone", "jobcenter_email", "jobcenter_address")
MIN_EXAMPLES = {"de": 20, "en": 12, "tr": 8, "ar": 8, "uk": 8, "ru": 8}
_BRACES = re.compile(r"\{([^{}]*)\}")
_URL = re.compile(r"^https://[^\s]+$")


def unknown_placeholders(text: str) -> list[str]:
    """The names in ``{…}`` of ``text`` that are no known placeholder (shared with the staff editor)."""
    return [name for name in _BRACES.findall(text) if name not in PLACEHOLDERS]


def is_https_url(value: str) -> bool:
    return bool(_URL.match(value))


class KnowledgeError(ValueError):
    """The knowledge files are not as agreed; ``problems`` lists every problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def topic_ids(directory: Path = KNOWLEDGE_DIR) -> list[str]:
    """The ids of ``topics.tsv`` (a copy of ../shared/assistant/topics.tsv), in its order."""
    with (directory / "topics.tsv").open(encoding="utf-8") as handle:
        return [row["id"] for row in csv.DictReader(handle, delimiter="\t") if row.get("id")]


def _texts(value: Any, name: str, problems: list[str], where: str) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: {name} muss ein Objekt mit den Sprachen {', '.join(LANGUAGES)} sein.")
        return
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: {name}.{language} fehlt oder ist leer.")


def validate_topic(data: Any, where: str, *, known_ids: list[str] | None = None) -> list[str]:
    """Every problem of one topic's data, as German messages naming the file and field."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return [f"{where}: erwartet wird ein JSON-Objekt."]
    topic_id = data.get("id")
    if not isinstance(topic_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,59}", topic_id):
        problems.append(f"{where}: id fehlt oder ist ungültig (Kleinbuchstaben, Ziffern, Bindestriche).")
    elif known_ids is not None and topic_id not in known_ids:
        problems.append(f"{where}: id {topic_id!r} steht nicht in topics.tsv.")
    _texts(data.get("title"), "title", problems, where)
    _texts(data.get("answer"), "answer", problems, where)
    for language, text in (data.get("answer") or {}).items() if isinstance(data.get("answer"), dict) else ():
        problems.extend(
            f"{where}: answer.{language} enthält den unbekannten Platzhalter {{{name}}}."
            for name in unknown_placeholders(text if isinstance(text, str) else "")
        )
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        problems.append(f"{where}: sources muss eine nicht leere Liste sein.")
    else:
        for number, source in enumerate(sources, 1):
            if not isinstance(source, dict) or not all(
                isinstance(source.get(k), str) and str(source[k]).strip() for k in ("title", "reference")
            ):
                problems.append(f"{where}: sources[{number}] braucht title und reference.")
            elif "url" in source and not (isinstance(source["url"], str) and is_https_url(source["url"])):
                problems.append(f"{where}: sources[{number}].url muss mit https:// beginnen.")
            elif set(source) - {"title", "reference", "url"}:
                problems.append(f"{where}: sources[{number}] hat unbekannte Felder.")
    actions = data.get("actions", [])
    if not isinstance(actions, list) or any(a not in ACTIONS for a in actions):
        problems.append(f"{where}: actions darf nur enthalten: {', '.join(ACTIONS)}.")
    reviewed = data.get("reviewed")
    try:
        dt.date.fromisoformat(reviewed if isinstance(reviewed, str) else "")
    except ValueError:
        problems.append(f"{where}: reviewed muss ein Datum JJJJ-MM-TT sein.")
    examples = data.get("examples")
    if not isinstance(examples, dict):
        problems.append(f"{where}: examples muss ein Objekt mit Listen je Sprache sein.")
    else:
        for language, minimum in MIN_EXAMPLES.items():
            questions = examples.get(language)
            if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
                problems.append(f"{where}: examples.{language} muss eine Liste von Fragen sein.")
            elif len(set(questions)) < minimum:
                problems.append(
                    f"{where}: examples.{language} hat {len(set(questions))} verschiedene Fragen, "
                    f"mindestens {minimum} sind nötig."
                )
    return problems


def validate_out_of_scope(data: Any, where: str) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict) or not data["classes"]:
        return [f'{where}: erwartet wird {{"classes": {{"<klasse>": {{"de": [...], ...}}}}}}.']
    problems = []
    for key, per_language in data["classes"].items():
        if not isinstance(per_language, dict) or not all(
            isinstance(v, list) and all(isinstance(q, str) for q in v) for v in per_language.values()
        ):
            problems.append(f"{where}: classes.{key} muss Listen von Fragen je Sprache enthalten.")
    return problems


def load_files(directory: Path = KNOWLEDGE_DIR, *, require_all: bool = True) -> tuple[list[dict], dict]:
    """All topic files and the out-of-scope file, validated; raises ``KnowledgeError`` listing every problem."""
    known = topic_ids(directory)
    problems: list[str] = []
    topics: list[dict] = []
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: kein gültiges JSON ({exc}).")
            continue
        found = validate_topic(data, path.name, known_ids=known)
        if not found and data["id"] != path.stem:
            found.append(f"{path.name}: der Dateiname muss {data['id']}.json lauten.")
        problems.extend(found)
        if not found:
            topics.append(data)
    if require_all:
        missing = sorted(set(known) - {t["id"] for t in topics} - {p.split(".json")[0] for p in problems})
        problems.extend(f"{topic_id}.json: die Datei fehlt." for topic_id in missing)
    out_of_scope: dict = {}
    oos_path = directory / OUT_OF_SCOPE_FILE
    if oos_path.exists():
        try:
            out_of_scope = json.loads(oos_path.read_text(encoding="utf-8"))
            problems.extend(validate_out_of_scope(out_of_scope, OUT_OF_SCOPE_FILE))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{OUT_OF_SCOPE_FILE}: kein gültiges JSON ({exc}).")
    if problems:
        raise KnowledgeError(problems)
    return topics, out_of_scope


def read_files_leniently(directory: Path = KNOWLEDGE_DIR) -> tuple[list[dict], dict]:
    """The topic files that are valid, skipping the others (for the benchmark while files are written)."""
    known = topic_ids(directory)
    topics = []
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and data.get("id") in known and isinstance(data.get("examples"), dict):
            topics.append(data)
    oos_path = directory / OUT_OF_SCOPE_FILE
    out_of_scope = json.loads(oos_path.read_text(encoding="utf-8")) if oos_path.exists() else {}
    return topics, out_of_scope


@lru_cache(maxsize=1)
def shipped_index() -> Index:
    topics, out_of_scope = read_files_leniently()
    return Index(classes_from_topics(topics, out_of_scope))


def out_of_scope_classes() -> dict[str, Any]:
    path = KNOWLEDGE_DIR / OUT_OF_SCOPE_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
