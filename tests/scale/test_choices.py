"""factcheck.choices.ChoiceLabels: ``get_FOO_display()`` gives what Django's own method gives, for
every choice field of the models that use it (issue 15: the dict is built once per field)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import models
from django.test import override_settings

from claims.models import Article, Claim, ClaimLink
from factcheck.choices import ChoiceLabels
from reviewers.models import Assignment, EvidenceLink, IndependentReview, QueueItem, Verdict

MODELS = [QueueItem, Assignment, Verdict, EvidenceLink, IndependentReview, Article, Claim, ClaimLink]


def _djangos(instance: models.Model, field: models.Field) -> object:
    return models.Model._get_FIELD_display(instance, field)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_choice_field_shows_djangos_label(model):
    assert issubclass(model, ChoiceLabels)
    fields = [f for f in model._meta.concrete_fields if f.choices]
    assert fields
    for field in fields:
        display = f"get_{field.name}_display"
        for value in [*(v for v, _label in field.flatchoices), "not-a-choice", "", None, 999]:
            instance = model()
            setattr(instance, field.attname, value)
            assert getattr(instance, display)() == _djangos(instance, field), (model, field.name, value)


def test_labels_are_the_choices_not_the_values():
    assert QueueItem(status=QueueItem.Status.ASSIGNED).get_status_display() == "Assigned"
    assert QueueItem(status="assigned").get_status_display() == "Assigned"
    assert QueueItem(status="gone").get_status_display() == "gone"  # an unknown value shows as itself


def test_callable_choices_follow_the_settings():
    slug, label, _value = settings.VERDICT_SCALE[0]
    review = IndependentReview(rating=slug)
    assert review.get_rating_display() == label
    with override_settings(VERDICT_SCALE=[(slug, "Renamed", 0), *settings.VERDICT_SCALE[1:]]):
        assert review.get_rating_display() == "Renamed"
    assert review.get_rating_display() == label


def test_unhashable_value_goes_through_django():
    item = QueueItem()
    item.status = ["queued"]  # never stored like this; Django makes it hashable and shows it as text
    assert item.get_status_display() == _djangos(item, QueueItem._meta.get_field("status")) == "['queued']"
