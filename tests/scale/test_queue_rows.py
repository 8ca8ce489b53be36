"""The queue page's rows written in Python (reviewers.queue_rows) are the bytes the template wrote:
the row as it was in templates/reviewers/queue.html is kept here as the reference and rendered
beside ``queue_row`` for every kind of row (issue 15, seventh round)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.timezone import override

from claims.models import Claim
from reviewers import selectors
from reviewers.models import QueueItem
from reviewers.queue_rows import queue_row
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

pytestmark = pytest.mark.django_db

#: the loop body of the queue table before the rows moved to Python (templates/reviewers/queue.html)
REFERENCE = """{% load rows %}{% load l10n %}{% localize off %}{% for item in page %}
    <tr id="item-{{ item.pk }}" class="status-{{ item.status }}{% if not item.is_open %} readonly{% endif %}">
      <td class="select-col">{% if item.is_open %}<input type="checkbox" name="ids" value="{{ item.pk }}" id="sel-{{ item.pk }}" class="row-select" aria-labelledby="sel-label-{{ item.pk }} claim-link-{{ item.pk }}"><span class="sr-only" id="sel-label-{{ item.pk }}">Select</span>{% else %}<span class="readonly-mark" title="{{ item.get_status_display }}: read-only"><svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg><span class="sr-only">Read-only</span></span>{% endif %}</td>
      <td><a href="{% row_url 'claim-detail' item.claim_id %}" id="claim-link-{{ item.pk }}">{{ item.claim.text|truncate:120 }}</a>
        <br><span class="meta"><span class="kind">{{ item.claim.get_kind_display }}</span> {{ item.claim.article.title|truncate:60 }} · {{ item.get_origin_display|lower }}</span></td>
      <td class="num">{{ item.claim.score|floatformat:2 }}</td>
      <td><time datetime="{{ item.enqueued_at|date:'c' }}" title="queued {{ item.enqueued_at|row_date:'Y-m-d H:i' }}">{{ item.enqueued_at|timesince }}</time></td>
      <td><span class="badge status-{{ item.status }}">{{ item.get_status_display }}</span>{% if item.shown_assignee %}<br><span class="meta">{{ item.shown_assignee.username }} until {{ item.lease_expires_at|time:"H:i" }}</span>{% elif item.assigned_to_id %}<br><span class="meta">hidden (blind review) until {{ item.lease_expires_at|time:"H:i" }}</span>{% endif %}{% if item.rounds_required == 2 %}<br><span class="meta blind-round">blind review{% if item.status != "done" %}, round {{ item.review_round }} of 2{% endif %}</span>{% endif %}</td>
      <td class="num">{{ item.priority }}</td>
    </tr>
  {% endfor %}{% endlocalize %}"""  # noqa: E501


def _items(reviewer, reviewer2):
    now = timezone.now()
    texts = ["Tax receipts rose by 470,000 euros.", "A <b>bold</b> & \"quoted\" claim's text " * 6,
             "Die Steuereinnahmen stiegen um 470.000 Euro, sagte der Minister – überraschend. " * 3,
             "e\u0301" * 150]
    rows = []
    for i, (status, assignee, rounds, origin) in enumerate([
        ("queued", None, 1, "auto"), ("assigned", reviewer, 1, "manual"), ("assigned", reviewer2, 2, "auto"),
        ("done", None, 1, "auto"), ("removed", None, 2, "manual"), ("done", None, 2, "auto"),
        ("queued", None, 2, "auto"),
    ]):
        article = ArticleFactory(title=texts[i % len(texts)][:200])
        claim = ClaimFactory(article=article, text=texts[(i + 1) % len(texts)], score=[0.9, 0.125, 0.5, 1 / 3][i % 4],
                             kind=Claim.Kind.values[i % len(Claim.Kind.values)])
        item = QueueItemFactory(claim=claim, status=status, assigned_to=assignee, rounds_required=rounds,
                                origin=origin, priority=[500, -3, 1200][i % 3], review_round=1 + i % 2,
                                lease_expires_at=now + dt.timedelta(minutes=17) if assignee else None)
        QueueItem.objects.filter(pk=item.pk).update(enqueued_at=now - dt.timedelta(days=i * 3, minutes=7 * i))
        rows.append(item.pk)
    return rows


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kathmandu", "America/St_Johns"])
def test_queue_row_writes_what_the_template_wrote(reviewer, reviewer2, editor, zone):
    _items(reviewer, reviewer2)
    template = engines["django"].from_string(REFERENCE)
    for user in (editor, reviewer):  # a reviewer sees their own lease named, the other's hidden while blind
        with override(zone):
            items = list(selectors.queue_overview({"status": "all"}, user).items.order_by(*selectors.QUEUE_ORDER))
            for item in items:
                item.shown_assignee = selectors.shown_assignee(user, item)
            assert len(items) == 7
            want = template.render({"page": items})
            got = "".join(queue_row(item) for item in items)
        assert got == want


def test_queue_page_shows_the_rows(client, reviewer, reviewer2, editor):
    ids = _items(reviewer, reviewer2)
    client.force_login(editor)
    body = client.get("/review/queue/?status=all").content.decode()
    for pk in ids:
        assert f'<tr id="item-{pk}"' in body
    assert body.count('class="row-select"') == 4  # the open rows only (queued, assigned)
    assert "Nothing matches." not in body
    assert "Nothing matches." in client.get("/review/queue/?article=999999").content.decode()
