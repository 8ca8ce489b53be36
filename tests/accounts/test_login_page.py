"""The login page after a wrong password keeps what the person typed as username (it was emptied,
so a second try with the right password alone failed again) and where they were going."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_failed_login_keeps_the_username_and_next(client, reviewer):
    resp = client.post(reverse("login"), {"username": reviewer.username, "password": "wrong",
                                          "next": "/review/mine/"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "didn't match" in html
    assert f'value="{reviewer.username}"' in html
    assert 'name="next" value="/review/mine/"' in html
    # the cursor goes to the password, the field left to fill
    assert 'id="id_password" autocomplete="current-password" required autofocus' in html


def test_username_is_escaped(client, db):
    resp = client.post(reverse("login"), {"username": '"><script>x</script>', "password": "wrong"})
    assert "<script>x</script>" not in resp.content.decode()


def test_blank_login_page_focuses_the_username(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'id="id_username" value="" autocomplete="username" required autofocus' in html
