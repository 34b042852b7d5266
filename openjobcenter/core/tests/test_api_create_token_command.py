"""``manage.py create_api_token USERNAME [--name NAME]``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openjobcenter.accounts.api_tokens import authenticate_token
from openjobcenter.accounts.models import ApiToken


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_it_prints_only_a_working_token(aylin):
    token = run("Aylin@Example.org", "--name", "Fachverfahren")
    assert "\n" not in token and len(token) >= 40
    assert authenticate_token(token) == aylin
    assert ApiToken.objects.get().name == "Fachverfahren"


def test_it_refuses_unknown_accounts(db):
    with pytest.raises(CommandError, match="kein Konto"):
        run("niemand@example.org")
    assert not ApiToken.objects.exists()


def test_it_refuses_deactivated_accounts(aylin):
    aylin.is_active = False
    aylin.save()
    with pytest.raises(CommandError, match="deaktiviert"):
        run("aylin@example.org")
