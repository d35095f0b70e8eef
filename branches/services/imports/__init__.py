"""The roster spreadsheet import: every row checked, then all of it written or none.

``service`` holds the entry points (preview and import), ``planner`` the checks chunk by chunk,
``staged`` the PostgreSQL path of the writes (COPY into staging tables, one merge), ``common`` what
they share. The settings below are read when an import runs (tests change them).
"""

from django.db import IntegrityError

from .common import REAL_NAME_FIELDS, Claim, ImportPlan, OutsideMatchesRefused
from .service import may_import_roster, roster_import, roster_import_preview

IMPORT_BATCH = 1000
IMPORT_CHUNK = 900  # rows checked (and written) together: one look-up query per kind
# On PostgreSQL the checked rows are COPYed into staging tables chunk by chunk and merged every
# MERGE_ROWS rows by a writer thread while the next chunks are checked (``staged.Staged``); other
# databases write each chunk in batches.
USE_COPY = True
MERGE_ROWS = 900

__all__ = [
    "IMPORT_BATCH",
    "IMPORT_CHUNK",
    "MERGE_ROWS",
    "REAL_NAME_FIELDS",
    "USE_COPY",
    "Claim",
    "ImportPlan",
    "IntegrityError",
    "OutsideMatchesRefused",
    "may_import_roster",
    "roster_import",
    "roster_import_preview",
]
