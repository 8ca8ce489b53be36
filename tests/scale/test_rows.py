"""factcheck.rows and its template tags write exactly what Django's ``reverse`` / ``{% url %}`` and
``truncatechars`` write; they are only cheaper per row (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from factcheck.rows import _cut, format_date, int_url, truncate_chars

TEXTS = [
    "", "short", "exactly ten", "a" * 119, "a" * 120, "a" * 121,
    "Spending on tax rose by 400 percent in the country between 2015 and 2020, the minister said.",
    "Café prices rose in Zürich — by 4 %, said the mayor, and rents followed.",
    "Cafe\u0301 au lait costs e\u0301normement more than it did in 2020 in the north of the region.",
    "ends with the ellipsis already…", "<b>tags</b> & ampersands are text here, not markup at all",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("length", [-1, 0, 1, 2, 10, 11, 12, 30, 60, 120])
def test_truncate_chars_is_djangos(text, length):
    assert truncate_chars(text, length) == Truncator(text).chars(length)


def test_truncate_filter_renders_like_truncatechars():
    ours = engines["django"].from_string("{% load rows %}{{ t|truncate:12 }}|{{ s|truncate:5 }}|{{ t|truncate:'x' }}")
    theirs = engines["django"].from_string("{{ t|truncatechars:12 }}|{{ s|truncatechars:5 }}|{{ t|truncatechars:'x' }}")
    for text in TEXTS:
        context = {"t": text, "s": mark_safe("<i>safe</i> text")}
        assert ours.render(context) == theirs.render(context)
    assert "&lt;b&gt;" in ours.render({"t": TEXTS[-1], "s": ""})  # escaped as Django escapes it


@pytest.mark.parametrize("name", ["article-detail", "claim-detail", "review-verdict", "link-confirm",
                                  "review-verdict-publish", "admin:claims_claim_change"])
@pytest.mark.parametrize("pk", [0, 1, 7, 42, 999_999, 10**12])
def test_int_url_is_reverse(name, pk):
    assert int_url(name, pk) == reverse(name, args=[pk])


@pytest.mark.parametrize("name", ["home", "article-list", "review-queue", "logout", "admin:index"])
def test_int_url_without_ids_is_reverse_and_cached(name):
    from django.conf import settings

    assert int_url(name) == reverse(name)
    assert _cut(name, 0, "/", settings.ROOT_URLCONF) == (reverse(name),)


def test_int_url_falls_back_to_reverse_for_other_arguments():
    assert int_url("claim-detail", "12") == reverse("claim-detail", args=["12"])
    assert int_url("article-list") == reverse("article-list")
    with pytest.raises(NoReverseMatch):
        int_url("claim-detail", -3)  # <int:> does not take a sign: Django's error, not a wrong URL
    with pytest.raises(NoReverseMatch):
        int_url("claim-detail", True)  # a bool is not an id


@override_settings(ROOT_URLCONF="tests.scale.rows_urls")
def test_int_url_cuts_only_routes_that_print_the_number_as_is():
    assert int_url("two", 3, 40) == reverse("two", args=[3, 40]) == "/a/3/b/40/"
    assert int_url("padded", 5) == reverse("padded", args=[5]) == "/p/000005/"  # formatted: not cut
    assert _cut("padded", 1, "/", "tests.scale.rows_urls") is None
    assert int_url("short", 12) == "/short/12/"  # at most 3 digits: the sentinel does not fit
    assert _cut("short", 1, "/", "tests.scale.rows_urls") is None
    assert int_url("str", 8) == reverse("str", args=[8]) == "/s/8/"
    assert int_url("plain") == "/plain/"


def test_row_url_tag_renders_like_url_tag():
    ours = engines["django"].from_string(
        "{% load rows %}{% row_url 'claim-detail' pk %}|{% row_url 'link-reject' pk as u %}{{ u }}")
    theirs = engines["django"].from_string("{% url 'claim-detail' pk %}|{% url 'link-reject' pk as u %}{{ u }}")
    for pk in (1, 12345, "77"):
        assert ours.render({"pk": pk}) == theirs.render({"pk": pk})


def test_truncation_text_follows_the_active_language():
    from django.utils import translation

    text = "word " * 40
    for language in ("en", "fr", "de", "en"):
        with translation.override(language):
            assert truncate_chars(text, 30) == Truncator(text).chars(30)


DATES = [
    datetime(2026, 12, 6, 23, 5, 9, tzinfo=UTC), datetime(2026, 1, 2, 3, 4, 5), datetime(999, 3, 4, 5, 6, 7),
    date(2024, 2, 29), date(812, 1, 1), None, "", "not a date",
]
FORMATS = ["Y-m-d H:i", "Y-m-d", "H:i", "Y/m/d H:i:s", "d.m.Y", "c", "j F Y", "N j, Y, P", "DATE_FORMAT",
           "Y-m-d \\a\\t H:i", "", None]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("tz", ["UTC", "Asia/Kathmandu", "America/St_Johns"])
def test_row_date_renders_like_the_date_filter(fmt, tz):
    arg = "" if fmt is None else f":{fmt!r}"
    ours = engines["django"].from_string("{% load rows %}{{ v|row_date" + arg + " }}")
    theirs = engines["django"].from_string("{{ v|date" + arg + " }}")
    with override_settings(TIME_ZONE=tz), timezone.override(tz):
        for value in DATES:
            assert _outcome(ours, value) == _outcome(theirs, value), (value, fmt)


def _outcome(template, value):
    """What rendering gives: the text, or the error (Django refuses a time format for a date)."""
    try:
        return template.render({"v": value})
    except TypeError as exc:
        return type(exc), str(exc)


def test_row_date_converts_aware_values_to_local_time():
    with timezone.override("Asia/Kathmandu"):
        rendered = engines["django"].from_string("{% load rows %}{{ v|row_date:'Y-m-d H:i' }}").render(
            {"v": datetime(2026, 12, 6, 23, 5, tzinfo=UTC)})
    assert rendered == "2026-12-07 04:50"
    assert format_date(datetime(2026, 12, 6, 23, 5), "Y-m-d H:i") == "2026-12-06 23:05"
