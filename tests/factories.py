"""factory_boy factories shared by all tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, ClaimGroup, Source
from reviewers.models import EvidenceLink, QueueItem, Verdict


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def _save_password(obj, create: bool, extracted, **kwargs) -> None:  # noqa: N805
        if create:
            obj.save(update_fields=["password"])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: f"Officials said {n + 10} people were hurt on Monday. The ministry announced {n + 3} new schools."
    )
    published = factory.Faker("date_between", start_date="-2y", end_date="today")
    status = Article.Status.EXTRACTED


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim whose span is the article body's first sentence."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: o.article.body.find(".") + 1 or len(o.article.body))
    sentence_start = factory.SelfAttribute("start")
    sentence_end = factory.SelfAttribute("end")
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.end])
    sentence = factory.SelfAttribute("text")
    kind = Claim.Kind.STATISTIC
    speaker = "Officials"
    score = 0.9
    fingerprint = factory.Sequence(lambda n: f"fp{n:08d}")
    status = Claim.Status.EXTRACTED


class ClaimGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimGroup


class QueueItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueItem

    claim = factory.SubFactory(ClaimFactory, status=Claim.Status.QUEUED)
    priority = 500


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory)
    rating = "false"
    rationale = "Official figures contradict it."
    status = Verdict.Status.DRAFT


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    title = "Evidence page"
    quote = "The figure was 12, not 120."
    stance = EvidenceLink.Stance.REFUTES


# --- linking (claims.linking) ---------------------------------------------------------------

def claim_with_text(text: str, article=None, **article_kwargs) -> Claim:
    """A claim whose text is ``text``, as the whole body of a new article (or appended to ``article``)."""
    if article is None:
        return ClaimFactory(article=ArticleFactory(body=text, **article_kwargs), end=len(text))
    start = len(article.body) + 1
    article.body = f"{article.body} {text}"
    article.save()
    return ClaimFactory(article=article, start=start, end=start + len(text), text=text)


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "claims.ClaimLink"

    claim = factory.SubFactory(ClaimFactory)
    other = factory.SubFactory(ClaimFactory)
    similarity = 0.45
    method = "test"
    status = "suggested"


# --- API and exports (tests/api, tests/exports) -----------------------------------------------


def decided_verdict(status: str = "published", *, claim=None, reviewer=None, editor=None, rating: str = "false",
                    when=None, **kwargs) -> Verdict:
    """A verdict already approved or published (or in any other status), with its timestamps set."""
    import datetime as dt

    from django.utils import timezone

    when = when or timezone.now() - dt.timedelta(days=1)
    values = {"submitted_at": when - dt.timedelta(hours=2)} if status != Verdict.Status.DRAFT else {}
    if status in (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED):
        values["approved_at"] = when - dt.timedelta(hours=1)
    if status == Verdict.Status.PUBLISHED:
        values["published_at"] = when
    values.update(kwargs)
    extra = {"claim": claim} if claim is not None else {}
    if reviewer is not None:
        extra["reviewer"] = reviewer
    return VerdictFactory(status=status, rating=rating, editor=editor, **extra, **values)


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exports.ExportJob"

    format = "csv"
    filters = factory.LazyFunction(dict)
