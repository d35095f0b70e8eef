"""Workshop posts (车间两长六大员) of a unit and the vacant ones in scope."""

from __future__ import annotations

from django.db.models import QuerySet

from unionhome import scope

from ..models import Branch, WorkshopPost


def unit_posts(branch: Branch) -> list[WorkshopPost]:
    return list(WorkshopPost.objects.filter(branch=branch).select_related("holder").order_by("post"))


def post_in_scope(user, pk) -> WorkshopPost:
    return scope.get_or_404(WorkshopPost.objects.select_related("branch", "holder"), user, pk=pk)


def vacant_posts(user) -> QuerySet[WorkshopPost]:
    """Workshop posts without a holder in the user's scope, to be filled at once (随缺随补)."""
    return (
        scope.limit(WorkshopPost.objects.filter(holder__isnull=True, branch__is_active=True), user)
        .select_related("branch")
        .order_by("branch__path", "post")
    )
