"""The admin's navigation sidebar app list written in Python (factcheck.admin_nav.nav_app_list,
templates/admin/nav_sidebar.html) is byte for byte what Django's ``admin/app_list.html`` renders with
``show_changelinks=False``: for an admin, an editor, a reviewer, a staff user who may only view one
model and only add another, one who may see nothing, odd names, on several pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import RequestFactory

from factcheck.admin_nav import nav_app_list
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PATHS = ("/admin/reviewers/verdict/", "/admin/claims/claim/?status=in_review", "/admin/", "/admin/claims/",
         "/admin/claims/claim/12/change/", "/admin/caf\u00e9 & co/")


def django_app_list(app_list, path: str) -> str:
    request = RequestFactory().get("/")
    request.path = path
    return render_to_string("admin/app_list.html", {"app_list": app_list, "show_changelinks": False,
                                                    "request": request})


@pytest.fixture
def narrow_staff(db):
    user = UserFactory(username="nora_narrow", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_claim"),
                              Permission.objects.get(codename="add_article"))
    return user


@pytest.mark.parametrize("who", ["admin_user", "editor", "reviewer", "narrow_staff"])
def test_nav_app_list_is_the_template_s(request, who):
    user = request.getfixturevalue(who)
    for path in PATHS:
        req = RequestFactory().get("/")
        req.path, req.user = path, user
        app_list = admin.site.get_app_list(req)
        assert app_list or who == "reviewer"
        assert nav_app_list(app_list, path) == django_app_list(app_list, path), (who, path)


def test_nav_app_list_odd_names_and_nothing_to_show():
    odd = [{"app_label": "a&b", "app_url": "/admin/a&b/", "name": 'Tom & "Jerry" <b>',
            "models": [{"object_name": "O'Brien<X>", "name": "<script>x</script>", "admin_url": None,
                        "add_url": "/admin/a/?x=1&y=2", "view_only": False},
                       {"object_name": "Plain", "name": "Plain things", "admin_url": "/admin/a&b/plain/",
                        "add_url": None, "view_only": True}]}]
    for path in ("/admin/a&b/plain/", "/admin/a%26b/plain/", "/elsewhere/"):
        assert nav_app_list(odd, path) == django_app_list(odd, path), path
    assert nav_app_list([], "/admin/") == django_app_list([], "/admin/")


def test_admin_pages_carry_the_nav_sidebar(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/reviewers/verdict/").content.decode()
    nav = html[html.index('<nav class="sticky" id="nav-sidebar"'):]
    assert 'class="app-reviewers module current-app"' in nav
    assert 'href="/admin/reviewers/verdict/" aria-current="page">Verdicts</a>' in nav
