"""Storing what extraction finds: idempotent, never losing reviewed claims."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims.models import Article, Claim
from claims.services import ingest_article, run_extraction
from reviewers.models import QueueItem, Verdict
from tests.conftest import REPO
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED = (REPO / "seeds" / "syria-shaaban-russian-withdrawal.txt").read_text(encoding="utf-8")


def _article(body: str = SEED) -> Article:
    return ingest_article(title="Shaaban", body=body, source="Press TV", extract=False).article


def test_extraction_stores_exact_spans_and_queues_checkworthy_claims(settings):
    article = _article()
    stats = run_extraction(article.pk)
    article.refresh_from_db()
    claims = list(article.claims.all())
    assert article.status == Article.Status.EXTRACTED and article.extractor_version
    assert stats.created == len(claims) > 0
    for claim in claims:
        assert article.body[claim.sentence_start : claim.sentence_end] == claim.sentence
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end
    over = sorted((c for c in claims if c.score >= settings.QUEUE_SCORE_THRESHOLD), key=lambda c: (-c.score, c.pk))
    queued = {c.pk for c in over[: settings.QUEUE_MAX_PER_ARTICLE]}
    assert 0 < len(queued) <= settings.QUEUE_MAX_PER_ARTICLE < len(claims)
    assert set(QueueItem.objects.values_list("claim_id", flat=True)) == queued
    assert all(c.status == Claim.Status.QUEUED for c in claims if c.pk in queued)


def test_rerunning_extraction_updates_in_place():
    article = _article()
    run_extraction(article.pk)
    before = dict(Claim.objects.values_list("fingerprint", "pk"))
    stats = run_extraction(article.pk)
    assert stats.created == 0 and stats.removed == 0
    assert dict(Claim.objects.values_list("fingerprint", "pk")) == before
    assert QueueItem.objects.count() == QueueItem.objects.values("claim").distinct().count()


def test_edited_article_keeps_reviewed_claim_and_flags_it():
    article = _article()
    run_extraction(article.pk)
    target = Claim.objects.filter(text__contains="470,000").first() or Claim.objects.order_by("-start").first()
    Verdict.objects.create(claim=target, reviewer=UserFactory(), rating="true", rationale="checked")
    Claim.objects.filter(pk=target.pk).update(status=Claim.Status.SUBMITTED)
    untouched = set(
        Claim.objects.filter(status=Claim.Status.EXTRACTED).exclude(pk=target.pk).values_list("pk", flat=True)
    )
    # The editor removes the sentence holding the reviewed claim.
    article.body = article.body[: target.sentence_start] + article.body[target.sentence_end :]
    article.save()
    run_extraction(article.pk)
    target.refresh_from_db()
    assert target.span_missing is True
    assert Verdict.objects.filter(claim=target).exists()
    # Unreviewed claims whose sentences remain are updated, not duplicated.
    fps = list(Claim.objects.filter(article=article, span_missing=False).values_list("fingerprint", flat=True))
    assert len(fps) == len(set(fps))
    assert untouched  # the seed has unreviewed claims too


def test_ingest_command_stores_and_extracts(tmp_path, capsys):
    path = tmp_path / "wire.txt"
    path.write_text("The health ministry said on Monday that 1,204 people were treated.\n", encoding="utf-8")
    call_command("ingest", str(path), "--title", "Wire", "--source", "Wire", "--published", "2024-05-07")
    out = capsys.readouterr().out
    article = Article.objects.get(title="Wire")
    assert f"stored as article {article.pk}" in out
    assert str(article.published) == "2024-05-07" and article.source.name == "Wire"


def test_ingest_command_refuses_one_title_or_url_for_several_files(tmp_path):
    """--title / --url name one article: given with several files they labelled every one of them."""
    from django.core.management.base import CommandError

    paths = []
    for n in (1, 2):
        path = tmp_path / f"wire{n}.txt"
        path.write_text(f"The ministry said {n},204 people were treated.\n", encoding="utf-8")
        paths.append(str(path))
    for option in (["--title", "Wire"], ["--url", "https://news.example/wire"]):
        with pytest.raises(CommandError, match=f"{option[0]} describe one article"):
            call_command("ingest", *paths, *option)
    assert Article.objects.count() == 0
    call_command("ingest", *paths, "--source", "Wire", "--published", "2024-05-07")  # shared options still apply
    assert Article.objects.filter(source__name="Wire").count() == 2


def test_ingest_command_refuses_invalid_utf8_without_storing(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 1,200 people")
    with pytest.raises(CommandError):
        call_command("ingest", str(bad))
    assert Article.objects.count() == 0
