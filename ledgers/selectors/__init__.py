"""Scoped reads of the work ledgers, their indicators and reminders, and the facts they give the
model-home assessment (docs/DOMAIN.md §9). Never writes.

One module per sub-domain (entries, indicators, their panels and tallies, reminders, the term
calendar, the portal); the names other code calls are re-exported here: ``from ledgers import
selectors`` and the dotted names in settings (``ledgers.selectors.assessment_facts``, ``ledgers.selectors.findings`` and
``FINDING_LABELS``) keep working.

Lists and details go through ``unionhome.scope`` (outside scope: 404). Indicators are computed for
a unit's subtree, with ``None`` ("no data") where nothing is there to count, never a silent zero.
"""

from .common import FINDING_KINDS, QUARTERS, thresholds
from .entry_list import (
    attachment,
    details,
    display_value,
    entries,
    entry,
    filtered,
    reference_choices,
    reference_label,
    timeline,
    units,
    workers_for,
)
from .figures import Indicator, assessment_facts, indicators, missed_inspections
from .panels import DASHBOARD_ROOTS, Panel, dashboard_panels, panel, tallies_run
from .portal import funds_of, pairing_cadres, pairing_visits, participations, training_hours
from .reminders import COMMENDATION_SOON_DAYS, FINDING_LABELS, findings
from .term_calendar import CalendarDue, CalendarPart, calendar, table_calendar, table_dues

__all__ = [
    # common
    "FINDING_KINDS",
    "QUARTERS",
    "thresholds",
    # entry_list
    "attachment",
    "details",
    "display_value",
    "entries",
    "entry",
    "filtered",
    "reference_choices",
    "reference_label",
    "timeline",
    "units",
    "workers_for",
    # figures
    "DASHBOARD_ROOTS",
    "Indicator",
    "Panel",
    "assessment_facts",
    "dashboard_panels",
    "indicators",
    "missed_inspections",
    # panels
    "panel",
    "tallies_run",
    # reminders
    "COMMENDATION_SOON_DAYS",
    "FINDING_LABELS",
    "findings",
    # term_calendar
    "CalendarDue",
    "CalendarPart",
    "calendar",
    "table_calendar",
    "table_dues",
    # portal
    "funds_of",
    "pairing_cadres",
    "pairing_visits",
    "participations",
    "training_hours",
]
