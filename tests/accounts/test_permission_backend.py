"""accounts.backends.PermissionBackend and the API's token authentication read permissions fresh on every
request (one query, or none extra with a token): role changes and revoked tokens take effect at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.backends import PermissionBackend
from accounts.roles import EDITOR, REVIEWER

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _api(user) -> APIClient:
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_same_permissions_as_model_backend_in_one_query(reviewer, editor, outsider):
    from django.contrib.auth.backends import ModelBackend

    perm = Permission.objects.get(codename="export_verdicts")
    reviewer.user_permissions.add(perm)
    for user in (reviewer, editor, outsider):
        expected = ModelBackend().get_all_permissions(_fresh(user))
        expected_user = ModelBackend().get_user_permissions(_fresh(user))
        u = _fresh(user)
        with CaptureQueriesContext(connection) as queries:
            got = PermissionBackend().get_all_permissions(u)
            assert PermissionBackend().get_user_permissions(u) == expected_user
            assert u.has_perm("reviewers.review_claim") == ("reviewers.review_claim" in expected)
        assert got == expected
        assert len(queries.captured_queries) == 1
    assert "reviewers.export_verdicts" in PermissionBackend().get_user_permissions(_fresh(reviewer))


def test_superuser_and_inactive_keep_model_backend_rules(make_user):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests-123")
    assert _fresh(root).has_perm("reviewers.manage_queue")
    assert PermissionBackend().get_all_permissions(_fresh(root)) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    gone = make_user("gone_reviewer", REVIEWER)
    gone.is_active = False
    gone.save()
    assert PermissionBackend().get_all_permissions(_fresh(gone)) == set()
    assert not _fresh(gone).has_perm("reviewers.review_claim")


def test_token_request_needs_no_permission_query_of_its_own(reviewer):
    api = _api(reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/queue/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # permissions come with the token (on PostgreSQL a prepared statement the capture does not see)
    assert not [q for q in sql if "auth_permission" in q and "authtoken_token" not in q], sql


def test_role_change_takes_effect_on_the_next_request(reviewer):
    api = _api(reviewer)
    assert api.post("/api/queue/next/").status_code in (200, 204)
    assert api.get("/api/assignments/").status_code == 200
    reviewer.groups.clear()  # demoted
    assert api.post("/api/queue/next/").status_code == 403
    assert api.get("/api/queue/").status_code == 403
    reviewer.groups.add(Group.objects.get(name=EDITOR))  # promoted
    assert api.post("/api/queue/99999/priority/", {"priority": 1}, format="json").status_code == 404
    Group.objects.get(name=EDITOR).permissions.remove(Permission.objects.get(codename="manage_queue"))
    assert api.post("/api/queue/99999/priority/", {"priority": 1}, format="json").status_code == 403
    reviewer.user_permissions.add(Permission.objects.get(codename="manage_queue"))  # granted directly
    assert api.post("/api/queue/99999/priority/", {"priority": 1}, format="json").status_code == 404


def test_revoked_token_and_deactivated_user_are_refused_at_once(reviewer):
    api = _api(reviewer)
    assert api.get("/api/queue/").status_code == 200
    Token.objects.filter(user=reviewer).delete()
    assert api.get("/api/queue/").status_code == 401
    api = _api(reviewer)
    assert api.get("/api/queue/").status_code == 200
    reviewer.is_active = False
    reviewer.save()
    assert api.get("/api/queue/").status_code == 401
    assert APIClient().get("/api/queue/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_session_login_still_gets_permissions(reviewer, client):
    client.force_login(reviewer)
    assert client.get("/api/queue/").status_code == 200
    reviewer.groups.clear()
    assert client.get("/api/queue/").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_token_request_survives_a_dead_persistent_connection(reviewer):
    """CONN_HEALTH_CHECKS without the SELECT 1: the token statement reconnects when the server side
    of a reused connection is gone."""
    import psycopg
    from django.db import close_old_connections

    api = _api(reviewer)
    assert api.get("/api/queue/").status_code == 200
    connection.ensure_connection()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    db = connection.settings_dict
    dsn = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    close_old_connections()  # what a request start does; the dead connection is kept (health checks on)
    assert connection.health_check_enabled
    assert api.get("/api/queue/").status_code == 200
