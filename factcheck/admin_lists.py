"""Shared pieces of the admin changelists of the big tables (claims, articles, links, queue items,
assignments, verdicts, evidence)."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import _boolean_icon, _coerce_field_name, items_for_result
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .admin_forms import FastActionForm
from .pagination import count_as, first_of_arms


class PlainActionCheckbox:
    """The changelist's row checkbox written as its HTML, byte for byte what Django renders, instead
    of a ``CheckboxInput`` widget per row rendered through the form templates: at 50 rows that was a
    sixth of a changelist's time (measured at 1M claims, in-process median 32 -> 27 ms; SQL 2-3 ms).
    Put it before the ModelAdmin class in the bases."""

    def action_checkbox(self, obj: Any) -> SafeString:
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label)


def under(relation: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """``fields`` of a related model, as lookups through ``relation`` (for ``changelist_defer``)."""
    return tuple(f"{relation}__{f}" for f in fields)


class FastChangelist(PlainActionCheckbox):
    """PlainActionCheckbox, and the changelist's rows written by ``changelist_rows`` (one string a
    row) instead of Django's ``items_for_result`` (``lookup_field``, ``display_for_field``, a
    ``format_html`` and a template variable per cell, a ``reverse`` and ``add_preserved_filters`` per
    row): the same bytes (tests/scale/test_admin_lists.py renders both for every column type used).
    Lists with ``list_editable`` keep Django's rows (templates/admin/fast_change_list.html)."""

    change_list_template = "admin/fast_change_list.html"
    action_form = FastActionForm
    #: Columns the page's rows do not show (long text, JSON), left out of the shown rows' statement
    #: only: the change form, the counts and the actions read the model admin's queryset as before.
    changelist_defer: tuple[str, ...] = ()

    def changelist_rows_queryset(self, qs: Any) -> Any:
        """The changelist's queryset (filtered, searched, sorted) as the shown rows read it; the
        paginator counts ``qs`` itself (factcheck.pagination.count_as)."""
        return qs.defer(*self.changelist_defer) if self.changelist_defer else qs

    def changelist_arms(self, request: Any) -> tuple[str, Sequence[Q]] | None:
        """A list filter (its parameter) that is an OR of conditions which an index each serves in the
        list's order, and those conditions: the page then takes the first rows of each
        (factcheck.pagination.first_of_arms) instead of walking the order testing the OR. None: no such filter."""
        return None

    def get_paginator(self, request: Any, queryset: Any, per_page: int, orphans: int = 0,
                      allow_empty_first_page: bool = True) -> Any:
        """The model admin's paginator, told the page asked for (``BoundedCountPaginator.reach``)."""
        paginator = super().get_paginator(request, queryset, per_page, orphans,  # type: ignore[misc]
                                          allow_empty_first_page)
        if hasattr(paginator, "reach"):
            paginator.reach(request.GET.get(PAGE_VAR, 1))
        return paginator

    def get_changelist(self, request: Any, **kwargs: Any) -> type:
        base = super().get_changelist(request, **kwargs)  # type: ignore[misc]
        rows_of = self.changelist_rows_queryset
        arms_of = self.changelist_arms

        class ShownRows(base):  # type: ignore[misc, valid-type]
            def get_results(self, request: Any) -> None:
                full = self.queryset
                self.queryset = count_as(rows_of(full), full)
                try:
                    super().get_results(request)
                finally:
                    self.queryset = full
                split = arms_of(request)
                if split is not None:
                    self.result_list = _first_of_arms(self, request, rows_of, *split)

            def without(self, request: Any, param: str) -> Any:
                """The list's queryset without the filter of ``param`` (Django's facets' way); the
                changelist's filters and links stay those of the whole request."""
                saved = {k: v for k, v in self.__dict__.items() if k in _FILTER_STATE}
                try:
                    return self.get_queryset(request, exclude_parameters=[param])
                finally:
                    self.__dict__.update(saved)

        return ShownRows


_FILTER_STATE = ("filter_specs", "has_filters", "has_active_filters", "clear_all_filters_qs")


