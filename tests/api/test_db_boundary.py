"""factcheck.db: prepared statements behind one setting (read at call time) and advisory locks with
registered key spaces."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection, transaction

from factcheck import db
from reviewers.models import Assignment
from tests.factories import QueueItemFactory


def _prepared_count() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_prepared_statements")
        return cur.fetchone()[0]


def _api_round(client_for, reviewer) -> dict:
    """A token-authenticated claim-next and a read of the claim: the API's prepared statements."""
    item = QueueItemFactory(priority=900)
    api = client_for(reviewer)
    resp = api.post("/api/queue/next/")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["claim"]["id"] == item.claim_id
    assert Assignment.objects.filter(reviewer=reviewer, claim_id=item.claim_id, outcome="active").count() == 1
    assert api.get(f"/api/assignments/{body['id']}/").status_code == 200
    Assignment.objects.filter(pk=body["id"]).update(outcome="completed")
    return body


@pytest.mark.django_db
def test_the_api_works_with_prepared_statements_off(settings, client_for, reviewer):
    settings.DB_PREPARED_STATEMENTS = False
    assert db.prepared_statements() is False
    _api_round(client_for, reviewer)
    settings.DB_PREPARED_STATEMENTS = True  # read at call time: no restart, no cache
    assert db.prepared_statements() is True
    _api_round(client_for, reviewer)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_setting_off_prepares_nothing_on_the_server(settings, client_for, reviewer):
    connection.close()  # a new session: no statement prepared by earlier tests
    settings.DB_PREPARED_STATEMENTS = False
    _api_round(client_for, reviewer)
    _api_round(client_for, reviewer)
    assert _prepared_count() == 0
    settings.DB_PREPARED_STATEMENTS = True
    _api_round(client_for, reviewer)
    assert _prepared_count() >= 2  # the token statement and claim-next at least


def test_lock_spaces_are_registered_and_distinct():
    assert len(set(db.LOCK_SPACES.values())) == len(db.LOCK_SPACES)
    with pytest.raises(KeyError):
        db.lock_space("no.such.space")
    assert db.lock_key(2**40 + 5) == (2**40 + 5) % 2147483647


def test_advisory_lock_outside_a_transaction_is_refused():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError):  # it would be released at once
        db.advisory_xact_lock("review.reviewer", 1)


@pytest.mark.django_db
def test_advisory_lock_inside_a_transaction():
    with transaction.atomic():
        db.advisory_xact_lock("review.reviewer", 7)  # SQLite: BEGIN IMMEDIATE already holds the write lock
        with pytest.raises(KeyError):
            db.advisory_xact_lock("no.such.space", 7)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_advisory_lock_is_held_until_commit():
    sd = connection.settings_dict
    other = psycopg.connect(dbname=sd["NAME"], user=sd["USER"] or None, password=sd["PASSWORD"] or None,
                            host=sd["HOST"] or None, port=sd["PORT"] or None, autocommit=True)
    try:
        probe = "SELECT pg_try_advisory_xact_lock(%s, %s)"
        with transaction.atomic():
            db.advisory_xact_lock("review.claim_group", 42)
            assert other.execute(probe, [db.lock_space("review.claim_group"), 42]).fetchone()[0] is False
            # another key space with the same key is a different lock
            assert other.execute(probe, [db.lock_space("review.reviewer"), 42]).fetchone()[0] is True
        assert other.execute(probe, [db.lock_space("review.claim_group"), 42]).fetchone()[0] is True
    finally:
        other.close()
