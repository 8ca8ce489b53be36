"""Writes of cross-article linking: index new claims, link them, join groups, editors' decisions.

Decisions: ``>= SUGGEST_THRESHOLD`` -> ClaimLink ``suggested`` for editors (`confirm_link`,
`reject_link`, permission ``claims.change_claimlink``); ``>= AUTO_THRESHOLD`` *and* a close
restatement (see `scoring.score_pair`) -> ``auto``, and both claims join one ClaimGroup. At most
``MAX_LINKS`` links per new claim, best first. Links an editor decided (confirmed / rejected) are
never changed by re-running linking.

Semantic candidates: the sentence-embedding index (integrations, every claim, checked or not)
answers ``signals.semantic_candidates``. A pair it finds at cosine ``>= SEMANTIC_SUGGEST_THRESHOLD``
that the lexical index did not link becomes ``suggested`` (method ``SEMANTIC_METHOD``, similarity =
cosine), never ``auto``, and not at all when ``scoring.contradicts`` says the two contradict (MiniLM
scores antonyms high). A pair both found keeps its lexical decision and records the cosine. No
receiver, no model, or a failing receiver: lexical only, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.utils import timezone

from factcheck.errors import LinkAlreadyDecided

from ..models import Claim, ClaimGroup, ClaimLink
from ..signals import claims_grouped, semantic_candidates
from . import params
from .scoring import contradicts, decide
from .signatures import candidate_ids, store_signatures
from .tokens import content_tokens

DECIDE_PERM = "claims.change_claimlink"
BOTH_METHODS = f"{params.METHOD}+minilm"

log = logging.getLogger(__name__)


@dataclass
class _Match:
    a: int
    b: int
    score: float
    status: str
    method: str = params.METHOD
    cosine: float | None = None


class _Retry(Exception):
    pass


def link_new_claims(claim_ids: Iterable[int]) -> int:
    """Index these claims and link them to matching claims in other articles.

    Returns the number of links created. Idempotent: running it again creates no duplicate
    signatures or links, and never touches a link an editor confirmed or rejected.
    """
    ids = sorted(set(int(i) for i in claim_ids))
    created = 0
    for start in range(0, len(ids), params.BATCH):
        created += _link_batch(ids[start : start + params.BATCH])
    return created


def _link_batch(ids: list[int]) -> int:
    claims = list(Claim.objects.filter(pk__in=ids).only("id", "text", "article_id"))
    if not claims:
        return 0
    tokens = store_signatures(claims)
    cands: dict[int, list[int]] = {}
    for claim in claims:
        counts = candidate_ids(claim.pk)
        cands[claim.pk] = [cid for cid, _hits in counts.most_common(params.MAX_VERIFY)]
    other_ids = {cid for lst in cands.values() for cid in lst} - set(tokens)
    others = {
        c.pk: c for c in Claim.objects.filter(pk__in=list(other_ids)).only("id", "text", "article_id")
    }
    for c in claims:
        others[c.pk] = c
    for pk in other_ids:
        if pk in others:
            tokens[pk] = content_tokens(others[pk].text)
    semantic = _semantic_candidates(claims)
    sem_ids = {cid for found in semantic.values() for cid in found} - set(others)
    others.update({c.pk: c for c in Claim.objects.filter(pk__in=list(sem_ids)).only("id", "text", "article_id")})
    matches: dict[tuple[int, int], _Match] = {}
    for claim in claims:
        cosines = semantic.get(claim.pk, {})
        found: list[_Match] = []
        for cid in cands[claim.pk]:
            other = others.get(cid)
            if other is None or other.article_id == claim.article_id:
                continue
            score, status = decide(tokens[claim.pk], tokens[cid],
                                   contradicts(claim.text, other.text, tokens[claim.pk], tokens[cid]))
            if status is not None:
                cos = cosines.get(cid)
                found.append(_Match(min(claim.pk, cid), max(claim.pk, cid), score, status,
                                    BOTH_METHODS if cos is not None else params.METHOD, cos))
        linked = {m.a if m.b == claim.pk else m.b for m in found}
        for cid, cos in cosines.items():
            other = others.get(cid)
            if cid in linked or other is None or other.article_id == claim.article_id:
                continue
            if cos < params.SEMANTIC_SUGGEST_THRESHOLD:
                continue
            if cid not in tokens:
                tokens[cid] = content_tokens(other.text)
            # never auto, whatever the cosine; a contradiction (negation, opposite actions) not at all:
            # the embeddings score "send troops" / "withdraw troops" as paraphrases
            if not contradicts(claim.text, other.text, tokens[claim.pk], tokens[cid]):
                found.append(_Match(min(claim.pk, cid), max(claim.pk, cid), cos, ClaimLink.Status.SUGGESTED,
                                    params.SEMANTIC_METHOD, cos))
        found.sort(key=lambda m: (-m.score, m.a, m.b))
        for m in found[: params.MAX_LINKS]:
            matches.setdefault((m.a, m.b), m)
    return _write_links(list(matches.values()))


def _semantic_candidates(claims: list[Claim]) -> dict[int, dict[int, float]]:
    """{claim_id: {other_id: cosine}} from the receivers of ``semantic_candidates`` (integrations)."""
    out: dict[int, dict[int, float]] = {}
    items = [(c.pk, c.text) for c in claims]
    for receiver, answer in semantic_candidates.send_robust(sender=Claim, claims=items):
        if isinstance(answer, Exception):
            log.warning("semantic candidates from %r failed, linking lexically: %r", receiver, answer)
            continue
        for cid, found in (answer or {}).items():
            for other, cos in found:
                out.setdefault(int(cid), {})[int(other)] = float(cos)
    return out


_UNDECIDED = (ClaimLink.Status.AUTO, ClaimLink.Status.SUGGESTED)


def _write_links(matches: list[_Match]) -> int:
    if not matches:
        return 0
    existing = {
        (link.claim_id, link.other_id): link
        for link in ClaimLink.objects.filter(
            claim_id__in={m.a for m in matches}, other_id__in={m.b for m in matches}
        )
    }
    joins: list[tuple[int, int]] = []
    new_links: list[ClaimLink] = []
    for m in matches:
        status = m.status
        link = existing.get((m.a, m.b))
        if link is None:
            new_links.append(
                ClaimLink(claim_id=m.a, other_id=m.b, similarity=m.score, method=m.method, cosine=m.cosine,
                          status=status)
            )
            if status == ClaimLink.Status.AUTO:
                joins.append((m.a, m.b))
        elif link.status in (ClaimLink.Status.AUTO, ClaimLink.Status.SUGGESTED):
            # Undecided links follow the current score (after a threshold change); decided ones never move.
            if link.status != status or abs(link.similarity - m.score) > 1e-6 or link.method != m.method:
                ClaimLink.objects.filter(pk=link.pk, status__in=_UNDECIDED).update(
                    status=status, similarity=m.score, method=m.method, cosine=m.cosine
                )
            if status == ClaimLink.Status.AUTO:
                joins.append((m.a, m.b))
    # A concurrent run may have written the same pair meanwhile: the unique constraint keeps one.
    ClaimLink.objects.bulk_create(new_links, batch_size=500, ignore_conflicts=True)
    created = len(new_links)
    if joins:
        # Join only pairs still linked automatically (an editor may have rejected one meanwhile).
        still = set(
            ClaimLink.objects.filter(
                claim_id__in={a for a, _ in joins}, other_id__in={b for _, b in joins}, status=ClaimLink.Status.AUTO
            ).values_list("claim_id", "other_id")
        )
        for a, b in joins:
            if (a, b) in still:
                join_groups(a, b)
    return created


def join_groups(a_id: int, b_id: int) -> int:
    """Put two claims in one ClaimGroup, merging their groups. Returns the group id.

    Locks are taken groups first (by id), then claims (by id); if a concurrent merge moved a
    claim to another group in between, the transaction is rolled back and retried.
    """
    for attempt in range(8):
        try:
            with transaction.atomic():
                return _join_once(a_id, b_id)
        except _Retry:
            continue
        except OperationalError:  # deadlock detected / database locked: retry a few times
            if attempt >= 7:
                raise
    raise RuntimeError(f"could not merge the groups of claims {a_id} and {b_id}")


def _join_once(a_id: int, b_id: int) -> int:
    seen = dict(Claim.objects.filter(pk__in=[a_id, b_id]).values_list("pk", "group_id"))
    gids = sorted({g for g in seen.values() if g})
    groups = list(ClaimGroup.objects.select_for_update().filter(pk__in=gids).order_by("pk"))
    if len(groups) != len(gids):
        raise _Retry
    locked = dict(
        Claim.objects.select_for_update().filter(pk__in=[a_id, b_id]).order_by("pk").values_list("pk", "group_id")
    )
    if locked != seen:
        raise _Retry
    if not gids:
        first = Claim.objects.only("text").get(pk=min(a_id, b_id))
        group = ClaimGroup.objects.create(label=first.text[:500])
        Claim.objects.filter(pk__in=[a_id, b_id]).update(group=group)
        winner = group.pk
    else:
        winner = gids[0]
        losers = gids[1:]
        if losers:
            Claim.objects.filter(group_id__in=losers).update(group_id=winner)
            ClaimGroup.objects.filter(pk__in=losers).delete()
        Claim.objects.filter(pk__in=[a_id, b_id]).exclude(group_id=winner).update(group_id=winner)
    claims_grouped.send(sender=ClaimGroup, group_id=winner)  # reviewers marks "previously checked"
    return winner


def confirm_link(link_id: int, editor: Any) -> ClaimLink:
    """An editor confirms a link: status confirmed, the two claims' groups merged."""
    return _decide(link_id, editor, ClaimLink.Status.CONFIRMED)


