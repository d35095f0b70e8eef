"""Officer views of the workers' congress (职工代表大会): terms, representatives and their training, sessions,
agenda, attendance, resolutions and votes.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit, downloads, paging, permissions
from unionhome.web import office_required, run_service, say_done

from .. import conf, documents, forms, rules, selectors, services
from .common import _create_page, _form_page, _managed


@office_required
def term_list(request):
    page = paging.page(
        request,
        selectors.terms(request.user),
        order=("enterprise__path", "-number", "id"),
        name="democracy.terms",
    )
    return render(
        request,
        "democracy/terms.html",
        {
            "page": page,
            "terms": page.object_list,
            "may_manage": permissions.allowed(request.user, "democracy.manage_congress"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def term_create(request):
    enterprises = _managed(request)
    form = forms.TermForm(request.POST or None, enterprises=selectors.enterprises(request.user).filter(
        pk__in=[e.pk for e in enterprises]))  # fmt: skip
    return _create_page(request, form, services.term_create, "democracy:term_detail", _("New congress term"))


@office_required
def term_detail(request, pk):
    term = selectors.term(request.user, pk)
    composition, warnings = selectors.composition_warnings(term)
    return render(
        request,
        "democracy/term_detail.html",
        {
            "term": term,
            "representatives": selectors.representatives(term),
            "trainings": selectors.trainings(term),
            "composition": composition,
            "warnings": warnings,
            "manager_max": conf.get("MANAGER_SHARE_MAX"),
            "may_manage": permissions.allowed(request.user, "democracy.manage_congress", term.enterprise),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def representative_add(request, pk):
    term = selectors.term(request.user, pk)
    permissions.require(request.user, "democracy.manage_congress", term.enterprise)
    workers = selectors.enterprise_workers(term.enterprise).exclude(representations__term=term)
    form = forms.RepresentativeForm(request.POST or None, workers=workers, term=term)
    if request.method == "POST" and form.is_valid():
        rep, ok = run_service(
            request, services.representative_add, actor=request.user, term=term, **form.cleaned_data
        )
        if ok:
            say_done(request, _("Added"), _("representative %(name)s") % {"name": rep.worker.name})
            return redirect("democracy:term_detail", pk=term.pk)
    return _form_page(request, form, _("Add a representative"), back=term)


@office_required
@require_http_methods(["GET", "POST"])
def training_add(request, pk):
    term = selectors.term(request.user, pk)
    permissions.require(request.user, "democracy.manage_congress", term.enterprise)
    form = forms.TrainingForm(request.POST or None, representatives=selectors.representatives(term))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _t, ok = run_service(
            request, services.training_record, actor=request.user, term=term, held_on=data["held_on"],
            topic=data["topic"], hours=data["hours"], attendees=list(data["attendees"]),
        )  # fmt: skip
        if ok:
            say_done(request, _("Recorded"), _("the training %(topic)s") % {"topic": data["topic"]})
            return redirect("democracy:term_detail", pk=term.pk)
    return _form_page(request, form, _("Record a training"), back=term)


@office_required
def representatives_export(request, pk):
    term = selectors.term(request.user, pk)
    audit.access(
        user=request.user, kind="export", obj=term, branch_path=term.enterprise.path, detail="representatives"
    )
    return documents.xlsx_response(
        _("Congress representatives"),
        [
            _("Name"),
            _("Gender"),
            _("Unit"),
            _("Constituency"),
            _("Representative group"),
            _("Manager"),
            _("Trainings"),
        ],
        [
            [
                r.worker.name,
                r.worker.get_gender_display(),
                r.worker.branch.name,
                r.constituency.name,
                r.group,
                _("yes") if r.is_manager else _("no"),
                r.training_count,
            ]  # fmt: skip
            for r in selectors.representatives(term)
        ],
    )


@office_required
def session_list(request):
    page = paging.page(
        request, selectors.sessions(request.user), order=("-held_on", "-id"), name="democracy.sessions"
    )
    return render(
        request,
        "democracy/sessions.html",
        {
            "page": page,
            "sessions": page.object_list,
            "may_manage": permissions.allowed(request.user, "democracy.manage_congress"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    _managed(request)
    form = forms.SessionForm(request.POST or None, terms=selectors.managed_terms(request.user))
    return _create_page(
        request, form, services.session_create, "democracy:session_detail", _("New congress session")
    )


@office_required
def session_detail(request, pk):
    session = selectors.session(request.user, pk)
    counts = selectors.attendance_counts(session)
    return render(
        request,
        "democracy/session_detail.html",
        {
            "session": session,
            "agenda": session.agenda.all(),
            "counts": counts,
            "has_quorum": rules.has_quorum(counts["present"], counts["total"], conf.get("QUORUM")),
            "resolutions": session.resolutions.all(),
            "proposals": selectors.proposals(request.user).filter(session=session),
            "may_manage": permissions.allowed(
                request.user, "democracy.manage_congress", session.term.enterprise
            ),
            "agenda_form": forms.AgendaForm(),
            "resolution_form": forms.ResolutionForm(),
            "portal_form": forms.PortalResolutionForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": session.minutes}),
        },
    )


def _managed_session(request, pk):
    session = selectors.session(request.user, pk)
    permissions.require(request.user, "democracy.manage_congress", session.term.enterprise)
    return session


@office_required
@require_POST
def agenda_add(request, pk):
    session = _managed_session(request, pk)
    form = forms.AgendaForm(request.POST)
    if form.is_valid():
        run_service(request, services.agenda_add, actor=request.user, session=session, **form.cleaned_data)
    else:
        messages.error(request, _("Choose a power and give the item a title."))
    return redirect("democracy:session_detail", pk=session.pk)


@office_required
@require_http_methods(["GET", "POST"])
def signin(request, pk):
    session = _managed_session(request, pk)
    form = forms.SignInForm(request.POST or None, sheet=selectors.attendance_sheet(session))
    if request.method == "POST" and form.is_valid():
        changed, ok = run_service(request, services.attendance_sign, actor=request.user, session=session,
                                  marks=form.marks())  # fmt: skip
        if ok:
            say_done(
                request, _("Saved"), _("%(n)s sign-ins at %(session)s") % {"n": changed, "session": session}
            )
            return redirect("democracy:session_detail", pk=session.pk)
    return render(request, "democracy/signin.html", {"session": session, "form": form})


@office_required
@require_POST
def session_open(request, pk):
    session = _managed_session(request, pk)
    _s, ok = run_service(request, services.session_open, actor=request.user, session=session)
    if ok:
        say_done(request, _("Opened"), str(session))
    return redirect("democracy:session_detail", pk=session.pk)


@office_required
@require_POST
def session_close(request, pk):
    session = _managed_session(request, pk)
    form = forms.MinutesForm(request.POST)
    form.is_valid()
    _s, ok = run_service(request, services.session_close, actor=request.user, session=session,
                         minutes=form.cleaned_data.get("minutes", ""))  # fmt: skip
    if ok:
        say_done(request, _("Closed"), str(session))
    return redirect("democracy:session_detail", pk=session.pk)


@office_required
@require_POST
def resolution_add(request, pk):
    session = _managed_session(request, pk)
    form = forms.ResolutionForm(request.POST)
    if form.is_valid():
        r, ok = run_service(request, services.resolution_record, actor=request.user, session=session,
                            **form.cleaned_data)  # fmt: skip
        if ok:
            say_done(request, _("Passed") if r.passed else _("Not passed"), r.title)
    else:
        messages.error(request, _("Fill in the title, the text and the three counts."))
    return redirect("democracy:session_detail", pk=session.pk)


@office_required
@require_POST
def resolution_vote_open(request, pk):
    session = _managed_session(request, pk)
    form = forms.PortalResolutionForm(request.POST)
    if form.is_valid():
        run_service(
            request, services.resolution_open_voting, actor=request.user, session=session, **form.cleaned_data
        )
    else:
        messages.error(request, _("Give the resolution a title and its text."))
    return redirect("democracy:session_detail", pk=session.pk)


@office_required
@require_POST
def resolution_close(request, pk):
    resolution = selectors.resolution(request.user, pk)
    permissions.require(request.user, "democracy.manage_congress", resolution.session.term.enterprise)
    run_service(request, services.resolution_close_voting, actor=request.user, resolution=resolution)
    return redirect("democracy:session_detail", pk=resolution.session_id)


@office_required
@require_POST
def resolution_publish(request, pk):
    resolution = selectors.resolution(request.user, pk)
    permissions.require(request.user, "democracy.manage_congress", resolution.session.term.enterprise)
    _r, ok = run_service(request, services.resolution_publish, actor=request.user, resolution=resolution)
    if ok:
        say_done(request, _("Published to the workers"), resolution.title)
    return redirect("democracy:session_detail", pk=resolution.session_id)


@office_required
def minutes_pdf(request, pk):
    session = selectors.session(request.user, pk)
    audit.access(user=request.user, kind="download", obj=session, branch_path=session.term.enterprise.path,
                 detail="minutes")  # fmt: skip
    pdf = documents.minutes_pdf(session, selectors.attendance_counts(session))
    return downloads.content_response(
        pdf, label=_("Congress minutes"), content_type=downloads.PDF, ext="pdf", slug="minutes"
    )
