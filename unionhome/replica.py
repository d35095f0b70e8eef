"""Reads for reports and exports from a read replica (docs/SCALING.md, "Read replica").

With ``DATABASE_REPLICA_URL`` set, ``settings.DATABASES`` has a ``replica`` alias: a PostgreSQL
standby streaming from the primary. Reports and exports read their rows through
``for_reports(queryset)``; everything else, every write and every read that a write depends on
(a job's state, a locked row) stays on the primary. Without a replica, ``for_reports`` returns the
queryset unchanged. A replica lags the primary by a moment: a report may miss a change made in the
last second, never a committed change it was asked about later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"


def reports_alias() -> str:
    """The database reports read from: the replica where one is configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else DEFAULT_DB_ALIAS


def for_reports(queryset):
    """``queryset`` read from the reports database (related rows follow it)."""
    return queryset.using(reports_alias())


class ReplicaRouter:
    """Writes always go to the primary; the schema is migrated only there (the standby receives
    it by replication); rows read from either database may be related to each other."""

    def db_for_read(self, model, **_hints):
        return None  # the primary, unless a queryset asks for the replica (for_reports)

    def db_for_write(self, model, **_hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **_hints):
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA} or None

    def allow_migrate(self, db, app_label, model_name=None, **_hints):
        return db == DEFAULT_DB_ALIAS
