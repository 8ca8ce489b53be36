"""A claim and its contradiction share every content word once negation is dropped with the stopwords
("Vaccines do not cause autism" / "Vaccines cause autism"), or differ only in the direction of the action
("send" / "withdraw" troops): such pairs are never linked automatically, only suggested to an editor."""

from __future__ import annotations

import pytest

from claims.linking import link_new_claims
from claims.linking.scoring import contradicts, decide
from claims.linking.tokens import content_tokens
from claims.models import ClaimGroup, ClaimLink
from tests.factories import claim_with_text

CONTRADICTIONS = [
    ("Vaccines do not cause autism.", "Vaccines cause autism."),
    ("The minister never signed the contract with the port operator.",
     "The minister signed the contract with the port operator."),
    ("The US will send 3,000 troops to Poland.", "The US will withdraw 3,000 troops from Poland."),
    ("Youth unemployment in the northern region rose to 7.5% in March, the statistics office said.",
     "Youth unemployment in the northern region fell to 7.5% in March, the statistics office said."),
    ("The council approved the $5m budget for the harbour.", "The council rejected the $5m budget for the harbour."),
]
RESTATEMENTS = [
    ("The city has no money for new schools.", "The city has no money to build new schools."),
    ('Putin announced that "the main part" of the Russian forces would start to withdraw from Syria.',
     "Putin said the main part of Russia's troops would begin withdrawing from Syria."),
]


def _decision(a: str, b: str) -> tuple[bool, str | None]:
    ta, tb = content_tokens(a), content_tokens(b)
    flag = contradicts(a, b, ta, tb)
    return flag, decide(ta, tb, flag)[1]


@pytest.mark.parametrize(("a", "b"), CONTRADICTIONS)
def test_a_contradiction_is_at_most_suggested(a, b):
    assert decide(content_tokens(a), content_tokens(b))[1] == ClaimLink.Status.AUTO  # words alone would link it
    assert _decision(a, b) == (True, ClaimLink.Status.SUGGESTED)
    assert _decision(b, a) == (True, ClaimLink.Status.SUGGESTED)


@pytest.mark.parametrize(("a", "b"), RESTATEMENTS)
def test_a_restatement_with_the_same_polarity_still_links_automatically(a, b):
    assert _decision(a, b) == (False, ClaimLink.Status.AUTO)


@pytest.mark.django_db
def test_linking_suggests_a_negated_restatement_and_groups_nothing():
    a = claim_with_text("Vaccines do not cause autism, the health ministry's review of 40 studies found.")
    b = claim_with_text("Vaccines cause autism, the health ministry's review of 40 studies found.")
    link_new_claims([a.pk, b.pk])
    link = ClaimLink.objects.get(claim_id=min(a.pk, b.pk), other_id=max(a.pk, b.pk))
    assert link.status == ClaimLink.Status.SUGGESTED
    assert not ClaimGroup.objects.exists()
