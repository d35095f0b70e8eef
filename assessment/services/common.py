"""Who may act on an assessment (capacities), and what the assessment's services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from branches.models import Branch

from .. import rules, selectors
from ..exceptions import PermissionRefused
from ..models import Assessment, Level, TitleKind

Capacity = rules.Capacity


State = Assessment.State


TITLES_OF_LEVEL = {
    Level.HOME: {TitleKind.MODEL_HOME, TitleKind.ADVANCED_HOME},
    Level.SMALL_HOME: {TitleKind.MODEL_SMALL_HOME},
}


def _refuse(message=None):
    raise PermissionRefused(message or _("You may not do this."))


def _require(user, branch: Branch, *wanted: Capacity) -> set[Capacity]:
    caps = selectors.capacities(user, branch)
    if not caps & set(wanted):
        _refuse()
    return caps
