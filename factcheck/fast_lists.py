"""``FastListSerializer``: DRF's list serialisation with the per-row machinery planned once per list.

A list page of the API (50 rows of 15-25 fields) spent most of its Python time in DRF's generic
path, per row and per field: ``Field.get_attribute`` (``inspect.signature`` on every callable
source such as ``get_rating_display``), ``_readable_fields``, and ``DateTimeField.enforce_timezone``
(which reads the current time zone from a context-local each time). Here each field is planned once
per list: where it reads its value, and how the value is turned into JSON. The output is the same
as DRF's (``tests/scale/test_fast_lists.py`` compares both on every list serializer):

- values are read by plain ``getattr`` along ``source_attrs``; a no-argument callable is called, as
  DRF does (whether it is one is decided once per function); anything unusual (a mapping, a missing
  attribute, a callable that fails, a field that overrides ``get_attribute``) goes through the
  field's own ``get_attribute``, so defaults, ``SkipField`` and errors are DRF's;
- ``None`` stays ``None`` (DRF skips ``to_representation`` for it, primary-key-only objects too);
- ``CharField``, ``IntegerField`` and ``FloatField`` (exactly those classes) convert with
  ``str`` / ``int`` / ``float``, as their ``to_representation`` does; ``DateTimeField`` in ISO 8601
  converts to the time zone read once per list; a primary-key related field reads the key column;
  nested serializers (one object, or a list of them) are planned once with the list; every other
  field calls its own ``to_representation`` (choices, JSON, method fields).

Use it with ``Meta.list_serializer_class = FastListSerializer``; a single object (``retrieve``) still
goes through DRF's ``Serializer.to_representation``. ``ModelFieldsOnce`` (a mixin before
``ModelSerializer``) builds a model serializer's fields once per class instead of once per request.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from rest_framework import fields as f
from rest_framework import relations, serializers
from rest_framework.settings import api_settings

_SIMPLE: dict[Any, bool] = {}  # function -> callable with no required argument (DRF's is_simple_callable)
_MAPPING: dict[type, bool] = {}  # type -> a Mapping (DRF reads those by key)
_SLOW = object()


def _simple_callable(value: Any) -> bool:
    """DRF's ``is_simple_callable``, remembered per function (it reads the signature)."""
    if inspect.ismethod(value):
        key = value.__func__
    elif inspect.isfunction(value):
        key = value
    else:  # partials, built-ins (DRF raises), other callables such as related managers: cheap
        return f.is_simple_callable(value)
    known = _SIMPLE.get(key)
    if known is None:
        known = _SIMPLE[key] = f.is_simple_callable(value)
    return known


def _is_mapping(value: Any) -> bool:
    kind = type(value)
    known = _MAPPING.get(kind)
    if known is None:
        known = _MAPPING[kind] = isinstance(value, Mapping)
    return known


def _chain(attrs: list[str]) -> Callable[[Any], Any]:
    """The value at ``attrs`` from an instance, as DRF's ``get_attribute`` reads it, or ``_SLOW``
    when DRF's own path must decide (a mapping, a missing attribute, a failing callable)."""

    def get(instance: Any) -> Any:
        value = instance
        for attr in attrs:
            if value is None or _is_mapping(value):
                return _SLOW
            try:
                value = getattr(value, attr)
            except ObjectDoesNotExist:
                return None
            except (AttributeError, KeyError):
                return _SLOW
            if callable(value) and _simple_callable(value):
                try:
                    value = value()
                except (AttributeError, KeyError):
                    return _SLOW
        return value

    return get


def _datetime(field: f.DateTimeField) -> Callable[[Any], Any] | None:
    fmt = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if type(field) is not f.DateTimeField or hasattr(field, "timezone") or fmt is None \
            or fmt.lower() != "iso-8601":
        return None
    tz = field.default_timezone()
    if tz is None:
        return None

    def convert(value: Any) -> Any:
        if type(value) is not datetime or value.utcoffset() is None:
            return field.to_representation(value)
        try:
            text = value.astimezone(tz).isoformat()
        except OverflowError:
            return field.to_representation(value)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


_PLAIN = {f.CharField: str, f.IntegerField: int, f.FloatField: float}


def _nested(field: Any) -> Callable[[Any], Any] | None:
    """Nested serializers planned once for the whole list: one object, or a fast list of them."""
    if isinstance(field, FastListSerializer):
        plan = _plan(field.child)
        return lambda v: [_row(plan, x) for x in (v.all() if isinstance(v, models.manager.BaseManager) else v)]
    if isinstance(field, serializers.Serializer) and \
            type(field).to_representation is serializers.Serializer.to_representation:
        plan = _plan(field)
        return lambda v: _row(plan, v)
    return None


