"""The links page's rows written in Python (claims.link_rows) are the bytes the template wrote: the
row as it was in templates/claims/links/suggestions.html, with its _claim_cell.html include inlined
(an include renders its template in the same context), is kept here as the reference and rendered
beside ``suggestion_row`` (issue 15, seventh round)."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils.timezone import override

from claims.link_rows import suggestion_row
from claims.linking.selectors import pending_suggestions
from claims.models import Source
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory

pytestmark = pytest.mark.django_db

ROW = """{% load rows %}{% load l10n %}{% localize off %}{% for link in page %}
    <tr id="link-{{ link.pk }}" data-link-id="{{ link.pk }}">
      {% with claim=link.claim %}<td>
  <blockquote class="claim-text">{{ claim.text }}</blockquote>
  <p class="meta">{{ claim.speaker|default:"unattributed" }} ·
    <a href="{% row_url 'article-detail' claim.article_id %}">{{ claim.article.title }}</a> ·
    {{ claim.article.source|default:"unknown source" }} · {{ claim.article.published|row_date:"Y-m-d"|default:"undated" }}</p>
</td>
{% endwith %}
      {% with claim=link.other %}<td>
  <blockquote class="claim-text">{{ claim.text }}</blockquote>
  <p class="meta">{{ claim.speaker|default:"unattributed" }} ·
    <a href="{% row_url 'article-detail' claim.article_id %}">{{ claim.article.title }}</a> ·
    {{ claim.article.source|default:"unknown source" }} · {{ claim.article.published|row_date:"Y-m-d"|default:"undated" }}</p>
</td>
{% endwith %}
      <td>{{ link.similarity|floatformat:2 }}</td>
      <td>{{ link.found_by }}{% if link.cosine is not None %}<br><span class="meta">cosine {{ link.cosine|floatformat:2 }}</span>{% endif %}</td>
      <td>
        <form method="post" action="{% row_url 'link-confirm' link.pk %}" hx-post="{% row_url 'link-confirm' link.pk %}" hx-target="#link-{{ link.pk }}" hx-swap="outerHTML">{% csrf_token %}
          <button type="submit">Confirm</button>
        </form>
        <form method="post" action="{% row_url 'link-reject' link.pk %}" hx-post="{% row_url 'link-reject' link.pk %}" hx-target="#link-{{ link.pk }}" hx-swap="outerHTML">{% csrf_token %}
          <button type="submit" class="secondary">Reject</button>
        </form>
      </td>
    </tr>
  {% endfor %}{% endlocalize %}"""  # noqa: E501


def _links():
    source = Source.objects.create(name="The <Courier> & Co")
    texts = ["Tax receipts rose by 470,000 euros.", "A <b>bold</b> & \"quoted\" claim's text",
             "Die Steuereinnahmen stiegen um 470.000 Euro – überraschend."]
    for i in range(6):
        a = ArticleFactory(title=texts[i % 3][:60], source=source if i % 2 else None,
                           published=None if i == 3 else f"2026-0{1 + i}-1{i}")
        b = ArticleFactory(title=f"Other {i}")
        ClaimLinkFactory(claim=ClaimFactory(article=a, text=texts[(i + 1) % 3], speaker="" if i % 3 else "Novak"),
                         other=ClaimFactory(article=b), similarity=[0.45, 0.333333, 0.9999][i % 3],
                         method=["words", "minilm-l6", "words+minilm"][i % 3], cosine=None if i % 2 else 0.876543)


def test_suggestion_row_writes_what_the_template_wrote():
    token = "abcDEF123"
    _links()
    links = list(pending_suggestions())
    assert len(links) == 6
    with override("Asia/Kathmandu"):
        want = engines["django"].from_string(ROW).render({"page": links, "csrf_token": token})
        got = "".join(suggestion_row(link, token) for link in links)
    assert got == want


def test_no_token_no_field():  # {% csrf_token %} without a token (or "NOTPROVIDED") writes nothing
    from claims.link_rows import _csrf_field

    assert _csrf_field("") == "" and _csrf_field("NOTPROVIDED") == ""


def test_links_page_forms_carry_the_page_token(client, editor):
    import re

    _links()
    client.force_login(editor)
    body = client.get("/links/").content.decode()
    assert body.count('<tr id="link-') == 6 and body.count('name="csrfmiddlewaretoken"') == 2 * 6 + 1
    assert len(set(re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', body))) == 1
