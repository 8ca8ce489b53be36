"""My work's rows written in Python (reviewers.work_rows) are the bytes the template wrote: the rows
as they were in templates/reviewers/my_work.html are kept here as the reference and rendered beside
``verdict_row``, ``round_row`` and ``past_row`` (issue 15, seventh round)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.timezone import override

from reviewers import selectors
from reviewers.models import Assignment, IndependentReview, QueueItem
from reviewers.work_rows import past_row, round_row, verdict_row
from tests.factories import ClaimFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db

# the loop bodies of the three tables before the rows moved to Python (templates/reviewers/my_work.html)
VERDICT = """
      <tr class="verdict-row status-{{ v.status }}">
        <td><a href="{% if v.editable %}{% row_url 'review-claim' v.claim_id %}{% else %}{% row_url 'review-verdict' v.pk %}{% endif %}">{{ v.claim.text|truncate:110 }}</a></td>
        <td>{{ v.get_rating_display|default:"—" }}</td>
        <td><span class="badge status-{{ v.status }}">{{ v.get_status_display }}</span>{% if v.status == "returned" %}<br><span class="meta">{{ v.editor_comment|truncate:120 }}</span>{% endif %}</td>
        <td>{{ v.updated_at|row_date:"Y-m-d H:i" }}</td>
      </tr>
    """  # noqa: E501
ROUND = """
      <tr><td><a href="{% row_url 'review-claim' r.claim_id %}">{{ r.claim.text|truncate:110 }}</a></td><td>{{ r.round }} of 2</td>
        <td>{{ r.get_rating_display|default:"—" }}</td><td>{{ r.get_status_display }}{% if r.submitted_at %} {{ r.submitted_at|row_date:"Y-m-d H:i" }}{% endif %}</td></tr>
    """  # noqa: E501
PAST = """
      <tr><td>{{ a.claim.text|truncate:110 }}</td><td>{{ a.started_at|row_date:"Y-m-d H:i" }}</td><td>{{ a.ended_at|row_date:"Y-m-d H:i"|default:"—" }}</td>
        <td>{{ a.get_outcome_display }}{% if a.reason %} <span class="meta">— {{ a.reason|truncate:80 }}</span>{% endif %}</td></tr>
    """  # noqa: E501

TEXTS = ["Tax receipts rose by 470,000 euros.", "A <b>bold</b> & \"quoted\" claim's text " * 6,
         "Die Steuereinnahmen stiegen um 470.000 Euro – überraschend. " * 3, "e\u0301" * 150]


def _work(reviewer, editor):
    now = timezone.now()
    for i, status in enumerate(["draft", "submitted", "returned", "approved", "published", "returned"]):
        decided_verdict(status, claim=ClaimFactory(text=TEXTS[i % 4]), reviewer=reviewer, editor=editor,
                        rating="" if i == 0 else "false", editor_comment=TEXTS[(i + 1) % 4] if i % 2 else "")
    for i, outcome in enumerate(["released", "expired", "submitted", "reassigned", "released"]):
        claim = ClaimFactory(text=TEXTS[i % 4], status="queued")
        item = QueueItemFactory(claim=claim, status=QueueItem.Status.QUEUED)
        Assignment.objects.create(queue_item=item, claim=claim, reviewer=reviewer, outcome=outcome,
                                  lease_expires_at=now, ended_at=None if i == 4 else now - dt.timedelta(hours=i),
                                  reason=TEXTS[(i + 2) % 4] if i % 2 else "")
    for i in range(3):
        claim = ClaimFactory(text=TEXTS[i], status="queued")
        QueueItemFactory(claim=claim, status=QueueItem.Status.QUEUED, rounds_required=2)
        IndependentReview.objects.create(claim=claim, reviewer=reviewer, round=1 + i % 2,
                                         rating="" if i == 0 else "true",
                                         submitted_at=None if i == 0 else now - dt.timedelta(days=i))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kathmandu", "America/St_Johns"])
def test_work_rows_write_what_the_template_wrote(reviewer, editor, zone):
    _work(reviewer, editor)
    django = engines["django"]
    with override(zone):
        work = selectors.my_work(reviewer)
        assert len(work.verdicts) == 6 and len(work.past) == 5 and len(work.rounds) == 3
        for loop, name, rows, row in [("v", "work.verdicts", work.verdicts, verdict_row),
                                      ("r", "work.rounds", work.rounds, round_row),
                                      ("a", "work.past", work.past, past_row)]:
            body = {"v": VERDICT, "r": ROUND, "a": PAST}[loop]
            want = django.from_string("{% load rows %}{% for " + loop + " in rows %}" + body + "{% endfor %}")
            assert "".join(row(x) for x in rows) == want.render({"rows": rows}), name


def test_my_work_page_shows_the_rows(client, reviewer, editor):
    _work(reviewer, editor)
    client.force_login(reviewer)
    body = client.get("/review/mine/").content.decode()
    assert body.count('class="verdict-row') == 6
    assert 'id="my-rounds"' in body and body.count(" of 2</td>") == 3
    assert "Nothing yet." not in body and "No verdicts yet." not in body