def _first_of_arms(cl: Any, request: Any, rows_of: Callable[[Any], Any], param: str, arms: Sequence[Q]) -> Any:
    """The page's rows (``cl.result_list``) as the first rows of each arm of the filter ``param``, read
    from the list without that filter (the arms are its halves)."""
    page = cl.result_list
    if not isinstance(page, QuerySet):
        return page
    low, high = page.query.low_mark, page.query.high_mark
    if high is None:  # one page, or "show all": no more rows than counted
        high = low + cl.result_count
    base = cl.without(request, param)
    return first_of_arms(rows_of(base), base, arms, high)[low:high]


def _esc(value: Any) -> str:
    """``conditional_escape`` without its lazy wrapper: the same string."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


_PK_MARK = "987654320123456789"


def _cell_writer(cl: Any, field_name: Any, index: int, link: bool) -> Callable[[Any], str]:
    """A function writing one cell (``<td ...>...</td>`` or the linked ``<th>``) of a row, as
    ``items_for_result`` writes it. The column's kind is decided once: model fields by type, the rest
    (admin methods, model attributes) through Django's own ``lookup_field`` / ``display_for_value``."""
    empty = cl.model_admin.get_empty_value_display()
    base_class = f"field-{_coerce_field_name(field_name, index)}"
    try:
        f = _get_non_gfk_field(cl.lookup_opts, field_name) if not callable(field_name) else None
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        f = None
    if f is None or f.auto_created:
        return _attr_cell(cl, field_name, f, base_class, empty, link)
    return _field_cell(cl, f, base_class, empty, link)


def _wrap(classes: list[str], link: bool) -> Callable[[str], str]:
    row_class = ' class="{}"'.format(" ".join(classes))
    if not link:
        return lambda body: f"<td{row_class}>{body}</td>"
    return lambda body: f"<th{row_class}>{body}</th>"


def _attr_cell(cl: Any, field_name: Any, f: Any, base_class: str, empty: str, link: bool) -> Callable[[Any], str]:
    """A column that is not a model field: the row checkbox, an admin method, anything else."""
    model_admin = cl.model_admin
    if field_name == "action_checkbox" and type(model_admin).action_checkbox is PlainActionCheckbox.action_checkbox:
        # PlainActionCheckbox.action_checkbox's two format_html, with the label's text translated once
        box = _wrap(["action-checkbox"], link)
        head = f'<input type="checkbox" name="{_esc(helpers.ACTION_CHECKBOX_NAME)}" value="'
        label = _("Select this object for an action - {}")
        return lambda obj: box(f'{head}{html.escape(str(obj.pk))}" class="action-select" aria-label="'
                               f'{label.format(html.escape(str(obj)))}">')
    if f is None and isinstance(field_name, str) and field_name != "__str__" and hasattr(model_admin, field_name):
        # an admin method (lookup_field's second case), called directly
        method = getattr(model_admin, field_name)

        def value_of(obj: Any) -> tuple[Any, Any]:
            return method, method(obj)
    else:
        def value_of(obj: Any) -> tuple[Any, Any]:
            _f, attr, value = lookup_field(field_name, obj, model_admin)
            return attr, value

    wrappers = {key: _wrap(list(key), link) for key in
                ((base_class,), (base_class, "nowrap"), ("action-checkbox",), ("action-checkbox", "nowrap"))}
    first = "action-checkbox" if field_name == "action_checkbox" else base_class

    def cell(obj: Any) -> str:
        try:
            attr, value = value_of(obj)
        except ObjectDoesNotExist:
            body, key = _esc(empty), (base_class,)
        else:
            shown_empty = getattr(attr, "empty_value_display", empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            body = _esc(display_for_value(value, shown_empty, boolean))
            key = (first, "nowrap") if isinstance(value, (datetime.date, datetime.time)) else (first,)
        return wrappers[key](_linked(cl, obj, body) if link else body)

    return cell


def _field_cell(cl: Any, f: Any, base_class: str, empty: str, link: bool) -> Callable[[Any], str]:
    """A model field's column (display_for_field's cases, the frequent ones written directly)."""
    name = f.name
    classes = [base_class]
    if isinstance(f, (models.DateField, models.TimeField, models.ForeignKey)):
        classes.append("nowrap")
    w = _wrap(classes, link)
    missing = _esc(empty)
    if isinstance(f.remote_field, models.ManyToOneRel):
        bare = _wrap([base_class], link)  # a missing related row: Django's cell has no "nowrap"

        def fk_cell(obj: Any) -> str:
            try:
                val = getattr(obj, name)
            except ObjectDoesNotExist:
                return bare(_linked(cl, obj, missing) if link else missing)
            body = missing if val is None else _esc(val)
            return w(_linked(cl, obj, body) if link else body)

        return fk_cell
    shown = _field_shown(f, empty, link)
    if link:
        return lambda obj: w(_linked(cl, obj, shown(obj)))
    return lambda obj: w(shown(obj))


def _field_shown(f: Any, empty: str, link: bool) -> Callable[[Any], str]:
    """What ``display_for_field`` shows for a (non-relation) field's value, escaped."""
    name = f.name
    missing = _esc(empty)

    def django(obj: Any) -> str:
        return _esc(display_for_field(_value(obj, name), f, empty, avoid_link=link))

    if getattr(f, "flatchoices", None):
        try:
            labels = {k: _esc(v) for k, v in dict(f.flatchoices).items()}
        except TypeError:
            return django
        return lambda obj: labels.get(_value(obj, name), missing)
    if isinstance(f, models.BooleanField):
        icons = {v: _esc(_boolean_icon(v)) for v in (True, False, None)}
        return lambda obj: icons[getattr(obj, name)]
    if type(f) is models.DateTimeField:
        fmt = get_format("DATETIME_FORMAT")
        empty_values = f.empty_values

        def dated(obj: Any) -> str:
            value = getattr(obj, name)
            if value in empty_values:
                return missing
            return _esc(dateformat.format(timezone.template_localtime(value), fmt))

        return dated
    if type(f) in (models.CharField, models.TextField, models.SlugField):
        def text(obj: Any) -> str:
            value = _value(obj, name)
            return missing if value in (None, "") else html.escape(value if type(value) is str else str(value))

        return text
    return django


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, str) and value.strip() == "":
        return ""
    return value


