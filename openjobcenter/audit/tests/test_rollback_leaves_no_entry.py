import pytest
from django.db import transaction

from openjobcenter.audit.chain import verify_chain
from openjobcenter.audit.models import AuditChainHead
from openjobcenter.audit.services import log_change

from .helpers import add_changes, chain_of


class Boom(Exception):
    pass


def test_a_rolled_back_change_leaves_no_entry(demo, anja):
    add_changes(1, actor=anja, jobcenter=demo)
    with pytest.raises(Boom), transaction.atomic():
        log_change(actor=anja, jobcenter=demo, action="core.location_created")
        raise Boom
    assert len(chain_of(demo)) == 1
    assert AuditChainHead.objects.get(jobcenter=demo).sequence == 1


def test_the_chain_continues_cleanly_after_a_rollback(demo, anja):
    with pytest.raises(Boom), transaction.atomic():
        log_change(actor=anja, jobcenter=demo, action="core.location_created")
        raise Boom
    add_changes(2, actor=anja, jobcenter=demo)
    assert [e.sequence for e in chain_of(demo)] == [1, 2]
    assert verify_chain(demo.pk, "demo").ok


def test_a_failing_entry_fails_the_change(demo, anja):
    with pytest.raises(ValueError, match="dotted"), transaction.atomic():
        log_change(actor=anja, jobcenter=demo, action="Nicht gültig")
    assert chain_of(demo) == []
