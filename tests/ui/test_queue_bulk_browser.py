"""The queue in a browser: tick rows, act once, confirm; done rows cannot be ticked; the rows stay
one line or two high (no per-row forms); no axe violations on the queue or the confirmation."""

from __future__ import annotations

import pytest

from claims.models import Claim
from reviewers.models import QueueItem
from tests.factories import ClaimFactory, QueueItemFactory
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_queue_bulk_priority_with_confirmation(live_server, page, offsite, editor, reviewer):
    texts = ["The council built 40 homes in 2023.", "Unemployment fell to 3.1 percent in May.",
             "Over 470,000 people died in the conflict.", "Rents rose 12 percent last year."]
    items = [QueueItemFactory(priority=100 * (n + 1), claim=ClaimFactory(text=t, status=Claim.Status.QUEUED,
                                                                         score=0.5 + n / 10))
             for n, t in enumerate(texts)]
    done = QueueItemFactory(priority=999, status=QueueItem.Status.DONE,
                            claim=ClaimFactory(text="Already checked claim.", status=Claim.Status.PUBLISHED))
    base = live_server.url
    login(page, base, editor.username)
    page.goto(f"{base}/review/queue/?status=all")
    assert page.locator("table.queue form").count() == 0
    assert page.locator("#bulk-to").input_value() == ""  # no assignee chosen in advance
    assert page.locator(f"#item-{done.pk} input[type=checkbox]").count() == 0
    row_heights = [page.locator(f"#item-{i.pk}").bounding_box()["height"] for i in items]
    assert max(row_heights) < 80, row_heights
    assert "0.80" in page.locator(f"#item-{items[3].pk}").inner_text()  # the score column

    page.get_by_label("Select every changeable row on this page").check()
    assert page.locator("#selected-count").inner_text() == "4"
    page.get_by_label("Select every changeable row on this page").uncheck()
    page.get_by_role("checkbox", name=f"Select {texts[0]}").check()
    page.get_by_role("checkbox", name=f"Select {texts[2]}").check()
    assert page.locator("#selected-count").inner_text() == "2"
    page.get_by_label("New priority").fill("950")
    assert_no_axe_violations(page, "queue")
    shot(page, "queue-bulk-selection")
    page.get_by_role("button", name="Set priority…").click()

    page.wait_for_url("**/review/queue/bulk/")
    assert page.get_by_role("heading", name="Confirm: set priority to 950").is_visible()
    assert "2 of 2 selected rows will change" in page.locator("#confirm-summary").inner_text()
    assert "Priority 100 → 950." in page.locator(f"#confirm-{items[0].pk}").inner_text()
    assert list(QueueItem.objects.filter(pk__in=[items[0].pk, items[2].pk]).values_list("priority", flat=True)
                .order_by("pk")) == [100, 300]  # nothing changed before confirming
    assert_no_axe_violations(page, "queue bulk confirmation")
    shot(page, "queue-bulk-confirm")
    page.get_by_role("button", name="Confirm: set priority (2 rows)").click()

    page.wait_for_url("**/review/queue/?status=all")
    assert "Priority changed on 2 rows." in page.locator(".messages").inner_text()
    assert list(QueueItem.objects.filter(pk__in=[items[0].pk, items[2].pk]).values_list("priority", flat=True)
                .order_by("pk")) == [950, 950]
    assert page.locator(f"#item-{items[0].pk} td.num").last.inner_text() == "950"
    shot(page, "queue-after-bulk")
    assert offsite == []
