import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from openjobcenter.accounts import services
from openjobcenter.accounts.models import User
from openjobcenter.accounts.roles import Role
from openjobcenter.core.models import Team

from .helpers import NEW_PASSWORD, add_app, link_in, login, mails, sign_in

NEW_PERSON = {
    "first_name": "Clara",
    "last_name": "Conrad",
    "email": "clara@demo.example",
    "roles": [Role.ADVISOR],
}


def test_admins_see_the_staff_of_their_jobcenter_only(client, anja, bernd, lena, anton, aylin, niklas):
    add_app(bernd)
    sign_in(client, anja)
    response = client.get("/demo/staff/people/")
    assert response.status_code == 200
    page = response.content.decode()
    for person in (anja, bernd, lena, anton):
        assert person.email in page
    assert aylin.email not in page  # clients are not managed here
    assert niklas.email not in page  # another Jobcenter
    assert "Integrationsfachkraft" in page and "Markt und Integration 1" in page and "eingerichtet" in page


def test_the_list_needs_the_same_number_of_queries_for_more_people(client, anja, demo):
    sign_in(client, anja)
    client.get("/demo/staff/people/")
    with CaptureQueriesContext(connection) as few:
        client.get("/demo/staff/people/")
    for n in range(5):
        user = User.objects.create_user(f"p{n}@demo.example", None, first_name="P", last_name=str(n), jobcenter=demo)
        user.role_assignments.create(role=Role.RECEPTION)
    with CaptureQueriesContext(connection) as many:
        client.get("/demo/staff/people/")
    assert len(many) == len(few)


def test_only_jobcenter_admins_manage_staff(client, bernd, tanja):
    assert client.get("/demo/staff/people/")["Location"].startswith("/demo/login/")
    sign_in(client, bernd)
    assert client.get("/demo/staff/people/").status_code == 403
    sign_in(client, tanja)
    assert client.post("/demo/staff/people/new/", NEW_PERSON).status_code == 403
    assert not User.objects.filter(email=NEW_PERSON["email"]).exists()


def test_the_admin_of_another_jobcenter_gets_404(client, nord, bernd):
    nina = User.objects.create_user("nina@nord.example", "x", first_name="Nina", last_name="N", jobcenter=nord)
    nina.role_assignments.create(role=Role.JOBCENTER_ADMIN)
    sign_in(client, nina)
    assert client.get("/demo/staff/people/").status_code == 404
    assert client.get(f"/demo/staff/people/{bernd.pk}/").status_code == 404
    assert client.post(f"/demo/staff/people/{bernd.pk}/deactivate/").status_code == 404
    # …and from her own Jobcenter, demo's people do not exist either.
    assert client.get(f"/nord/staff/people/{bernd.pk}/").status_code == 404
    assert client.post(f"/nord/staff/people/{bernd.pk}/deactivate/").status_code == 404
    bernd.refresh_from_db()
    assert bernd.is_active


def test_an_admin_creates_a_colleague_who_sets_a_password_and_then_2fa(client, anja, demo_team):
    sign_in(client, anja)
    response = client.post("/demo/staff/people/new/", {**NEW_PERSON, "team": demo_team.pk})
    assert response.status_code == 302
    clara = User.objects.get(email="clara@demo.example")
    assert clara.jobcenter == anja.jobcenter and clara.team == demo_team
    assert clara.role_set == {Role.ADVISOR} and not clara.has_usable_password()

    [mail] = mails("accounts_staff_invitation", to="clara@demo.example")
    browser = client.__class__()
    form_url = browser.get(link_in(mail, "/invitation/"))["Location"]
    response = browser.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    clara.refresh_from_db()
    assert clara.check_password(NEW_PASSWORD) and clara.email_verified_at is not None
    response = login(browser, "demo", clara.email, NEW_PASSWORD)
    assert browser.get(response["Location"])["Location"].startswith("/demo/account/2fa/setup/")


