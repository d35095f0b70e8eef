"""What the committee, workshop-post, leadership-group and funds pages share."""

from __future__ import annotations

from django.shortcuts import render


def _form_page(request, form, title, back):
    return render(request, "branches/form.html", {"form": form, "title": title, "back": back})
