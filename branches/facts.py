"""Facts that the model-home assessment reads from every app (one shape for all of them).

Each app's ``selectors.assessment_facts(*, branch, year)`` returns ``{key: Fact}``. A fact whose
``value`` is None has no data (e.g. no survey this year): the assessment shows "no data", never a
silent zero. A fact not met before its due date carries ``due_on`` (the assessment reads it as "not
yet due" when the day falls after the period assessed). ``settings.UNIONHOME_FACT_PROVIDERS`` lists the providers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Fact:
    value: Fraction | Decimal | int | bool | None  # a rate as an exact Fraction where it can be
    detail: str = ""  # what the value is made of, for the reader ("2,874 of 3,001 workers")
    source: str = ""  # where it comes from ("roster", "funds remittance 2026")
    # The day an obligation falls due, set when the value is not met only because that day has not
    # come yet (funds pending, the year's congress still planned): "not yet due", not "not done".
    due_on: dt.date | None = None
