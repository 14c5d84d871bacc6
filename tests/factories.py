"""factory_boy factories for tests that need data beyond the demo world."""

from __future__ import annotations

import factory

from networks import services
from networks.models import Network, Owner, User
from networks.roles import Role


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testnettverk {n}")
    slug = factory.Sequence(lambda n: f"testnettverk-{n}")


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner
        django_get_or_create = ("number",)

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    kind = Owner.Kind.MUNICIPALITY
    number = factory.Sequence(lambda n: f"{9000 + n}")
    network = factory.SubFactory(NetworkFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("passord-for-test")


def user_with_role(role: Role, **organisation) -> User:
    user = UserFactory()
    services.membership_grant(user=user, role=role, **organisation)
    return user
