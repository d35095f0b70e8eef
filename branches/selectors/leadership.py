"""The home-building leadership group (建家领导小组) of a unit and its members."""

from __future__ import annotations

from django.db.models import Prefetch

from unionhome import scope

from ..models import Branch, LeadershipGroup, LeadershipMember


def leadership_of(branch: Branch) -> LeadershipGroup | None:
    return (
        LeadershipGroup.objects.filter(branch=branch)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=LeadershipMember.objects.select_related("worker__branch").order_by("id"),
            )
        )
        .first()
    )


def leadership_member_in_scope(user, pk) -> LeadershipMember:
    return scope.get_or_404(
        LeadershipMember.objects.select_related("group__branch", "worker"), user, "group__branch__path", pk=pk
    )
