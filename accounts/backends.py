"""Authentication backend: Django's ModelBackend with the permission set loaded in ONE query.

ModelBackend loads a user's permissions with two queries (direct permissions, then group
permissions) the first time ``has_perm`` is asked in a request. ``PermissionBackend`` gets both
sets in one round trip, and ``prime_permissions`` lets a caller that has already read them (the
API's token authentication reads them in the same statement as the token) hand them over, so
``has_perm`` then costs no query at all.

The API's ``TokenWithPermsAuthentication`` (REST_FRAMEWORK's first authentication class) reads the
token, its user and both permission sets in ONE statement, prepared on PostgreSQL
(``factcheck.db``), with the ORM path beside it for SQLite.

Nothing is cached across requests: the sets live on the user object of one request, so a role
change (groups, group permissions, direct permissions, ``is_active``) takes effect on the very
next request, in every process, with no invalidation to get wrong. Superusers and inactive users
keep ModelBackend's behaviour (everything / nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from factcheck.db import fetch_one_prepared, from_db_values, model_columns

USER_PERMS_ATTR = "_user_perm_cache"  # the attribute names ModelBackend uses
GROUP_PERMS_ATTR = "_group_perm_cache"
ALL_PERMS_ATTR = "_perm_cache"


def _tables() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    User = get_user_model()
    return {
        "perm": Permission._meta.db_table,
        "ct": ContentType._meta.db_table,
        "user_perms": User.user_permissions.through._meta.db_table,
        "user_groups": User.groups.through._meta.db_table,
        "group_perms": Permission.group_set.through._meta.db_table,
    }


def permission_sql(user_id_sql: str) -> tuple[str, str]:
    """Two SQL expressions giving a user's direct and group permissions as ``app_label.codename``
    rows (to wrap in ``ARRAY(...)`` or run as is); ``user_id_sql`` is the SQL for the user's id."""
    t = _tables()
    qn = connection.ops.quote_name
    name = (f"{qn(t['ct'])}.{qn('app_label')} || '.' || {qn(t['perm'])}.{qn('codename')}")
    base = (f"SELECT {name} AS n FROM {qn(t['perm'])} INNER JOIN {qn(t['ct'])} "
            f"ON {qn(t['ct'])}.{qn('id')} = {qn(t['perm'])}.{qn('content_type_id')} "
            f"WHERE {qn(t['perm'])}.{qn('id')} IN ")
    user = (f"{base}(SELECT up.{qn('permission_id')} FROM {qn(t['user_perms'])} up "
            f"WHERE up.{qn('user_id')} = {user_id_sql})")
    group = (f"{base}(SELECT gp.{qn('permission_id')} FROM {qn(t['group_perms'])} gp "
             f"INNER JOIN {qn(t['user_groups'])} ug ON ug.{qn('group_id')} = gp.{qn('group_id')} "
             f"WHERE ug.{qn('user_id')} = {user_id_sql})")
    return user, group


def prime_permissions(user: Any, user_perms: Iterable[str], group_perms: Iterable[str]) -> None:
    """Hand over permission sets read elsewhere (in the same request) so ``has_perm`` needs no query.
    Ignored for superusers and inactive users (ModelBackend decides for them)."""
    if user.is_superuser or not user.is_active:
        return
    u, g = set(user_perms), set(group_perms)
    setattr(user, USER_PERMS_ATTR, u)
    setattr(user, GROUP_PERMS_ATTR, g)
    setattr(user, ALL_PERMS_ATTR, u | g)


class PermissionBackend(ModelBackend):
    """ModelBackend whose permission sets come from one query per user object instead of two."""

    def _load(self, user_obj: Any) -> None:
        user_sql, group_sql = permission_sql("%s")
        with connection.cursor() as cur:
            cur.execute(f"SELECT 'u', p.n FROM ({user_sql}) p UNION ALL SELECT 'g', q.n FROM ({group_sql}) q",
                        [user_obj.pk, user_obj.pk])
            rows = cur.fetchall()
        prime_permissions(user_obj, (n for kind, n in rows if kind == "u"), (n for kind, n in rows if kind == "g"))

    def _get_permissions(self, user_obj: Any, obj: Any, from_name: str) -> set[str]:
        if (not user_obj.is_active or user_obj.is_anonymous or obj is not None or user_obj.is_superuser
                or hasattr(user_obj, f"_{from_name}_perm_cache")):
            return super()._get_permissions(user_obj, obj, from_name)
        self._load(user_obj)
        return getattr(user_obj, f"_{from_name}_perm_cache")


# --- API token authentication ----------------------------------------------------------------

class TokenWithPermsAuthentication(TokenAuthentication):
    """DRF token authentication that reads the user's permission sets in the same statement as the
    token and user (one round trip instead of three: ModelBackend would run two more queries on the
    first ``has_perm``); on PostgreSQL that statement is prepared. The sets are read fresh on every
    request, so a role change or a revoked token takes effect on the next request; nothing is
    cached across requests."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return super().authenticate_credentials(key)
        if vendor == "postgresql":
            token = self._token_postgresql(key)
        else:
            token = self._token_orm(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token

    def _token_orm(self, key: str) -> Any:
        model = self.get_model()
        user_id = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('user_id')}"
        user_sql, group_sql = permission_sql(user_id)
        # names are identifiers: no comma inside
        agg_user = f"(SELECT group_concat(x.n, ',') FROM ({user_sql}) x)"
        agg_group = f"(SELECT group_concat(x.n, ',') FROM ({group_sql}) x)"
        token = (model.objects.select_related("user")
                 .annotate(perms_user=RawSQL(agg_user, []), perms_group=RawSQL(agg_group, []))
                 .filter(key=key).first())
        if token is not None:
            prime_permissions(token.user, token.perms_user.split(",") if token.perms_user else [],
                              token.perms_group.split(",") if token.perms_group else [])
        return token

    def _token_postgresql(self, key: str) -> Any:
        from django.contrib.auth import get_user_model

        sql, t_fields, u_fields = _token_statement(self.get_model(), connection.vendor)
        row = fetch_one_prepared(sql, [key])
        if row is None:
            return None
        nt, nu = len(t_fields), len(u_fields)
        token = from_db_values(self.get_model(), t_fields, row[:nt])
        user = from_db_values(get_user_model(), u_fields, row[nt:nt + nu])
        token.user = user
        prime_permissions(user, row[nt + nu] or [], row[nt + nu + 1] or [])
        return token


@functools.cache
def _token_statement(model: Any, vendor: str) -> tuple[str, list[Any], list[Any]]:
    """PostgreSQL: token, user and the user's direct and group permissions (arrays) by token key."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    qn = connection.ops.quote_name
    t_fields, t_cols = model_columns(model, "t")
    u_fields, u_cols = model_columns(User, "u")
    user_sql, group_sql = permission_sql("t." + qn("user_id"))
    sql = (f"SELECT {t_cols}, {u_cols}, ARRAY({user_sql}), ARRAY({group_sql}) "
           f"FROM {qn(model._meta.db_table)} t INNER JOIN {qn(User._meta.db_table)} u "
           f"ON u.{qn(User._meta.pk.column)} = t.{qn('user_id')} WHERE t.{qn('key')} = %s")
    return sql, t_fields, u_fields