def reject_link(link_id: int, editor: Any) -> ClaimLink:
    """An editor rejects a link: status rejected; re-running linking never suggests it again."""
    return _decide(link_id, editor, ClaimLink.Status.REJECTED)


def _decide(link_id: int, editor: Any, status: str) -> ClaimLink:
    if editor is None or not getattr(editor, "is_authenticated", False) or not editor.has_perm(DECIDE_PERM):
        raise PermissionDenied("You are not allowed to confirm or reject links between claims.")
    with transaction.atomic():
        link = ClaimLink.objects.select_for_update().get(pk=link_id)
        if link.status == status:
            return link  # idempotent: a double click does nothing more
        if link.status in (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED):
            raise LinkAlreadyDecided(f"link {link_id} is already {link.status}")
        link.status = status
        link.decided_by = editor
        link.decided_at = timezone.now()
        link.save(update_fields=["status", "decided_by", "decided_at"])
    if status == ClaimLink.Status.CONFIRMED:
        join_groups(link.claim_id, link.other_id)
    return link


def relink(all_claims: bool = False, batch: int = params.BATCH, progress=None) -> tuple[int, int]:
    """(Re)build signatures and links. Without ``all_claims`` only claims lacking signatures.

    Returns (claims processed, links created).
    """
    qs = Claim.objects.order_by("pk")
    if not all_claims:
        qs = qs.filter(signatures__isnull=True)
    done = created = 0
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            break
        created += link_new_claims(ids)
        done += len(ids)
        last = ids[-1]
        if progress:
            progress(done, created)
    return done, created