def _linked(cl: Any, obj: Any, body: str) -> str:
    """The link to the row's change page around ``body``, as ``items_for_result`` writes it."""
    parts = cl.__dict__.get("_fast_url_parts")
    pk = getattr(obj, cl.pk_attname)
    if parts is None or type(pk) is not int:
        try:
            url = cl.url_for_result(obj)
        except NoReverseMatch:
            return body
        url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
        return f'<a href="{_esc(url)}">{body}</a>'
    if parts is False:
        return body
    return f"{parts[0]}{pk}{parts[1]}{body}</a>"


def _url_parts(cl: Any) -> tuple[str, str] | bool | None:
    """The escaped ``<a href="...`` before and after an integer primary key (one ``reverse`` and one
    ``add_preserved_filters`` per page instead of per row); None: per row (the marker was ambiguous)."""

    class Probe:
        pass

    probe = Probe()
    setattr(probe, cl.pk_attname, int(_PK_MARK))
    try:
        url = cl.url_for_result(probe)
    except NoReverseMatch:
        return False
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    tag = f'<a href="{_esc(url)}">'
    if tag.count(_PK_MARK) != 1:
        return None
    before, after = tag.split(_PK_MARK)
    return before, after


def changelist_rows(cl: Any) -> list[SafeString] | None:
    """Each row of the changelist's page as the HTML inside its ``<tr>``: the cells
    ``items_for_result`` would yield, joined. None when Django's rows must be used (an editable list,
    a popup)."""
    if cl.formset is not None or cl.is_popup:
        return None
    links = cl.list_display_links
    writers = []
    first = True
    for i, name in enumerate(cl.list_display):
        link = links is not None and ((first and not links) or name in links)
        if link and not first:
            writers.append(_django_cell(cl, name, i))  # a second linked column (none in this project)
            continue
        writers.append(_cell_writer(cl, name, i, link))
        if link:
            first = False
    cl._fast_url_parts = _url_parts(cl)
    return [mark_safe("".join([w(obj) for w in writers])) for obj in cl.result_list]


def _django_cell(cl: Any, name: Any, index: int) -> Callable[[Any], str]:
    """Django's own cell, for a column this module does not write (a second linked column)."""
    def cell(obj: Any) -> str:
        return str(list(items_for_result(cl, obj, None))[index])
    return cell
