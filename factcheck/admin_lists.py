"""Shared pieces of the admin changelists of the big tables (claims, articles, links, queue items,
assignments, verdicts, evidence)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


class PlainActionCheckbox:
    """The changelist's row checkbox written as its HTML, byte for byte what Django renders, instead
    of a ``CheckboxInput`` widget per row rendered through the form templates: at 50 rows that was a
    sixth of a changelist's time (measured at 1M claims, in-process median 32 -> 27 ms; SQL 2-3 ms).
    Put it before the ModelAdmin class in the bases."""

    def action_checkbox(self, obj: Any) -> SafeString:
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label)
