"""factory_boy factories for tests: real records through the real models, no fixture files."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from utblick.core.access import Role
from utblick.organisation.models import Municipality, Person, RoleAssignment, Unit, UnitKind
from utblick.planning.models import Activity
from utblick.policy.models import ReportingPeriod
from utblick.registers.models import (
    FundingApplication,
    GrantApplication,
    NetworkMembership,
    Partnership,
    Visit,
)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    county_code = "99"
    county_name = "Testlän"
    is_tenant = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.se")
    password = factory.django.Password("test-password-1234")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = UnitKind.COMMITTEE
    name = factory.Sequence(lambda n: f"Nämnd {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    kind = "staff"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.COORDINATOR


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.Sequence(lambda n: f"Nätverk {n}")
    scope = "municipality_wide"
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    started_on = dt.date(2020, 1, 1)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "cooperation_agreement"
    title = factory.Sequence(lambda n: f"Samarbete {n}")
    counterpart = "Tartu"
    country_id = "EE"
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Projekt {n}")
    other_funder = "Testfonden"
    role = "lead"
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    total_budget = Decimal("1000000")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Besök {n}")
    direction = "incoming"
    kind = "study"
    country_id = "DE"
    starts_on = dt.date(2025, 5, 1)
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantApplication

    municipality = factory.SubFactory(MunicipalityFactory)
    scheme_key = "vanortsmedel"
    title = factory.Sequence(lambda n: f"Vänortsutbyte {n}")
    applicant_kind = "association"
    applicant = "Hembygdsföreningen"
    year = 2026
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    year = 2026
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """The yearly report of the reporting calendar, due from the committees."""

    class Meta:
        model = ReportingPeriod

    municipality = factory.SubFactory(MunicipalityFactory)
    key = "annual"
    name = "Årsredovisning"
    period_start = "01-01"
    period_end = "12-31"
    due = "02-28"
    reporters = factory.LazyFunction(lambda: ["committee"])
    recipient = "executive_board"