_ATTNAME: dict[tuple[type, str], str] = {}  # (model, name) -> the column attribute serializable_value reads


def _key_value(obj: Any, name: str) -> Any:
    """``obj.serializable_value(name)`` (a related object's key column), the attribute name looked up
    once per model class instead of through ``_meta.get_field`` on every row."""
    kind = type(obj)
    attname = _ATTNAME.get((kind, name))
    if attname is None:
        if not isinstance(obj, models.Model):
            return obj.serializable_value(name)
        try:
            attname = kind._meta.get_field(name).attname
        except FieldDoesNotExist:
            attname = name
        _ATTNAME[(kind, name)] = attname
    return getattr(obj, attname)


def _method(field: f.Field) -> Callable[[Any], Any] | None:
    """A ``SerializerMethodField``'s method, looked up on the list's child once (DRF: every row)."""
    if type(field) is not f.SerializerMethodField:
        return None
    return getattr(field.parent, field.method_name)


# A plan entry: (key, the one attribute read from the row or None, the reader for other sources or
# None for the field's own get_attribute, the converter, the field). ``_SELF`` as the attribute: the
# row itself (source "*").
_SELF = "*"
Plan = list[tuple[str, str | None, Callable[[Any], Any] | None, Callable[[Any], Any], Any]]


def _plan(child: serializers.Serializer) -> Plan:
    plan: Plan = []
    for field in child._readable_fields:
        kind = type(field)
        if kind is relations.PrimaryKeyRelatedField and field.pk_field is None and len(field.source_attrs) == 1:
            attr = field.source_attrs[0]
            plan.append((field.field_name, None, lambda o, a=attr: _key_value(o, a), lambda v: v, field))
            continue
        if kind.get_attribute is not f.Field.get_attribute:
            plan.append((field.field_name, None, None, field.to_representation, field))
            continue
        convert = _PLAIN.get(kind) or _datetime(field) or _nested(field) or _method(field) or field.to_representation
        attrs = field.source_attrs
        one = attrs[0] if len(attrs) == 1 else _SELF if not attrs else None
        plan.append((field.field_name, one, _chain(attrs), convert, field))
    return plan


def _row(plan: Plan, item: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    # a row that is an object (not None, not a mapping): a field of one attribute is read here,
    # as _chain would read it, without a call per field
    direct = item is not None and not _is_mapping(item)
    for name, attr, get, convert, field in plan:
        if attr is None or not direct:
            value = _SLOW if get is None else get(item)
        elif attr is _SELF:
            value = item
        else:
            try:
                value = getattr(item, attr)
            except ObjectDoesNotExist:
                value = None
            except (AttributeError, KeyError):
                value = _SLOW
            else:
                if callable(value) and _simple_callable(value):
                    try:
                        value = value()
                    except (AttributeError, KeyError):
                        value = _SLOW
        if value is _SLOW:
            try:
                value = field.get_attribute(item)
            except f.SkipField:
                continue
            if isinstance(value, relations.PKOnlyObject) and value.pk is None:
                value = None
        row[name] = None if value is None else convert(value)
    return row


def fast_rows(child: serializers.Serializer, items: Iterable[Any]) -> list[dict[str, Any]]:
    """``[child.to_representation(item) for item in items]``, planned once."""
    plan = _plan(child)
    return [_row(plan, item) for item in items]


class ModelFieldsOnce:
    """For a ``ModelSerializer``: the fields ``get_fields`` builds from the model (each model
    field's kwargs read through DRF's field mapping: validators, lengths, choices) are built once
    per serializer class and deep-copied for each instance, as DRF itself copies the declared
    fields. ~0.1-0.2 ms less per serializer and request; the copies are DRF's own (``Field.
    __deepcopy__`` builds each field again from its arguments). Only for serializers whose fields
    do not depend on the instance or the context at that level (an override of ``get_fields`` that
    reads the context and calls ``super()`` first is fine)."""

    def get_fields(self) -> dict[str, f.Field]:
        cls = type(self)
        fields = cls.__dict__.get("_fc_model_fields")
        if fields is None:
            fields = super().get_fields()  # type: ignore[misc]
            cls._fc_model_fields = fields  # type: ignore[attr-defined]
        return copy.deepcopy(fields)


class FastListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        return fast_rows(self.child, items)
