"""``{% fast_result_list cl %}``: Django's ``{% result_list cl %}`` with the rows written by
``factcheck.admin_lists.changelist_rows`` (templates/admin/fast_change_list.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.safestring import SafeString, mark_safe

from factcheck.admin_lists import changelist_rows
from factcheck.admin_nav import nav_app_list

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


@register.simple_tag(takes_context=True)
def fast_nav_app_list(context: Any) -> SafeString:
    """``{% include 'admin/app_list.html' with app_list=available_apps show_changelinks=False %}`` of
    Django's nav_sidebar.html, written by factcheck.admin_nav.nav_app_list (templates/admin/nav_sidebar.html)."""
    request = context.get("request")
    return mark_safe(nav_app_list(context.get("available_apps"), getattr(request, "path", "")))
