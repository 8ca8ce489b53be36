"""factcheck.pagination: keyset pages are complete, ordered, stable, and bounded counts are bounded."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Article
from factcheck.pagination import (
    count_upto,
    counts_upto,
    decode_token,
    encode_token,
    keyset_page,
    shown_count,
    shown_counts,
)
from tests.factories import ArticleFactory

ORDER = ("-published", "-created_at", "-id")


def _walk(qs, ordering, size):
    seen, token, pages = [], None, 0
    while True:
        page = keyset_page(qs, ordering, token, size)
        seen += [a.pk for a in page]
        pages += 1
        assert pages < 50
        if not page.has_next:
            return seen, pages
        token = page.next_token


def _expected() -> list[int]:
    dated = sorted(Article.objects.exclude(published=None), key=lambda a: (a.published, a.created_at, a.pk),
                   reverse=True)
    undated = sorted(Article.objects.filter(published=None), key=lambda a: (a.created_at, a.pk), reverse=True)
    return [a.pk for a in undated + dated]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_nullable_first_key_walks_every_row_once_undated_first(size):
    day = dt.date(2025, 3, 1)
    for i in range(9):  # ties on the date, and undated articles, to be ordered by the other keys
        ArticleFactory(published=day - dt.timedelta(days=i // 3))
    for _ in range(4):
        ArticleFactory(published=None)
    seen, pages = _walk(Article.objects.all(), ORDER, size)
    assert seen == _expected()
    assert pages == max(1, -(-13 // size))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 50])
def test_nullable_ascending_key_puts_nulls_last_and_walks_both_ways(size):
    for i in range(6):
        ArticleFactory(published=dt.date(2025, 1, 1) + dt.timedelta(days=i // 2))
    for _ in range(3):
        ArticleFactory(published=None)
    ordering = ("published", "created_at", "id")
    dated = sorted(Article.objects.exclude(published=None), key=lambda a: (a.published, a.created_at, a.pk))
    undated = sorted(Article.objects.filter(published=None), key=lambda a: (a.created_at, a.pk))
    seen, _ = _walk(Article.objects.all(), ordering, size)
    assert seen == [a.pk for a in dated + undated]
    pages = [keyset_page(Article.objects.all(), ordering, None, size)]
    while pages[-1].has_next:
        pages.append(keyset_page(Article.objects.all(), ordering, pages[-1].next_token, size))
    page, back = pages[-1], []
    while page.has_previous:
        page = keyset_page(Article.objects.all(), ordering, page.previous_token, size)
        back.append([a.pk for a in page])
    assert back == [[a.pk for a in p] for p in reversed(pages[:-1])]


@pytest.mark.django_db
def test_previous_tokens_walk_back_to_the_first_page():
    for i in range(5):
        ArticleFactory(published=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    for _ in range(3):
        ArticleFactory(published=None)
    pages = [keyset_page(Article.objects.all(), ORDER, None, 3)]
    while pages[-1].has_next:
        pages.append(keyset_page(Article.objects.all(), ORDER, pages[-1].next_token, 3))
    assert len(pages) == 3
    assert pages[0].is_first and not pages[0].has_previous and pages[-1].has_previous
    back = keyset_page(Article.objects.all(), ORDER, pages[2].previous_token, 3)
    assert [a.pk for a in back] == [a.pk for a in pages[1]]
    back = keyset_page(Article.objects.all(), ORDER, back.previous_token, 3)
    assert [a.pk for a in back] == [a.pk for a in pages[0]]
    assert back.is_first


@pytest.mark.django_db
def test_ascending_keys_and_rows_inserted_between_pages_are_not_repeated():
    made = [ArticleFactory() for _ in range(6)]
    first = keyset_page(Article.objects.all(), ("id",), None, 4)
    assert [a.pk for a in first] == [a.pk for a in made[:4]]
    ArticleFactory()  # a newer row does not shift the next page
    second = keyset_page(Article.objects.all(), ("id",), first.next_token, 4)
    assert [a.pk for a in second][:2] == [made[4].pk, made[5].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["garbage", "e30", encode_token(["x", 1, 2]), encode_token([1]), "A" * 2000])
def test_malformed_tokens_mean_the_first_page(token):
    ArticleFactory()
    assert decode_token(token, Article, ["published", "created_at", "id"]) is None
    assert keyset_page(Article.objects.all(), ORDER, token, 5).is_first


def test_a_nullable_first_key_with_mixed_directions_is_refused():
    with pytest.raises(ValueError):
        keyset_page(Article.objects.all(), ("-published", "id"), None)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 4, 50])
def test_mixed_directions_walk_forward_and_back(size):
    from reviewers.models import QueueItem
    from tests.factories import QueueItemFactory

    for i in range(11):
        QueueItemFactory(priority=(i * 7) % 3)
    ordering = ("-priority", "enqueued_at", "id")
    qs = QueueItem.objects.all()
    expected = [q.pk for q in sorted(qs, key=lambda q: (-q.priority, q.enqueued_at, q.pk))]
    seen, pages = _walk(qs, ordering, size)
    assert seen == expected
    last = keyset_page(qs, ordering, None, size)
    forward = [last]
    while last.has_next:
        last = keyset_page(qs, ordering, last.next_token, size)
        forward.append(last)
    back = []
    page = forward[-1]
    while page.has_previous:
        page = keyset_page(qs, ordering, page.previous_token, size)
        back.append([q.pk for q in page])
    assert back == [[q.pk for q in p] for p in reversed(forward[:-1])]


@pytest.mark.django_db
def test_count_upto_is_bounded():
    for _ in range(6):
        ArticleFactory()
    assert count_upto(Article.objects.all(), 5) == (5, True)
    assert count_upto(Article.objects.all(), 6) == (6, False)
    assert shown_count(Article.objects.all(), 5) == "5+"
    assert shown_count(Article.objects.all(), 10) == "6"


@pytest.mark.django_db
def test_counts_upto_is_count_upto_of_each_in_one_statement():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(6):
        ArticleFactory(title=f"t{i % 2}")
    sets = {"all": Article.objects.all(), "t0": Article.objects.filter(title="t0"),
            "none": Article.objects.filter(title="x"), "sliced": Article.objects.order_by("-id")}
    for limit in (2, 3, 5, 6, 1000):
        with CaptureQueriesContext(connection) as ctx:
            got = counts_upto(sets, limit)
        assert len(ctx.captured_queries) == 1
        assert got == {k: count_upto(qs, limit) for k, qs in sets.items()}
        assert shown_counts(sets, limit) == {k: shown_count(qs, limit) for k, qs in sets.items()}
    assert counts_upto(sets, 2, exact=("all",))["all"] == (6, False)
    assert counts_upto({}, 5) == {}



@pytest.mark.django_db
def test_in_ids_is_in():
    from factcheck.db import in_ids

    articles = [ArticleFactory() for _ in range(4)]
    ids = [a.pk for a in articles]
    assert sorted(Article.objects.filter(in_ids("pk", ids[:2])).values_list("pk", flat=True)) == sorted(ids[:2])
    assert not Article.objects.filter(in_ids("pk", [])).exists()
    assert Article.objects.exclude(in_ids("pk", ids[:1])).count() == 3
