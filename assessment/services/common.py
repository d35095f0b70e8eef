"""What the assessment's services share (who may act is asked of ``assessment.permissions``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import rules
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
