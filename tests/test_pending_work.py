"""Work waiting for a role is on its dashboard ("Waiting for you"), with a link to where it is done;
nothing waiting, no block; and a transfer can be started from the transfer list."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from branches.models import MembershipTransfer, RosterJob
from tests.hardship.factories import application_in, campaign_for


def _dashboard(client) -> str:
    response = client.get(reverse("branches:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _block(page: str) -> str:
    return page[page.index('id="pending-work"') : page.index("</section>", page.index('id="pending-work"'))]


def _transfer(world, state) -> MembershipTransfer:
    return MembershipTransfer.objects.create(
        worker=world.worker_a2, state=state, from_branch=world.branch_a2, to_unit=world.ent_b,
        reason="调动", requested_by=world.user("officer"),
    )  # fmt: skip


def test_nothing_waiting_shows_no_block(world, client_for):
    assert 'id="pending-work"' not in _dashboard(client_for(world.user("officer")))


def test_a_transfer_waiting_for_the_receiving_union_is_on_its_officers_dashboard(world, client_for):
    _transfer(world, MembershipTransfer.State.REQUESTED)
    block = _block(_dashboard(client_for(world.user("officer_b"))))
    assert "转入本工会、等待您答复的转接" in block
    assert f"{reverse('branches:transfer_list')}?state=requested" in block
    assert '<span class="badge text-bg-primary rounded-pill">1</span>' in block
    # the sending union waits for nobody; the branch officer of A1 is not the receiving union
    for role in ("officer", "branch"):
        assert "等待您答复" not in _dashboard(client_for(world.user(role)))


def test_a_worker_asking_for_a_transfer_waits_for_the_sending_officer(world, client_for):
    _transfer(world, MembershipTransfer.State.ASKED)
    assert "等待您确认" in _block(_dashboard(client_for(world.user("officer"))))
    assert 'id="pending-work"' not in _dashboard(client_for(world.user("officer_b")))


def test_applications_to_review_and_to_decide(world, client_for):
    campaign = campaign_for(world.district)
    application_in(campaign, world.worker_a1, "submitted")
    application_in(campaign, world.worker_b1, "reported")
    officer = _block(_dashboard(client_for(world.user("officer"))))
    assert f"待审核的申请：{campaign.name}" in officer
    assert f"{reverse('hardship:campaign_detail', args=[campaign.pk])}?state=submitted" in officer
    district = _block(_dashboard(client_for(world.user("district"))))
    assert f"待审批的上报申请：{campaign.name}" in district and "待审核" not in district
    assert 'id="pending-work"' not in _dashboard(client_for(world.user("branch")))


def test_a_failed_job_is_on_its_starters_dashboard(world, client_for):
    officer = world.user("officer")
    job = RosterJob.objects.create(
        kind="import", status="failed", unit=world.ent_a, created_by=officer, message="断电", finished_at=timezone.now()
    )  # fmt: skip
    block = _block(_dashboard(client_for(officer)))
    assert "失败的花名册导入或导出" in block and reverse("branches:roster_job", args=[job.pk]) in block
    assert 'id="pending-work"' not in _dashboard(client_for(world.user("officer_b")))


# --- starting a transfer from the list ---------------------------------------------------------------


def test_the_transfer_list_has_a_start_button_for_those_who_may_start_one(world, client_for):
    start = reverse("branches:transfer_choose")
    for role in ("officer", "branch"):
        assert start in client_for(world.user(role)).get(reverse("branches:transfer_list")).content.decode()
    district = client_for(world.user("district"))
    assert start not in district.get(reverse("branches:transfer_list")).content.decode()
    assert district.get(start).status_code == 403


def test_choosing_the_worker_finds_only_active_workers_in_scope(world, client_for):
    world.worker_a2.status = "left"
    world.worker_a2.save()
    page = client_for(world.user("officer")).get(reverse("branches:transfer_choose"), {"q": "张"})
    html = page.content.decode()
    assert reverse("branches:transfer_start", args=[world.worker_a1.pk]) in html
    for name in ("李", "王"):  # left; another enterprise's
        html = client_for(world.user("officer")).get(reverse("branches:transfer_choose"), {"q": name})
        assert "transfer-candidates" in html.content.decode() and "/transfer/" not in html.content.decode()
