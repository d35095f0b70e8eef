"""The worker's application form on a phone: household rows added and removed, one error summary at
the top, no category before the incomes, the applicant's own row, styled upload controls."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hardship.models import Application, HouseholdMember
from unionhome.models import AuditEvent

SPOUSE = {"relation": "spouse", "name": "王芳", "monthly_income": "1000", "unmarried": False}
CHILDREN = [
    {"relation": "child", "name": name, "monthly_income": "0", "unmarried": True, "in_school": True}
    for name in ("张大", "张二", "张三妹", "张四")
]


def _own(worker, income="1500", unmarried=False):
    return {
        "relation": "self",
        "name": worker.name,
        "id_number": worker.id_number,
        "monthly_income": income,
        "unmarried": unmarried,
    }


def _post(application, members, *, initial=0, marital="married", deleted=(), **extra):
    data = {
        "app-version": Application.objects.get(pk=application.pk).version,
        "app-marital_status": marital,
        "app-primary_cause": "major_illness",
        "app-government_aid": "0",
        "app-medical_self_paid": "0",
        "app-property_loss": "0",
        "app-description": "妻子患病，孩子上学",
        "app-consent": "on",
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": str(initial),
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "15",
    }
    for i, member in enumerate(members):
        for key, value in member.items():
            if value is True:
                data[f"m-{i}-{key}"] = "on"
            elif value is not False:
                data[f"m-{i}-{key}"] = value
        if i in deleted:
            data[f"m-{i}-DELETE"] = "on"
    data.update(extra)
    return data


@pytest.fixture
def draft(world, campaign, client_for):
    client = client_for(world.user("worker"))
    client.post(reverse("hardship_portal:apply", args=[campaign.pk]))
    return Application.objects.get(worker=world.worker_a1)


@pytest.fixture
def worker_client(world, client_for):
    return client_for(world.user("worker"))


def _edit(application):
    return reverse("hardship_portal:edit", args=[application.pk])


def _names(application):
    return list(HouseholdMember.objects.filter(application=application).values_list("name", flat=True))


def test_a_fresh_draft_shows_no_category_until_the_incomes_are_filled(world, draft, worker_client):
    assert draft.category is None and draft.per_capita is None
    own = draft.members.get()
    assert own.monthly_income is None
    page = worker_client.get(_edit(draft)).content.decode()
    preview = page[
        page.index('id="category-preview"') : page.index("</div>", page.index('id="category-preview"'))
    ]
    assert "填写全部家庭成员的月收入后" in preview and "第1类" not in preview
    # the applicant's income box is empty, not a ready-made 0
    assert 'name="m-0-monthly_income" value=' not in page
    worker_client.post(_edit(draft), _post(draft, [_own(world.worker_a1), SPOUSE]))
    draft.refresh_from_db()
    assert draft.category == 3 and draft.per_capita == Decimal("1250.00")
    page = worker_client.get(_edit(draft)).content.decode()
    assert "第3类" in page


def test_the_applicants_own_row_takes_the_applications_marital_status(world, draft, worker_client):
    # married by default: the own row is not 未婚
    assert draft.marital_status == "married" and draft.members.get().unmarried is False
    page = worker_client.get(_edit(draft)).content.decode()
    assert 'name="m-0-unmarried" value=""' in page and 'id="id_m-0-unmarried"' not in page
    # whatever the row says, it follows the marital status given for the application
    worker_client.post(
        _edit(draft), _post(draft, [_own(world.worker_a1, unmarried=True), SPOUSE], marital="married")
    )
    assert draft.members.get(relation="self").unmarried is False
    worker_client.post(
        _edit(draft), _post(draft, [_own(world.worker_a1, unmarried=False)], marital="unmarried", initial=2)
    )
    assert draft.members.get(relation="self").unmarried is True


def test_five_members_are_added_and_one_removed(world, draft, worker_client):
    members = [_own(world.worker_a1), SPOUSE, *CHILDREN]
    response = worker_client.post(_edit(draft), _post(draft, members))
    assert response.status_code == 302
    assert _names(draft) == [world.worker_a1.name, "王芳", "张大", "张二", "张三妹", "张四"]
    draft.refresh_from_db()
    assert draft.household_size == 6 and draft.per_capita == Decimal("416.67")
    # the page lists the six rows and one empty row to fill
    page = worker_client.get(_edit(draft)).content.decode()
    assert 'name="m-TOTAL_FORMS" value="7"' in page and 'name="m-INITIAL_FORMS" value="6"' in page
    assert page.count("data-member") == 7 + 1  # seven rows and the template of a new one
    # remove the third child
    response = worker_client.post(_edit(draft), _post(draft, members, initial=6, deleted=(4,)))
    assert response.status_code == 302
    assert _names(draft) == [world.worker_a1.name, "王芳", "张大", "张二", "张四"]
    draft.refresh_from_db()
    assert draft.household_size == 5
    saves = AuditEvent.objects.filter(action="hardship.application.save").count()
    assert saves == 2


def test_add_member_without_javascript_returns_the_typed_form_with_one_more_row(world, draft, worker_client):
    before = list(draft.members.values_list("name", "monthly_income"))
    data = _post(draft, [_own(world.worker_a1), SPOUSE, {"relation": "", "name": ""}], add_member="1")
    response = worker_client.post(_edit(draft), data)
    assert response.status_code == 200
    page = response.content.decode()
    # what was typed is kept, the empty row is dropped, one new empty row follows
    assert 'value="王芳"' in page and 'name="m-TOTAL_FORMS" value="3"' in page
    assert 'id="error-summary"' not in page and "invalid-feedback" not in page
    assert list(draft.members.values_list("name", "monthly_income")) == before
    assert not AuditEvent.objects.filter(action="hardship.application.save").exists()


def test_errors_are_summarised_at_the_top_with_a_link_to_each_field(world, draft, worker_client):
    spouse_without_income = {**SPOUSE, "monthly_income": ""}
    data = _post(draft, [_own(world.worker_a1), spouse_without_income], **{"app-primary_cause": ""})
    response = worker_client.post(_edit(draft), data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert page.index('id="error-summary"') < page.index('id="application-form"')
    assert (
        'role="alert"' in page[page.index('id="error-summary"') - 80 : page.index('id="error-summary"') + 80]
    )
    assert 'href="#id_app-primary_cause"' in summary and "主要致困原因：此项为必填项" in summary
    assert 'href="#id_m-1-monthly_income"' in summary and "家庭成员2 · 月收入：此项为必填项" in summary
    # nothing saved
    assert _names(draft) == [world.worker_a1.name]
    assert not AuditEvent.objects.filter(action="hardship.application.save").exists()


def test_more_than_fifteen_members_are_refused_and_nothing_changes(world, draft, worker_client):
    many = [_own(world.worker_a1)] + [
        {"relation": "other", "name": f"亲属{i}", "monthly_income": "0", "unmarried": True} for i in range(15)
    ]
    response = worker_client.post(_edit(draft), _post(draft, many))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert _names(draft) == [world.worker_a1.name]


def test_the_upload_controls_are_styled_and_preview_the_chosen_file(draft, worker_client):
    page = worker_client.get(reverse("hardship_portal:detail", args=[draft.pk])).content.decode()
    assert 'class="form-select"' in page and 'name="kind"' in page
    assert 'class="form-control js-file-preview"' in page and 'data-preview="upload-preview"' in page
    assert 'id="upload-preview"' in page and 'aria-live="polite"' in page
    assert "js/hardship_form.js" in page


def test_the_office_shows_a_dash_not_none_for_a_draft_without_incomes(world, draft, client_for):
    page = client_for(world.user("officer")).get(reverse("hardship:application_detail", args=[draft.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and ">None<" not in text and "None 元" not in text
