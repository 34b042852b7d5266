import pytest
from django.core.management import CommandError, call_command

from .helpers import add_changes


def test_it_prints_the_entries_checked_per_chain(demo, nord, anja, niklas, paul, capsys):
    add_changes(3, actor=anja, jobcenter=demo)
    add_changes(2, actor=niklas, jobcenter=nord)
    add_changes(1, actor=paul, jobcenter=None)
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert "demo: 3 entries checked – ok" in out
    assert "nord: 2 entries checked – ok" in out
    assert "platform: 1 entries checked – ok" in out
    assert "Audit trail intact (3 chains)" in out


def test_it_verifies_only_the_named_jobcenter(demo, nord, anja, niklas, capsys):
    add_changes(3, actor=anja, jobcenter=demo)
    add_changes(2, actor=niklas, jobcenter=nord)
    call_command("verify_audit_chain", "--jobcenter", "nord")
    out = capsys.readouterr().out
    assert "nord: 2 entries checked" in out
    assert "demo" not in out


def test_it_refuses_an_unknown_jobcenter(demo):
    with pytest.raises(CommandError, match="No Jobcenter with slug 'gibtsnicht'"):
        call_command("verify_audit_chain", "--jobcenter", "gibtsnicht")


def test_an_empty_chain_of_a_new_jobcenter_is_fine(demo, capsys):
    call_command("verify_audit_chain", "--jobcenter", "demo")
    assert "demo: 0 entries checked – ok" in capsys.readouterr().out
