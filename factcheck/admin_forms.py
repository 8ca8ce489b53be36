"""The admin changelists' action form (the action ``<select>`` and the hidden "select across" input)
written in Python: the bytes Django's form templates render (django/forms/widgets/select.html,
select_option.html, input.html, attrs.html), without a template render and an include per option and
attribute list. It was ~10% of an admin changelist's template time at 1M claims (FastChangelist sets
it). A select with option groups still renders through the templates. tests/scale/test_admin_forms.py
compares both."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import helpers
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _esc(value: Any) -> str:
    return str(conditional_escape(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(f" {_esc(name)}" if value is True else f' {_esc(name)}="{_esc(str(value))}"'
                   for name, value in attrs.items() if value is not False)


class PlainSelect(forms.Select):
    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        w = context["widget"]
        if template_name != "django/forms/widgets/select.html" or any(g for g, _c, _i in w["optgroups"]):
            return super()._render(template_name, context, renderer)
        out = [f'<select name="{_esc(w["name"])}"{_attrs(w["attrs"])}>']
        for _group, options, _index in w["optgroups"]:
            for option in options:
                if option["template_name"] != "django/forms/widgets/select_option.html":
                    return super()._render(template_name, context, renderer)
                out.append(f'\n  <option value="{_esc(str(option["value"]))}"{_attrs(option["attrs"])}>'
                           f'{_esc(option["label"])}</option>\n')
        out.append("\n</select>")
        return mark_safe("".join(out))


class PlainHiddenInput(forms.HiddenInput):
    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        if template_name != "django/forms/widgets/hidden.html":
            return super()._render(template_name, context, renderer)
        w = context["widget"]
        value = "" if w["value"] is None else f' value="{_esc(str(w["value"]))}"'
        return mark_safe(f'<input type="{_esc(w["type"])}" name="{_esc(w["name"])}"{value}{_attrs(w["attrs"])}>')


class FastActionForm(helpers.ActionForm):
    """Django's ActionForm, its two widgets written in Python."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, django_class, plain in (("action", forms.Select, PlainSelect),
                                          ("select_across", forms.HiddenInput, PlainHiddenInput)):
            widget = self.fields[name].widget  # the form's own copy
            if type(widget) is django_class:
                widget.__class__ = plain
