"""``manage.py create_api_token USERNAME [--name NAME]``: print a new Bearer token for an account.

Only the token goes to standard output, so scripts can capture it:
``TOKEN=$(python manage.py create_api_token fachverfahren@jobcenter.example)``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openjobcenter.accounts.api_tokens import create_token
from openjobcenter.accounts.models import User


class Command(BaseCommand):
    help = "Create an API token for an account (USERNAME is its e-mail address) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="e-mail address of the account")
        parser.add_argument("--name", default="", help="what the token is for, e.g. the connected system")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["username"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Es gibt kein Konto mit der E-Mail-Adresse {email!r}.")
        if not user.is_active:
            raise CommandError(f"Das Konto {email!r} ist deaktiviert; ein Token würde nicht funktionieren.")
        token = create_token(user, options["name"])
        self.stderr.write(f"Token für {user.email} erstellt. Er wird nur jetzt angezeigt:")
        self.stdout.write(token)
