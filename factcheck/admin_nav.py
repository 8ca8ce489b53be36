"""The admin's navigation sidebar app list written in Python (templates/admin/nav_sidebar.html,
``{% fast_nav_app_list %}``): the bytes Django's ``admin/app_list.html`` renders with
``show_changelinks=False``, without a template node, variable lookup and ``{% translate %}`` per
model. Every admin page carries it (30 models here): ~10% of an admin changelist's CPU at 1M claims.
The app list itself (``available_apps``: permissions, URLs) is Django's, computed per request as
before. tests/scale/test_admin_nav.py compares both for several users and pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.utils.html import conditional_escape
from django.utils.translation import gettext


def _esc(value: Any) -> str:
    return str(conditional_escape(value))


def _within(url: Any, path: str) -> bool:
    """The template's ``{% if url in request.path|urlencode %}`` (False for a missing URL)."""
    return isinstance(url, str) and url in path


def nav_app_list(app_list: Any, request_path: str) -> str:
    """``admin/app_list.html`` with ``app_list`` and ``show_changelinks=False``, byte for byte."""
    if not app_list:
        return ("\n\n\n  <p>" + _esc(gettext("You don’t have permission to view or edit anything."))
                + "</p>\n\n")
    path = quote(request_path)
    heads = (_esc(gettext("Model name")), _esc(gettext("Add link")), _esc(gettext("Change or view list link")))
    add = _esc(gettext("Add"))
    out = ["\n\n\n  "]
    for app in app_list:
        label = _esc(app["app_label"])
        app_url = app["app_url"]
        name = _esc(app["name"])
        title = gettext("Models in the %(name)s application") % {"name": name}
        out.append(
            f'\n    <div class="app-{label} module{" current-app" if _within(app_url, path) else ""}">\n'
            f"      <table>\n        <caption>\n"
            f'          <a href="{_esc(app_url)}" class="section" title="{title}">{name}</a>\n'
            f'        </caption>\n        <thead class="visually-hidden">\n          <tr>\n'
            f'            <th scope="col">{heads[0]}</th>\n'
            f'            <th scope="col">{heads[1]}</th>\n'
            f'            <th scope="col">{heads[2]}</th>\n'
            f"          </tr>\n        </thead>\n        ")
        for model in app["models"]:
            model_name = _esc(str(model["object_name"]).lower())
            admin_url = model.get("admin_url")
            here = _within(admin_url, path)
            out.append(
                f'\n          \n            <tr class="model-{model_name}{" current-model" if here else ""}">\n'
                f'              <th scope="row" id="{label}-{model_name}">\n                ')
            if admin_url:
                current = ' aria-current="page"' if here else ""
                out.append(f'\n                  <a href="{_esc(admin_url)}"{current}>{_esc(model["name"])}</a>\n'
                           "                ")
            else:
                out.append(f"\n                  {_esc(model['name'])}\n                ")
            out.append("\n              </th>\n\n              ")
            add_url = model.get("add_url")
            if add_url:
                out.append(f'\n                <td><a href="{_esc(add_url)}" class="addlink" '
                           f'aria-describedby="{label}-{model_name}">{add}</a></td>\n              ')
            else:
                out.append("\n                <td></td>\n              ")
            out.append("\n\n              \n            </tr>\n          \n        ")
        out.append("\n      </table>\n    </div>\n  ")
    out.append("\n\n")
    return "".join(out)