def test_a_jobcenter_admin_cannot_grant_platform_administration(client, anja):
    sign_in(client, anja)
    response = client.post("/demo/staff/people/new/", {**NEW_PERSON, "roles": [Role.PLATFORM_ADMIN]})
    assert response.status_code == 400
    assert not User.objects.filter(email=NEW_PERSON["email"]).exists()
    with pytest.raises(PermissionDenied):
        services.create_staff_account(
            actor=anja, jobcenter=anja.jobcenter, email="x@demo.example", first_name="X", last_name="Y",
            roles=[Role.PLATFORM_ADMIN],
        )  # fmt: skip


def test_an_admin_cannot_give_a_client_role_or_take_over_a_citizen(client, anja, aylin):
    sign_in(client, anja)
    assert client.post("/demo/staff/people/new/", {**NEW_PERSON, "roles": [Role.CLIENT]}).status_code == 400
    assert client.get(f"/demo/staff/people/{aylin.pk}/").status_code == 404


def test_roles_and_team_can_be_changed(client, anja, bernd, demo):
    team = Team.all_tenants.create(jobcenter=demo, name="Team Leistung 2")
    sign_in(client, anja)
    response = client.post(
        f"/demo/staff/people/{bernd.pk}/",
        {"first_name": "Bernd", "last_name": "Brandt", "roles": [Role.ADVISOR, Role.TEAM_LEAD], "team": team.pk},
    )
    assert response.status_code == 302
    bernd = User.objects.get(pk=bernd.pk)
    assert bernd.role_set == {Role.ADVISOR, Role.TEAM_LEAD} and bernd.team == team
    assert mails("accounts_roles_changed", to=bernd.email)


def test_a_team_of_another_jobcenter_is_refused(client, anja, bernd, nord):
    foreign = Team.all_tenants.create(jobcenter=nord, name="Team Nord 9")
    sign_in(client, anja)
    response = client.post(
        f"/demo/staff/people/{bernd.pk}/",
        {"first_name": "Bernd", "last_name": "Brandt", "roles": [Role.ADVISOR], "team": foreign.pk},
    )
    assert response.status_code == 400
    bernd.refresh_from_db()
    assert bernd.team != foreign


def test_a_deactivated_colleague_cannot_sign_in_until_reactivated(client, anja, bernd):
    browser = client.__class__()
    sign_in(browser, bernd)
    sign_in(client, anja)
    assert client.post(f"/demo/staff/people/{bernd.pk}/deactivate/").status_code == 302
    assert browser.get("/demo/staff/").status_code == 302  # the open session ended
    assert login(client.__class__(), "demo", bernd.email).status_code == 400
    client.post(f"/demo/staff/people/{bernd.pk}/reactivate/")
    assert login(client.__class__(), "demo", bernd.email).status_code == 302


def test_admins_cannot_lock_themselves_out(client, anja):
    sign_in(client, anja)
    client.post(f"/demo/staff/people/{anja.pk}/deactivate/")
    anja.refresh_from_db()
    assert anja.is_active
    response = client.post(
        f"/demo/staff/people/{anja.pk}/", {"first_name": "Anja", "last_name": "Albrecht", "roles": [Role.ADVISOR]}
    )
    assert response.status_code == 400
    assert "nicht selbst entziehen" in response.content.decode()


def test_an_admin_resets_a_lost_second_factor(client, anja, bernd):
    add_app(bernd)
    sign_in(client, anja)
    assert client.post(f"/demo/staff/people/{bernd.pk}/reset-2fa/").status_code == 302
    assert not TOTPDevice.objects.filter(user=bernd).exists()
    assert mails("accounts_two_factor_changed", to=bernd.email)


def test_an_invitation_can_be_sent_again(client, anja):
    sign_in(client, anja)
    client.post("/demo/staff/people/new/", NEW_PERSON)
    clara = User.objects.get(email=NEW_PERSON["email"])
    client.post(f"/demo/staff/people/{clara.pk}/invite/")
    assert len(mails("accounts_staff_invitation", to=clara.email)) == 2
