from django.core.management import call_command

from grants.models import SchemeYear
from networks.models import HeadCount, Membership, Network, Owner, Partnership, User
from networks.roles import Role


def _snapshot():
    return {
        "networks": list(Network.objects.values_list("name", "slug").order_by("name")),
        "owners": list(
            Owner.objects.values_list("number", "name", "network__name").order_by("number")
        ),
        "counts": list(
            HeadCount.objects.values_list("owner__number", "year", "pupils", "children").order_by(
                "owner__number"
            )
        ),
        "memberships": list(
            Membership.objects.values_list("user__username", "role").order_by("user__username")
        ),
        "years": list(SchemeYear.objects.values_list("year", "total_amount", "base_grant")),
        "users": User.objects.count(),
    }


def test_seed_demo_builds_the_trondelag_world(demo):
    assert Network.objects.regular().count() == 11
    assert Owner.objects.count() == 39
    # The joint measures too: run by NTNU (Inkluderingsanalysen), which receives their vedtak.
    joint = Network.objects.get(is_joint=True)
    assert joint.host_owner is None
    assert [u.short_name for u in joint.partnership.universities.all()] == ["NTNU"]
    assert Partnership.objects.count() == 12
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    # One user per role, and the approver with budget authority (two-person approval).
    assert User.objects.count() == len(Role.values) + 1
    assert Membership.objects.get(user__username="godkjenner").budget_authority
    assert not Membership.objects.get(user__username="statsforvalter").budget_authority
    county = Owner.objects.get(number="50")
    assert county.kind == Owner.Kind.COUNTY
    # The county's row is real: 17 282 pupils + 5 480 apprentices counted together.
    assert county.head_counts.get(year=2027).pupils == 17_282 + 5_480
    year = SchemeYear.objects.get(year=2027)
    assert (year.total_amount, year.joint_percent, year.base_grant) == (12_000_000, 15, 300_000)


def test_seed_demo_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before


def test_demo_data_is_labelled_illustrative(demo):
    sources = set(HeadCount.objects.values_list("source", flat=True))
    assert sources and all("illustrativ" in s for s in sources)
