import hashlib
import json

from openjobcenter.audit.chain import canonical_json, verify_chain
from openjobcenter.audit.models import GENESIS_HASH, AuditChainHead
from openjobcenter.audit.services import log_change

from .helpers import add_changes, chain_of


def test_each_entry_links_to_the_previous_one(demo, anja):
    add_changes(3, actor=anja, jobcenter=demo)
    entries = chain_of(demo)
    assert [entry.sequence for entry in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    head = AuditChainHead.objects.get(jobcenter=demo)
    assert (head.sequence, head.last_hash) == (3, entries[2].hash)


def test_the_hash_is_sha256_over_the_previous_hash_and_the_documented_json(demo, anja):
    log_change(actor=anja, jobcenter=demo, action="core.location_created", details={"b": 1, "a": "ä"})
    entry = chain_of(demo)[0]
    fields = json.loads(canonical_json(entry))
    assert list(fields) == sorted(fields)
    assert fields["timestamp"].endswith("Z") and len(fields["timestamp"]) == len("2026-01-01T00:00:00.000000Z")
    assert fields["actor"] == anja.pk and fields["actor_roles"] == ["jobcenter_admin"]
    expected = hashlib.sha256(
        GENESIS_HASH.encode()
        + json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    )
    assert entry.hash == expected.hexdigest()


def test_every_jobcenter_and_the_platform_have_their_own_chain(demo, nord, anja, niklas, paul):
    add_changes(2, actor=anja, jobcenter=demo)
    add_changes(1, actor=niklas, jobcenter=nord)
    add_changes(1, actor=paul, jobcenter=None)
    add_changes(1, actor=anja, jobcenter=demo)
    assert [e.sequence for e in chain_of(demo)] == [1, 2, 3]
    assert [e.sequence for e in chain_of(nord)] == [1]
    assert [e.sequence for e in chain_of(None)] == [1]
    assert chain_of(nord)[0].prev_hash == GENESIS_HASH
    for jobcenter_id in (demo.pk, nord.pk, None):
        assert verify_chain(jobcenter_id, "x").ok
