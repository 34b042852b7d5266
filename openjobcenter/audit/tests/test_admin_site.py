from openjobcenter.audit.models import AuditEntry

from .helpers import add_changes, chain_of, sign_in


def test_platform_admins_can_read_the_trail_in_djangos_admin_but_not_change_it(client, demo, anja, paul):
    add_changes(2, actor=anja, jobcenter=demo)
    entry = chain_of(demo)[0]
    sign_in(client, paul)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.all_tenants.count() >= 2


def test_reading_the_trail_in_the_admin_is_itself_logged(client, demo, anja, paul):
    add_changes(1, actor=anja, jobcenter=demo)
    sign_in(client, paul).get("/admin/audit/auditentry/")
    assert [e.action for e in chain_of(None)][-1] == "audit.log_searched"


def test_jobcenter_admins_cannot_use_djangos_admin(client, demo, anja):
    sign_in(client, anja)
    assert client.get("/admin/audit/auditentry/").status_code in (302, 403, 404)
