"""``{% fast_result_list cl %}``: Django's ``{% result_list cl %}`` with the rows written by
``factcheck.admin_lists.changelist_rows`` (templates/admin/fast_change_list.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from factcheck.admin_lists import changelist_rows

register = template.Library()


def fast_result_list(cl: Any) -> dict[str, Any]:
    """What ``admin_list.result_list`` returns, each row one string (``<tr>{{ result }}</tr>``)."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": changelist_rows(cl),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser: Any, token: Any) -> InclusionAdminNode:
    return InclusionAdminNode(parser, token, func=fast_result_list, template_name="fast_change_list_results.html",
                              takes_context=False)
