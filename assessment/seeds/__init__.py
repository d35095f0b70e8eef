"""The standards of the source documents, as plain data for ``services.standards_install``.

``FIRST_EDITIONS`` are the standards as first installed; ``STANDARDS`` the current editions, which
the install adds as new versions (docs/DOMAIN.md, "Assessment").

The source plans give no points per item; the split chosen here is stated in each description, and
officers of the district can change it (a change makes a new version). One module per standard;
what they share is in ``common``.
"""

from __future__ import annotations

from . import advanced_home, five_shapes, management_checklist, model_small_home
from .advanced_home import ADVANCED_HOME
from .common import EFFECTIVE, SEED2_VETOES
from .five_shapes import FIVE_SHAPES
from .group_five_forms import GROUP_FIVE_FORMS
from .management_checklist import MANAGEMENT_CHECKLIST
from .mine_home import MINE_HOME
from .model_small_home import MODEL_SMALL_HOME
from .workshop_centres import WORKSHOP_CENTRES

# The standards as first installed (version 1), kept so that every database holds the same versions.
FIRST_EDITIONS = [
    advanced_home.FIRST_EDITION,
    model_small_home.FIRST_EDITION,
    five_shapes.FIRST_EDITION,
    management_checklist.FIRST_EDITION,
]

STANDARDS = [
    ADVANCED_HOME,
    MODEL_SMALL_HOME,
    FIVE_SHAPES,
    MANAGEMENT_CHECKLIST,
    MINE_HOME,
    WORKSHOP_CENTRES,
    GROUP_FIVE_FORMS,
]

__all__ = [
    "ADVANCED_HOME",
    "EFFECTIVE",
    "FIRST_EDITIONS",
    "FIVE_SHAPES",
    "GROUP_FIVE_FORMS",
    "MANAGEMENT_CHECKLIST",
    "MINE_HOME",
    "MODEL_SMALL_HOME",
    "SEED2_VETOES",
    "STANDARDS",
    "WORKSHOP_CENTRES",
]
