"""My work's rows, written in Python (issue 15, seventh round).

My work lists up to 150 rows (100 verdicts, 50 past assignments, the blind reviews); through the
template engine they were about half of the page's CPU (~45 us a row: a dozen variable lookups, each
trying a dict key, an attribute and an index in turn). These functions write the same bytes with
``format_html``, calling the filters the template called with the same arguments. The rows as they
were in ``templates/reviewers/my_work.html`` are kept in tests/scale/test_work_rows.py as the
reference the tests render and compare - change both together.
"""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from factcheck.rows import format_date, int_url, truncate_chars

from .models import Assignment, IndependentReview, Verdict

_WHEN = "Y-m-d H:i"


def _when(value: object) -> str:
    return format_date(template_localtime(value), _WHEN)


def verdict_row(v: Verdict) -> SafeString:
    """A row of "My verdicts" (``v.editable`` set by ``selectors.my_work``)."""
    href = int_url("review-claim", v.claim_id) if v.editable else int_url("review-verdict", v.pk)
    returned = (format_html('<br><span class="meta">{}</span>', truncate_chars(v.editor_comment, 120))
                if v.status == "returned" else "")
    return format_html(
        '\n      <tr class="verdict-row status-{}">\n'
        '        <td><a href="{}">{}</a></td>\n'
        '        <td>{}</td>\n'
        '        <td><span class="badge status-{}">{}</span>{}</td>\n'
        '        <td>{}</td>\n'
        '      </tr>\n    ',
        v.status, href, truncate_chars(v.claim.text, 110), v.get_rating_display() or "—",
        v.status, v.get_status_display(), returned, _when(v.updated_at))


def round_row(r: IndependentReview) -> SafeString:
    """A row of "My independent reviews"."""
    submitted = format_html(" {}", _when(r.submitted_at)) if r.submitted_at else ""
    return format_html(
        '\n      <tr><td><a href="{}">{}</a></td><td>{} of 2</td>\n'
        '        <td>{}</td><td>{}{}</td></tr>\n    ',
        int_url("review-claim", r.claim_id), truncate_chars(r.claim.text, 110), localize(r.round),
        r.get_rating_display() or "—", r.get_status_display(), submitted)


def past_row(a: Assignment) -> SafeString:
    """A row of "Past assignments"."""
    reason = format_html(' <span class="meta">— {}</span>', truncate_chars(a.reason, 80)) if a.reason else ""
    return format_html(
        '\n      <tr><td>{}</td><td>{}</td><td>{}</td>\n'
        '        <td>{}{}</td></tr>\n    ',
        truncate_chars(a.claim.text, 110), _when(a.started_at), _when(a.ended_at) or "—",
        a.get_outcome_display(), reason)
