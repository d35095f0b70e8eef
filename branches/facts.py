"""Facts that the model-home assessment reads from every app (one shape for all of them).

Each app's ``selectors.assessment_facts(*, branch, year)`` returns ``{key: Fact}``. A fact whose
``value`` is None has no data (e.g. no survey this year): the assessment shows "no data", never a
silent zero. ``settings.UNIONHOME_FACT_PROVIDERS`` lists the providers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Fact:
    value: Decimal | int | bool | None
    detail: str = ""  # what the value is made of, for the reader ("2,874 of 3,001 workers")
    source: str = ""  # where it comes from ("roster", "funds remittance 2026")
