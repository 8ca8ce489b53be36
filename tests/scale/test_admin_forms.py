"""The admin changelists' action form written in Python (factcheck.admin_forms.FastActionForm, set by
FastChangelist) renders the bytes of Django's ActionForm: the widgets alone with odd labels and values,
option groups (left to the templates), and whole changelist pages."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.contrib.admin import helpers

from claims.admin import ClaimAdmin
from factcheck.admin_forms import FastActionForm, PlainHiddenInput, PlainSelect
from reviewers.admin import VerdictAdmin
from tests.factories import ClaimFactory, QueueItemFactory, decided_verdict

CHOICES = [("", "---------"), ("delete_selected", "Delete selected <b>\"things\"</b> & more"), ("x'y", "O'Brien")]


def forms_both(data=None, auto_id="id_%s"):
    out = []
    for form_class in (helpers.ActionForm, FastActionForm):
        form = form_class(data, auto_id=auto_id)
        form.fields["action"].choices = CHOICES
        out.append(form)
    return out


@pytest.mark.parametrize("data", [None, {"action": "x'y", "select_across": "1"}, {"action": "nope"}])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_action_form_fields_render_as_django_s(data, auto_id):
    django_form, fast_form = forms_both(data, auto_id)
    assert isinstance(fast_form.fields["action"].widget, PlainSelect)
    assert isinstance(fast_form.fields["select_across"].widget, PlainHiddenInput)
    for name in ("action", "select_across"):
        assert str(fast_form[name]) == str(django_form[name]), name
    assert str(fast_form) == str(django_form)


def test_widgets_with_odd_values_and_groups_render_as_django_s():
    for value in (None, 0, 'a"b<c>', True):
        attrs = {"class": "x&y"}
        assert PlainHiddenInput(attrs).render("n", value) == forms.HiddenInput(attrs).render("n", value)
    grouped = [("Group <1>", [("a", "A"), ("b", "B & b")]), ("c", "C")]
    for choices in (grouped, CHOICES):
        for value in ("b", "c", None, ["a"]):
            attrs = {"disabled": True, "data-x": 'q"q', "hidden": False}
            assert (PlainSelect(attrs, choices=choices).render("s", value)
                    == forms.Select(attrs, choices=choices).render("s", value))


@pytest.mark.django_db
def test_changelist_pages_are_the_same_with_django_s_action_form(client, admin_user, editor, monkeypatch):
    for i in range(3):
        decided_verdict("approved", claim=ClaimFactory(status="approved"), editor=editor)
        QueueItemFactory(status=("queued", "assigned")[i % 2])
    client.force_login(admin_user)
    csrf = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*')
    for admin_class, path in ((VerdictAdmin, "/admin/reviewers/verdict/"),
                              (ClaimAdmin, "/admin/claims/claim/?status=in_review")):
        fast = csrf.sub("", client.get(path).content.decode())
        with monkeypatch.context() as m:
            m.setattr(admin_class, "action_form", helpers.ActionForm)
            django = csrf.sub("", client.get(path).content.decode())
        assert 'name="action"' in fast and fast == django, path
