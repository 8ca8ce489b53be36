"""``ChoiceLabels``: ``get_FOO_display()`` without rebuilding the field's choices on every call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` each time it
is called (~20 us); list pages call it several times a row (status, outcome, kind, origin), so a
page of 100 rows spent 2-6 ms on it (issue 15). The mixin builds that dict once per field. Choices
given as a callable (the verdict scale, which settings may change) and values that are not hashable
go through Django's own method, so every label is the one Django would show.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@functools.lru_cache(maxsize=256)
def _labels(field: models.Field) -> dict[Any, Any] | None:
    """The field's choices as Django's ``_get_FIELD_display`` builds them; None for callable choices."""
    if isinstance(field.choices, CallableChoiceIterator):
        return None
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels:
    """Model mixin (before ``models.Model`` in the bases): ``get_FOO_display()`` from a dict built
    once per field."""

    def _get_FIELD_display(self, field: models.Field) -> Any:
        labels = _labels(field)
        if labels is not None:
            value = getattr(self, field.attname)
            try:
                label = labels.get(value, value)
            except TypeError:  # unhashable (a list or dict value): Django makes it hashable first
                pass
            else:
                return force_str(label, strings_only=True)
        return super()._get_FIELD_display(field)  # type: ignore[misc]
