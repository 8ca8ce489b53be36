"""The API's filter sets' base class (its own module: ``factcheck.api`` is imported by DRF's settings,
which django-filter imports in turn)."""

from __future__ import annotations

import django_filters
from django import forms
from django_filters.filters import QuerySetRequestMixin


class FilterSet(django_filters.FilterSet):
    """django-filter's ``FilterSet`` with its form class built once per filter set class.

    django-filter builds a new form class on every request: a form field per filter, then Django's
    form metaclass over them (~0.1-0.25 ms of a list request). The class depends only on the
    declared filters, the same on every request, unless a filter's field reads the request (a
    queryset callable: ``QuerySetRequestMixin``); such filter sets keep building their own. Every
    request still gets its own form instance (Django copies the fields into it) and its own filters
    (django-filter copies them)."""

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form = cls.__dict__.get("_fc_form_class")
        if form is None:
            form = super().get_form_class()
            if not any(isinstance(f, QuerySetRequestMixin) for f in self.filters.values()):
                cls._fc_form_class = form  # type: ignore[attr-defined]
        return form
