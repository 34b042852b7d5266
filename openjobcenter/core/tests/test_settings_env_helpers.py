"""The environment helpers fail loudly on every malformed value (property-based)."""

import os
from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from openjobcenter.env import env_bool, env_int

NAME = "OJC_TEST_VALUE"
TRUE_WORDS = ["1", "true", "yes", "on"]
FALSE_WORDS = ["0", "false", "no", "off", ""]
# What an environment variable can hold: no NUL, no lone surrogates.
env_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20)
padding = st.sampled_from(["", " ", "  ", "\t"])


@contextmanager
def environment(value: str | None):
    old = os.environ.pop(NAME, None)
    if value is not None:
        os.environ[NAME] = value
    try:
        yield
    finally:
        os.environ.pop(NAME, None)
        if old is not None:
            os.environ[NAME] = old


@given(word=st.sampled_from(TRUE_WORDS + FALSE_WORDS), upper=st.booleans(), before=padding, after=padding)
def test_env_bool_accepts_the_documented_words_in_any_case(word, upper, before, after):
    with environment(before + (word.upper() if upper else word) + after):
        assert env_bool(NAME, default=word in FALSE_WORDS) is (word in TRUE_WORDS)


@given(raw=env_text.filter(lambda text: text.strip().lower() not in TRUE_WORDS + FALSE_WORDS))
def test_env_bool_refuses_everything_else(raw):
    with environment(raw), pytest.raises(ImproperlyConfigured, match=NAME):
        env_bool(NAME)


@given(default=st.booleans())
def test_env_bool_uses_the_default_only_when_unset(default):
    with environment(None):
        assert env_bool(NAME, default=default) is default


@given(value=st.integers(min_value=-(10**12), max_value=10**12), before=padding, after=padding)
def test_env_int_reads_every_integer(value, before, after):
    with environment(f"{before}{value}{after}"):
        assert env_int(NAME, 7) == value


@given(raw=env_text.filter(lambda text: text.strip() != ""))
def test_env_int_refuses_non_integers_with_improperly_configured(raw):
    try:
        expected = int(raw)
    except ValueError:
        expected = None
    with environment(raw):
        if expected is None:
            with pytest.raises(ImproperlyConfigured, match=NAME):
                env_int(NAME, 7)
        else:
            assert env_int(NAME, 7) == expected


@given(minimum=st.integers(-1000, 1000), value=st.integers(-2000, 2000))
def test_env_int_enforces_the_minimum(minimum, value):
    with environment(str(value)):
        if value < minimum:
            with pytest.raises(ImproperlyConfigured, match="at least"):
                env_int(NAME, 0, minimum=minimum)
        else:
            assert env_int(NAME, 0, minimum=minimum) == value


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_uses_the_default_when_unset_or_blank(raw):
    with environment(raw):
        assert env_int(NAME, 42) == 42
