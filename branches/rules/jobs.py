"""Roster jobs (background imports and exports): the transition table of their status."""

from __future__ import annotations

# (status, action) → next status: the one table the job service applies (issue 4).
ROSTER_JOB_TRANSITIONS: dict[tuple[str, str], str] = {
    ("checking", "checked"): "ready",
    ("checking", "refuse"): "refused",
    ("ready", "confirm"): "queued",
    ("queued", "start"): "running",
    ("running", "finish"): "done",
    ("running", "refuse"): "refused",
    ("running", "fail"): "failed",
    ("checking", "fail"): "failed",
}


def roster_job_next(status: str, action: str) -> str | None:
    """The status a job moves to, or None when the action is not allowed in this status."""
    return ROSTER_JOB_TRANSITIONS.get((status, action))
