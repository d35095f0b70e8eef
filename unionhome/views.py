"""The front door: send each user to their workspace (officer pages or the worker portal)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from unionhome import scope


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if scope.is_staff_member(request.user):
        return redirect("branches:dashboard")
    if request.user.worker_id:
        return redirect("portal:profile")
    raise PermissionDenied
