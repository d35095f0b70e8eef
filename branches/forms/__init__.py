"""Forms of the officer workspace and portal, one module per sub-domain.

The unit choice field other apps' forms use is re-exported here.
"""

from ._common import BranchChoiceField

__all__ = [
    # _common
    "BranchChoiceField",
]
