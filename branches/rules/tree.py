"""The organisation tree: which kind of unit may stand under which."""

from __future__ import annotations

# Which kinds of node may stand under which (docs/DOMAIN.md §1): a workshop may have sub-branches.
CHILD_KINDS: dict[str, tuple[str, ...]] = {
    "district": ("enterprise",),
    "enterprise": ("branch", "group"),
    "branch": ("branch", "group"),
    "group": (),
}


def may_hold(parent_kind: str, child_kind: str) -> bool:
    return child_kind in CHILD_KINDS.get(parent_kind, ())
