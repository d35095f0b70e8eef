"""Officer workspace of democratic management (thin: parse, call a service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit
from unionhome.web import office_required, run_service

from . import conf, documents, forms, rules, selectors, services
from .models import Proposal, Rating, SurveyAnswer


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _form_page(request, form, title, back=None, *, multipart=False):
    if multipart:
        form.helper.form_tag = True
        form.helper.attrs = {"enctype": "multipart/form-data"}
    return render(request, "democracy/form.html", {"form": form, "title": title, "back": back})


def _create_page(request, form, service, detail: str, title):
    """A "new ..." page: on a valid POST call the service, then open the new record's page."""
    if request.method == "POST" and form.is_valid():
        created, ok = run_service(request, service, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect(detail, pk=created.pk)
    return _form_page(request, form, title)


def _managed(request):
    enterprises = selectors.managed_enterprises(request.user)
    _require(bool(enterprises))
    return enterprises


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


# --- overview --------------------------------------------------------------------------------


@office_required
def overview(request):
    year = _year(request)
    proposals = selectors.proposals(request.user)
    stats = selectors.proposal_stats(proposals)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [
                        {"name": str(Proposal.State(s).label), "value": n}
                        for s, n in sorted(stats["by_state"].items())
                    ],
                }
            ],
        },
    }
    return render(
        request,
        "democracy/overview.html",
        {
            "year": year,
            "sessions": selectors.sessions(request.user).filter(held_on__year=year),
            "stats": stats,
            "chart": chart,
            "overdue": [
                p
                for p in selectors.with_overdue(proposals.filter(state__in=rules.OPEN_WORK_STATES))
                if p.overdue
            ],
            "expiring": [c for c in selectors.with_expiry(selectors.contracts(request.user)) if c.expiring],
            "abnormal": selectors.petitions(request.user).filter(abnormal=True, received_on__year=year),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


# --- terms and representatives ---------------------------------------------------------------


@office_required
def term_list(request):
    return render(
        request,
        "democracy/terms.html",
        {
            "terms": selectors.terms(request.user),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
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
            "may_manage": services.may_manage(request.user, term.enterprise),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def representative_add(request, pk):
    term = selectors.term(request.user, pk)
    _require(services.may_manage(request.user, term.enterprise))
    workers = selectors.enterprise_workers(term.enterprise).exclude(representations__term=term)
    form = forms.RepresentativeForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        _rep, ok = run_service(
            request, services.representative_add, actor=request.user, term=term, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Representative added."))
            return redirect("democracy:term_detail", pk=term.pk)
    return _form_page(request, form, _("Add a representative"), back=term)


@office_required
@require_http_methods(["GET", "POST"])
def training_add(request, pk):
    term = selectors.term(request.user, pk)
    _require(services.may_manage(request.user, term.enterprise))
    form = forms.TrainingForm(request.POST or None, representatives=selectors.representatives(term))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _t, ok = run_service(
            request, services.training_record, actor=request.user, term=term, held_on=data["held_on"],
            topic=data["topic"], hours=data["hours"], attendees=list(data["attendees"]),
        )  # fmt: skip
        if ok:
            messages.success(request, _("Training recorded."))
            return redirect("democracy:term_detail", pk=term.pk)
    return _form_page(request, form, _("Record a training"), back=term)


@office_required
def representatives_export(request, pk):
    term = selectors.term(request.user, pk)
    audit.access(
        user=request.user, kind="export", obj=term, branch_path=term.enterprise.path, detail="representatives"
    )
    return documents.xlsx_response(
        f"representatives-{term.pk}.xlsx",
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


# --- sessions --------------------------------------------------------------------------------


@office_required
def session_list(request):
    return render(
        request,
        "democracy/sessions.html",
        {
            "sessions": selectors.sessions(request.user),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
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
            "may_manage": services.may_manage(request.user, session.term.enterprise),
            "agenda_form": forms.AgendaForm(),
            "resolution_form": forms.ResolutionForm(),
            "portal_form": forms.PortalResolutionForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": session.minutes}),
        },
    )


def _managed_session(request, pk):
    session = selectors.session(request.user, pk)
    _require(services.may_manage(request.user, session.term.enterprise))
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
            messages.success(request, _("%(n)s sign-ins saved.") % {"n": changed})
            return redirect("democracy:session_detail", pk=session.pk)
    return render(request, "democracy/signin.html", {"session": session, "form": form})


@office_required
@require_POST
def session_open(request, pk):
    session = _managed_session(request, pk)
    _s, ok = run_service(request, services.session_open, actor=request.user, session=session)
    if ok:
        messages.success(request, _("The session is open."))
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
        messages.success(request, _("The session is closed."))
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
            messages.success(request, _("Resolution passed.") if r.passed else _("Resolution not passed."))
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
    _require(services.may_manage(request.user, resolution.session.term.enterprise))
    run_service(request, services.resolution_close_voting, actor=request.user, resolution=resolution)
    return redirect("democracy:session_detail", pk=resolution.session_id)


@office_required
@require_POST
def resolution_publish(request, pk):
    resolution = selectors.resolution(request.user, pk)
    _require(services.may_manage(request.user, resolution.session.term.enterprise))
    _r, ok = run_service(request, services.resolution_publish, actor=request.user, resolution=resolution)
    if ok:
        messages.success(request, _("The resolution is published to the workers."))
    return redirect("democracy:session_detail", pk=resolution.session_id)


@office_required
def minutes_pdf(request, pk):
    session = selectors.session(request.user, pk)
    audit.access(user=request.user, kind="download", obj=session, branch_path=session.term.enterprise.path,
                 detail="minutes")  # fmt: skip
    pdf = documents.minutes_pdf(session, selectors.attendance_counts(session))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="congress-{session.pk}.pdf"'
    return response


# --- proposals -------------------------------------------------------------------------------


@office_required
def proposal_list(request):
    qs = selectors.proposals(request.user)
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    if state in Proposal.State.values:
        qs = qs.filter(state=state)
    if kind in Proposal.Kind.values:
        qs = qs.filter(kind=kind)
    rows = selectors.with_overdue(list(qs[:500]))
    if request.GET.get("overdue"):
        rows = [r for r in rows if r.overdue]
    return render(
        request,
        "democracy/proposals.html",
        {
            "proposals": rows,
            "states": Proposal.State.choices,
            "kinds": Proposal.Kind.choices,
            "state": state,
            "kind": kind,
            "by_session": selectors.answered_rate_by_session(request.user),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def proposal_enter(request):
    enterprises = _managed(request)
    form = forms.ProposalEnterForm(request.POST or None, workers=selectors.workers_of(enterprises))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        p, ok = run_service(
            request, services.proposal_enter, actor=request.user, proposer=data["proposer"], kind=data["kind"],
            title=data["title"], content=data["content"], cosigners=list(data["cosigners"]),
        )  # fmt: skip
        if ok:
            return redirect("democracy:proposal_detail", pk=p.pk)
    return _form_page(request, form, _("Enter a proposal"))


@office_required
def proposal_detail(request, pk):
    proposal = selectors.proposal(request.user, pk)
    selectors.with_overdue([proposal])
    may_manage = services.may_manage(request.user, proposal.enterprise)
    return render(
        request,
        "democracy/proposal_detail.html",
        {
            "proposal": proposal,
            "cosigners": proposal.cosigners.select_related("worker"),
            "transitions": selectors.labelled_transitions(proposal),
            "actions": rules.proposal_actions(proposal.state, rules.OFFICE) if may_manage else [],
            "form": forms.ProposalActForm(),
        },
    )


@office_required
@require_POST
def proposal_act(request, pk):
    proposal = selectors.proposal(request.user, pk)
    _require(services.may_manage(request.user, proposal.enterprise))
    form = forms.ProposalActForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the date and the fields."))
        return redirect("democracy:proposal_detail", pk=proposal.pk)
    data = form.cleaned_data
    _p, ok = run_service(
        request, services.proposal_act, actor=request.user, proposal=proposal, action=data["action"],
        expected_state=data["expected_state"] or None, comment=data["comment"], department=data["department"],
        due_date=data["due_date"], answer=data["answer"],
    )  # fmt: skip
    if ok:
        messages.success(request, _("Saved."))
    return redirect("democracy:proposal_detail", pk=proposal.pk)


@office_required
def proposals_export(request):
    rows = selectors.with_overdue(list(selectors.proposals(request.user)))
    audit.access(user=request.user, kind="export", object_type="democracy.proposal", detail="proposals")
    return documents.xlsx_response(
        "proposals.xlsx",
        [
            _("Kind"),
            pgettext("democracy", "Title"),
            _("Proposer"),
            _("Unit"),
            _("Co-signers"),
            _("State"),
            _("Responsible department"),
            _("Due date"),
            _("Overdue"),
            _("Answer"),
        ],  # fmt: skip
        [
            [
                p.get_kind_display(),
                p.title,
                p.proposer.name,
                p.branch.name,
                p.cosigner_count,
                p.get_state_display(),
                p.department,
                p.due_date,
                _("yes") if p.overdue else "",
                p.answer,
            ]  # fmt: skip
            for p in rows
        ],
    )


@office_required
def contest_list(request):
    year = _year(request)
    rates = []
    for enterprise in selectors.enterprises(request.user):
        took_part, workers = selectors.participation(enterprise, year)
        value = rules.rate(took_part, workers)
        rates.append(
            (enterprise, took_part, workers, value, rules.meets(value, conf.get("PARTICIPATION_TARGET")))
        )
    return render(
        request,
        "democracy/contests.html",
        {
            "contests": selectors.contests(request.user),
            "rates": rates,
            "year": year,
            "target": conf.get("PARTICIPATION_TARGET"),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contest_create(request):
    enterprises = _managed(request)
    form = forms.ContestForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
        workers=selectors.workers_of(enterprises),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _c, ok = run_service(
            request, services.contest_record, actor=request.user, enterprise=data["enterprise"], kind=data["kind"],
            title=data["title"], held_on=data["held_on"], participants=list(data["participants"]),
        )  # fmt: skip
        if ok:
            return redirect("democracy:contest_list")
    return _form_page(request, form, _("Record a competition or skill contest"))


# --- leader evaluation -----------------------------------------------------------------------


@office_required
def evaluation_list(request):
    _require(selectors.may_see_evaluations(request.user))
    return render(
        request,
        "democracy/evaluations.html",
        {
            "rounds": selectors.evaluation_rounds(request.user),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request):
    _managed(request)
    form = forms.EvaluationForm(request.POST or None, sessions=selectors.managed_sessions(request.user))
    return _create_page(
        request,
        form,
        services.evaluation_create,
        "democracy:evaluation_detail",
        _("New leader evaluation round"),
    )


@office_required
def evaluation_detail(request, pk):
    _require(selectors.may_see_evaluations(request.user))
    round_ = selectors.evaluation_round(request.user, pk)
    results = selectors.evaluation_results(round_)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "legend": {},
            "grid": {"left": 80, "right": 10, "bottom": 30},
            "xAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "yAxis": {"type": "category", "data": [r.leader.name for r in results]},
            "series": [
                {
                    "name": str(label),
                    "type": "bar",
                    "stack": "all",
                    "data": [
                        float(r.shares[grade] * 100) if r.shares[grade] is not None else 0 for r in results
                    ],
                }
                for grade, label in Rating.Grade.choices
            ],
        },
    }
    return render(
        request,
        "democracy/evaluation_detail.html",
        {
            "round": round_,
            "results": results,
            "grades": Rating.Grade.choices,
            "chart": chart,
            "may_manage": services.may_manage(request.user, round_.session.term.enterprise),
        },
    )


@office_required
@require_POST
def evaluation_toggle(request, pk):
    _require(selectors.may_see_evaluations(request.user))
    round_ = selectors.evaluation_round(request.user, pk)
    _require(services.may_manage(request.user, round_.session.term.enterprise))
    run_service(
        request, services.evaluation_set_open, actor=request.user, round=round_, is_open=not round_.is_open
    )
    return redirect("democracy:evaluation_detail", pk=round_.pk)


# --- lower-level meetings and cadence --------------------------------------------------------


@office_required
def meeting_list(request):
    return render(
        request,
        "democracy/meetings.html",
        {
            "meetings": selectors.lower_meetings(request.user)[:300],
            "may_record": bool(selectors.meeting_units(request.user).exists()),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    units = selectors.meeting_units(request.user)
    _require(units.exists())
    form = forms.MeetingForm(request.POST or None, branches=units)
    if request.method == "POST" and form.is_valid():
        _m, ok = run_service(request, services.lower_meeting_record, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Meeting recorded."))
            return redirect("democracy:meeting_list")
    return _form_page(request, form, _("Record a lower-level meeting"))


@office_required
def cadence(request):
    year = _year(request)
    rows, congress = selectors.cadence_report(request.user, year)
    return render(
        request,
        "democracy/cadence.html",
        {"rows": rows, "congress": congress, "year": year, "missing": [r for r in rows if r.missed]},
    )


# --- disclosure and surveys ------------------------------------------------------------------


@office_required
def disclosure_list(request):
    qs = selectors.disclosures(request.user)
    category = request.GET.get("category", "")
    if category:
        qs = qs.filter(category=category)
    return render(
        request,
        "democracy/disclosures.html",
        {
            "items": qs[:300],
            "categories": forms.Disclosure.Category.choices,
            "category": category,
            "may_publish": selectors.publish_audiences(request.user).exists(),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    audiences = selectors.publish_audiences(request.user)
    _require(audiences.exists())
    form = forms.DisclosureForm(request.POST or None, request.FILES or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        item, ok = run_service(request, services.disclosure_create, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect("democracy:disclosure_detail", pk=item.pk)
    return _form_page(request, form, _("New disclosure item"), multipart=True)


@office_required
def disclosure_detail(request, pk):
    item = selectors.disclosure(request.user, pk)
    return render(
        request,
        "democracy/disclosure_detail.html",
        {"item": item, "may_publish": services.may_publish_to(request.user, item.audience)},
    )


@office_required
@require_POST
def disclosure_publish(request, pk):
    item = selectors.disclosure(request.user, pk)
    _require(services.may_publish_to(request.user, item.audience))
    _i, ok = run_service(request, services.disclosure_publish, actor=request.user, disclosure=item)
    if ok:
        messages.success(request, _("Published to the workers of %(unit)s.") % {"unit": item.audience.name})
    return redirect("democracy:disclosure_detail", pk=item.pk)


@office_required
def disclosure_attachment(request, pk):
    item = selectors.disclosure(request.user, pk)
    return _attachment(request, item)


def _attachment(request, item):
    if not item.attachment:
        raise Http404
    audit.access(user=request.user, kind="download", obj=item, branch_path=item.audience.path)
    response = FileResponse(
        item.attachment.open("rb"), as_attachment=True, filename=item.attachment.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@office_required
def survey_list(request):
    surveys = []
    for survey, result in selectors.survey_results(request.user):
        survey.result = result
        surveys.append(survey)
    return render(
        request,
        "democracy/surveys.html",
        {
            "surveys": surveys,
            "knowledge_target": conf.get("KNOWLEDGE_TARGET"),
            "satisfaction_target": conf.get("SATISFACTION_TARGET"),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    enterprises = _managed(request)
    form = forms.SurveyForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
        initial={"year": timezone.localdate().year},
    )
    return _create_page(
        request, form, services.survey_create, "democracy:survey_detail", _("New disclosure survey")
    )


@office_required
def survey_detail(request, pk):
    survey = selectors.survey(request.user, pk)
    result = selectors.survey_result(survey, request.user)
    pct = lambda v: round(float(v * 100), 1) if v is not None else None  # noqa: E731
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 10, "bottom": 30},
            "xAxis": {
                "type": "category",
                "data": [_("Knowledge rate"), _("Satisfaction rate"), _("Response rate")],
            },
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {
                    "type": "bar",
                    "data": [
                        pct(result.knowledge_rate),
                        pct(result.satisfaction_rate),
                        pct(result.response_rate),
                    ],
                    "markLine": {
                        "symbol": "none",
                        "data": [
                            {"yAxis": float(conf.get("KNOWLEDGE_TARGET") * 100)},
                            {"yAxis": float(conf.get("SATISFACTION_TARGET") * 100)},
                        ],
                    },
                }
            ],
        },
    }
    satisfaction_chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": "65%",
                    "data": [
                        {"name": str(SurveyAnswer.Satisfaction.SATISFIED.label), "value": result.satisfied},
                        {"name": str(SurveyAnswer.Satisfaction.BASIC.label), "value": result.basic},
                        {
                            "name": str(SurveyAnswer.Satisfaction.UNSATISFIED.label),
                            "value": result.unsatisfied,
                        },
                    ],
                }
            ],
        },
    }
    return render(
        request,
        "democracy/survey_detail.html",
        {
            "survey": survey,
            "result": result,
            "chart": chart,
            "satisfaction_chart": satisfaction_chart,
            "by_branch": selectors.survey_response_by_branch(request.user, survey),
            "knowledge_target": conf.get("KNOWLEDGE_TARGET"),
            "satisfaction_target": conf.get("SATISFACTION_TARGET"),
            "model_target": conf.get("SATISFACTION_TARGET_MODEL_SMALL_HOME"),
            "may_manage": services.may_manage(request.user, survey.enterprise),
        },
    )


@office_required
@require_POST
def survey_close(request, pk):
    survey = selectors.survey(request.user, pk)
    _require(services.may_manage(request.user, survey.enterprise))
    run_service(request, services.survey_close, actor=request.user, survey=survey)
    return redirect("democracy:survey_detail", pk=survey.pk)


@office_required
def survey_export(request, pk):
    survey = selectors.survey(request.user, pk)
    r = selectors.survey_result(survey, request.user)
    if r.withheld:
        messages.error(
            request, _("Too few answers from your units to show their results without exposing who answered.")
        )
        return redirect("democracy:survey_detail", pk=survey.pk)
    audit.access(user=request.user, kind="export", obj=survey, branch_path=survey.enterprise.path)
    return documents.xlsx_response(
        f"survey-{survey.pk}.xlsx",
        [_("Measure"), _("Count"), _("Rate")],
        [
            [_("Answers"), r.answers, r.response_rate],
            [_("Knows the disclosed matters"), r.knows, r.knowledge_rate],
            [_("Satisfied"), r.satisfied, None],
            [_("Basically satisfied"), r.basic, None],
            [_("Not satisfied"), r.unsatisfied, None],
            [_("Satisfaction rate"), r.satisfied + r.basic, r.satisfaction_rate],
            [_("Workers"), r.workers, None],
        ],
    )


# --- contracts, mediation, petitions ---------------------------------------------------------


@office_required
def contract_list(request):
    return render(
        request,
        "democracy/contracts.html",
        {
            "contracts": selectors.with_expiry(list(selectors.contracts(request.user))),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    enterprises = _managed(request)
    form = forms.ContractForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    return _create_page(
        request, form, services.contract_create, "democracy:contract_detail", _("New contract")
    )


@office_required
def contract_detail(request, pk):
    contract = selectors.contract(request.user, pk)
    selectors.with_expiry([contract])
    return render(
        request,
        "democracy/contract_detail.html",
        {
            "contract": contract,
            "clauses": contract.clauses.all(),
            "checks": selectors.contract_checks(contract),
            "target": conf.get("FULFILMENT_TARGET"),
            "may_manage": services.may_manage(request.user, contract.enterprise),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contract_check(request, pk):
    contract = selectors.contract(request.user, pk)
    _require(services.may_manage(request.user, contract.enterprise))
    form = forms.CheckForm(
        request.POST or None, clauses=contract.clauses.all(), initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(
            request, services.fulfilment_check_record, actor=request.user, contract=contract,
            year=form.cleaned_data["year"], checked_on=form.cleaned_data["checked_on"], results=form.results(),
        )  # fmt: skip
        if ok:
            messages.success(request, _("Fulfilment check recorded."))
            return redirect("democracy:contract_detail", pk=contract.pk)
    return render(request, "democracy/check_form.html", {"contract": contract, "form": form})


@office_required
@require_POST
def contract_publish(request, pk):
    contract = selectors.contract(request.user, pk)
    _require(services.may_manage(request.user, contract.enterprise))
    run_service(request, services.contract_publish, actor=request.user, contract=contract)
    return redirect("democracy:contract_detail", pk=contract.pk)


@office_required
def mediation(request):
    return render(
        request,
        "democracy/mediation.html",
        {
            "committees": selectors.mediation_committees(request.user),
            "cases": selectors.mediation_cases(request.user)[:300],
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def committee_set(request):
    enterprises = _managed(request)
    form = forms.CommitteeForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(
            request, services.mediation_committee_set, actor=request.user, **form.cleaned_data
        )
        if ok:
            return redirect("democracy:mediation")
    return _form_page(request, form, _("Mediation committee"))


@office_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    enterprises = _managed(request)
    committees = selectors.mediation_committees(request.user).filter(enterprise__in=enterprises)
    form = forms.CaseForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(request, services.mediation_case_record, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect("democracy:mediation")
    return _form_page(request, form, _("Record a mediation case"))


@office_required
def petition_list(request):
    rows = list(selectors.petitions(request.user)[:300])
    for p in rows:
        p.days = (p.answered_on - p.received_on).days if p.answered_on else None
    return render(
        request,
        "democracy/petitions.html",
        {"petitions": rows, "may_manage": bool(selectors.managed_enterprises(request.user))},
    )


@office_required
@require_http_methods(["GET", "POST"])
def petition_create(request):
    enterprises = _managed(request)
    form = forms.PetitionForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    return _create_page(
        request, form, services.petition_record, "democracy:petition_detail", _("Record a letter or visit")
    )


@office_required
def petition_detail(request, pk):
    petition = selectors.petition(request.user, pk)
    return render(
        request,
        "democracy/petition_detail.html",
        {
            "petition": petition,
            "may_manage": services.may_manage(request.user, petition.enterprise),
            "may_flag": services.may_flag_petition(request.user, petition.enterprise),
            "answer_form": forms.PetitionAnswerForm(
                initial={
                    "handling": petition.handling,
                    "result": petition.result,
                    "answered_on": petition.answered_on or timezone.localdate(),
                }  # fmt: skip
            ),
            "flag_form": forms.PetitionFlagForm(initial={"abnormal": not petition.abnormal}),
        },
    )


@office_required
@require_POST
def petition_answer(request, pk):
    petition = selectors.petition(request.user, pk)
    _require(services.may_manage(request.user, petition.enterprise))
    form = forms.PetitionAnswerForm(request.POST)
    if form.is_valid():
        run_service(
            request, services.petition_answer, actor=request.user, petition=petition, **form.cleaned_data
        )
    else:
        messages.error(request, _("Fill in the handling, the result and the date."))
    return redirect("democracy:petition_detail", pk=petition.pk)


@office_required
@require_POST
def petition_flag(request, pk):
    petition = selectors.petition(request.user, pk)
    _require(services.may_flag_petition(request.user, petition.enterprise))
    form = forms.PetitionFlagForm(request.POST)
    form.is_valid()
    _p, ok = run_service(
        request, services.petition_flag, actor=request.user, petition=petition,
        abnormal=form.cleaned_data.get("abnormal", False), reason=form.cleaned_data.get("reason", ""),
    )  # fmt: skip
    if ok:
        messages.success(request, _("Saved."))
    return redirect("democracy:petition_detail", pk=petition.pk)
