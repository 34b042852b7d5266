import pytest
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_home(page, demo, demo_location, aylin, signed_in):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    r = page.goto("/demo/")
    assert r.status == 200
    print(requests)
    page.screenshot(path="/tmp/web-shots/smoke.png")
    assert_no_axe_violations(page)
    signed_in(page.context, aylin)
    r = page.goto("/demo/my/")
    assert r.status == 200, page.url
    assert_no_axe_violations(page)
