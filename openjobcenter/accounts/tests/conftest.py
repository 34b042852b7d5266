import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the (process-wide) cache: each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()
