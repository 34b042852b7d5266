"""``manage.py flush`` (used between transactional tests) may empty the audit table; nothing else may."""

import pytest
from django.core.management import call_command

from openjobcenter.audit.models import AuditEntry

from .helpers import add_changes


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_table(demo, anja):
    add_changes(3, actor=anja, jobcenter=demo)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.all_tenants.exists()
