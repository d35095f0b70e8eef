"""The demo's city federation: two districts under it, and a login for the city's reviewer."""

from branches import counters, selectors
from branches.models import Branch, Worker
from unionhome.models import User


def test_the_demo_city_holds_both_districts_and_its_reviewer_sees_them(demo_data):
    city = Branch.objects.get(code="C01")
    assert city.kind == "city" and city.is_root()
    districts = Branch.objects.filter(kind="district").order_by("code")
    assert [d.code for d in districts] == ["D01", "D02"]
    assert all(d.path.startswith(city.path) and d.depth == 2 for d in districts)
    assert Branch.objects.get(code="E04").path.startswith(districts[1].path)
    city_user, district_user = User.objects.get(username="city"), User.objects.get(username="district")
    assert city_user.check_password("unionhome-demo")
    assert selectors.workers(city_user).count() == Worker.objects.count()
    seen_by_district = set(selectors.workers(district_user).values_list("branch__path", flat=True))
    assert seen_by_district and all(p.startswith(districts[0].path) for p in seen_by_district)
    assert not selectors.workers(district_user).filter(branch__code__startswith="E04").exists()


def test_the_demo_counters_equal_the_roster(demo_data):
    assert counters.drift() == []
    assert (
        counters.subtree_totals(Branch.objects.get(code="C01").path)["workers"]
        == Worker.objects.filter(status="active").count()
    )
