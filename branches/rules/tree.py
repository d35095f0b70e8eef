"""The organisation tree: which kind of unit may stand under which."""

from __future__ import annotations

# The federations (上级工会) by level, highest first; an industry federation (产业工会) stands at
# any level above the enterprise unions and may hold other industry federations.
FEDERATION_LEVELS: tuple[str, ...] = ("national", "province", "city", "district")
FEDERATION_KINDS = frozenset({*FEDERATION_LEVELS, "industry"})


def _federation_children(kind: str) -> tuple[str, ...]:
    lower = FEDERATION_LEVELS[FEDERATION_LEVELS.index(kind) + 1 :] if kind in FEDERATION_LEVELS else ()
    return (*lower, "industry", "enterprise")


# Which kinds of node may stand under which (docs/DOMAIN.md §1): a federation holds lower
# federations, industry federations and enterprise unions, at any depth; a workshop may have
# sub-branches.
CHILD_KINDS: dict[str, tuple[str, ...]] = {
    **{kind: _federation_children(kind) for kind in (*FEDERATION_LEVELS, "industry")},
    "enterprise": ("branch", "group"),
    "branch": ("branch", "group"),
    "group": (),
}


def may_hold(parent_kind: str, child_kind: str) -> bool:
    return child_kind in CHILD_KINDS.get(parent_kind, ())


def is_federation(kind: str) -> bool:
    return kind in FEDERATION_KINDS


def enterprise_prefix(path: str, enterprise_paths, steplen: int) -> str | None:
    """The path of the enterprise union (one of ``enterprise_paths``) that holds ``path``."""
    for end in range(steplen, len(path) + 1, steplen):
        if path[:end] in enterprise_paths:
            return path[:end]
    return None


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """Paths of every ancestor of ``path`` (not itself), root first."""
    return [path[:end] for end in range(steplen, len(path), steplen)]
