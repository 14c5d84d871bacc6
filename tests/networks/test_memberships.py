import pytest

from config.errors import DomainError
from networks.models import Network, Owner, University
from networks.permissions import access_for, can_act_for_partnership, can_view_network
from networks.roles import Role
from networks.services import membership_grant
from tests.factories import UserFactory


def test_owner_contact_sees_own_network_only(demo):
    orkland = Owner.objects.get(number="5059")
    fosen = Network.objects.get(name="Fosen")
    eier = demo["eier"]
    assert can_view_network(eier, orkland.network_id)
    assert not can_view_network(eier, fosen.pk)
    assert not can_act_for_partnership(eier, orkland.network_id)


def test_uh_contact_acts_for_every_partnership_of_the_university(demo):
    ntnu_networks = set(
        Network.objects.filter(partnership__universities__short_name="NTNU").values_list(
            "pk", flat=True
        )
    )
    nord_only = Network.objects.get(name="Indre Namdal")
    access = access_for(demo["uh"])
    assert access.partnership_network_ids == ntnu_networks
    assert not can_view_network(demo["uh"], nord_only.pk)


def test_regional_roles_see_every_network(demo):
    fosen = Network.objects.get(name="Fosen")
    for name in ("sekretariat", "forum", "statsforvalter", "admin"):
        assert can_view_network(demo[name], fosen.pk), name
        assert not can_act_for_partnership(demo[name], fosen.pk), name


def test_a_role_must_point_at_the_right_kind_of_organisation(demo):
    user = UserFactory()
    with pytest.raises(DomainError, match="må knyttes til en organisasjon"):
        membership_grant(user=user, role=Role.OWNER_CONTACT)
    with pytest.raises(DomainError, match="kan ikke knyttes"):
        membership_grant(user=user, role=Role.STATSFORVALTER, university=University.objects.first())


def test_new_membership_takes_effect_at_once(demo):
    user = UserFactory()
    fosen = Network.objects.get(name="Fosen")
    assert not can_act_for_partnership(user, fosen.pk)
    membership_grant(user=user, role=Role.NETWORK_COORDINATOR, network=fosen)
    assert can_act_for_partnership(user, fosen.pk)
