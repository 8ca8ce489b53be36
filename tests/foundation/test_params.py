"""factcheck.params: whole numbers from a request. str.isdigit() let "²" and 20-digit ids through to
int() and the database, and both were 500s on the pages and the API (found walking the product)."""

from __future__ import annotations

import pytest

from factcheck.params import ID_MAX, parse_id, parse_int


@pytest.mark.parametrize("value, expected", [
    ("12", 12), (" 7 ", 7), (0, 0), ("0", 0), (42, 42),
    ("", None), (None, None), ("-3", None), ("+3", None), ("1.5", None), ("abc", None), ("1e3", None),
    ("²", None), ("١٢", None), ("１２", None), ("12²", None),
])
def test_parse_int_reads_ascii_digits_only(value, expected):
    assert parse_int(value) == expected


def test_parse_int_cap():
    assert parse_int("9999", max_value=9999) == 9999
    assert parse_int("10000", max_value=9999) is None
    assert parse_int("9" * 30) == int("9" * 30)


def test_parse_id_stays_within_the_id_column():
    assert parse_id(str(ID_MAX)) == ID_MAX
    assert parse_id(str(ID_MAX + 1)) is None
    assert parse_id("9" * 20) is None
    assert parse_id("²") is None
