"""Workshop posts (车间两长六大员): set up and filled."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from ..exceptions import CommitteeError
from ..models import Branch, Worker, WorkshopPost
from .committees import _require_active, _require_worker_of

POST_FIELDS = ("branch_id", "post", "holder_id", "since")


@transaction.atomic
def posts_establish(*, actor, branch: Branch) -> list[WorkshopPost]:
    """Set up the two heads and six officers of a workshop (those not yet there), vacant."""
    require(actor, "branches.manage_committees", branch)
    _require_active(branch)
    if branch.kind not in settings.UNIONHOME["WORKSHOP_POST_KINDS"]:
        raise CommitteeError(_("Workshop posts belong to branch unions."), code="kind")
    Branch.objects.select_for_update().get(pk=branch.pk)
    existing = set(WorkshopPost.objects.filter(branch=branch).values_list("post", flat=True))
    new = WorkshopPost.objects.bulk_create(
        [WorkshopPost(branch=branch, post=p) for p in WorkshopPost.Post.values if p not in existing]
    )
    new = list(WorkshopPost.objects.filter(branch=branch, post__in=[p.post for p in new]))
    audit.record_many(
        actor=actor,
        action="workshop_post.create",
        model=WorkshopPost,
        rows=[(p, None, audit.snapshot(p, POST_FIELDS)) for p in new],
        branch_path=branch.path,
    )
    return new


@transaction.atomic
def post_assign(
    *, actor, post: WorkshopPost, holder: Worker | None, since: dt.date | None = None
) -> WorkshopPost:
    """Fill a post (随缺随补) or leave it vacant (holder None)."""
    require(actor, "branches.manage_committees", post.branch)
    _require_active(post.branch)
    post = WorkshopPost.objects.select_for_update().select_related("branch").get(pk=post.pk)
    if holder is not None:
        holder = Worker.objects.select_related("branch").get(pk=holder.pk)
        _require_worker_of(post.branch, holder)
    with audit.changing(actor=actor, obj=post, fields=POST_FIELDS, action="workshop_post.assign"):
        post.holder = holder
        post.since = (since or timezone.localdate()) if holder is not None else None
    return post
