"""Workshop posts (车间两长六大员) pages: a unit's posts, set up, filled, the vacant ones."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import paging
from unionhome.permissions import allowed, require
from unionhome.web import office_required, run_service, say_done

from .. import selectors, services
from ..forms.posts import PostAssignForm
from ..models import WorkshopPost
from ._common import _form_page


@office_required
def unit_posts(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    posts = selectors.unit_posts(branch)
    return render(
        request,
        "branches/committees/unit_posts.html",
        {
            "branch": branch,
            "posts": posts,
            "missing": len(WorkshopPost.Post.values) - len(posts),
            "takes_posts": branch.kind in settings.UNIONHOME["WORKSHOP_POST_KINDS"],
            "may_manage": allowed(request.user, "branches.manage_committees", branch) and branch.is_active,
        },
    )


@office_required
@require_POST
def posts_establish(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    created, ok = run_service(request, services.posts_establish, actor=request.user, branch=branch)
    if ok:
        messages.success(request, _("%(count)s posts set up.") % {"count": len(created)})
    return redirect("branches:unit_posts", pk=branch.pk)


@office_required
@require_http_methods(["GET", "POST"])
def post_assign(request, pk):
    post = selectors.post_in_scope(request.user, pk)
    require(request.user, "branches.manage_committees", post.branch)
    form = PostAssignForm(
        request.POST or None,
        workers=selectors.seat_candidates(post.branch),
        unit=post.branch,
        initial={"holder": post.holder_id, "since": post.since or timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        _p, ok = run_service(
            request, services.post_assign, actor=request.user, post=post, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Saved"), _("who holds the post %(post)s") % {"post": post})
            return redirect("branches:unit_posts", pk=post.branch_id)
    return _form_page(request, form, str(post), post.branch)


@office_required
def vacant_posts(request):
    page = paging.page(
        request,
        selectors.vacant_posts(request.user),
        order=("branch__path", "post", "id"),
        name="branches.vacant",
    )
    return render(request, "branches/committees/vacant_posts.html", {"page": page, "posts": page.object_list})
