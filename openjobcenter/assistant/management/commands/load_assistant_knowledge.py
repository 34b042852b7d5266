"""``manage.py load_assistant_knowledge``: the shipped knowledge base into the database (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openjobcenter.assistant.services.answers import load_shipped
from openjobcenter.assistant.services.knowledge import KNOWLEDGE_DIR, KnowledgeError


class Command(BaseCommand):
    help = "Lädt die ausgelieferten Themen des Assistenten (assistant/knowledge/*.json) und veröffentlicht sie."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directory", type=Path, default=KNOWLEDGE_DIR)
        parser.add_argument("--partial", action="store_true", help="Fehlende Themen-Dateien erlauben.")

    def handle(self, *args, directory: Path, partial: bool, **options) -> None:
        try:
            result = load_shipped(directory, require_all=not partial)
        except KnowledgeError as exc:
            raise CommandError("Die Wissensbasis ist nicht gültig:\n" + "\n".join(exc.problems)) from None
        self.stdout.write(
            f"Assistent: {result.created} neu, {result.updated} aktualisiert, {result.unchanged} unverändert."
        )
