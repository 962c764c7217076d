"""Read-only endpoints: who am I, the municipality's policy profile, reference data."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from utblick.api.errors import READ_ERRORS, ErrorOut, error
from utblick.api.schemas import Pages
from utblick.core.access import reference, scoped
from utblick.policy.models import Commitment, Goal, Indicator, PriorityArea, ProfileVersion
from utblick.reference.models import Country, EUProgramme

router = Router(tags=["Profile and reference data"])


class MeOut(Schema):
    username: str
    municipality_code: str
    municipality_name: str
    role: str
    unit_ids: list[int]


class ProfileOut(Schema):
    number: int
    title: str
    kind: str
    status: str
    adopted_by: str
    adopted_on: date | None
    valid_from: date | None
    valid_to: date | None
    registry_number: str
    owner: str
    review_date: date | None
    source_name: str
    sha256: str


class CommitmentOut(Schema):
    id: int
    key: str
    text: str


class PriorityAreaOut(Schema):
    id: int
    key: str
    name: str
    description: str
    commitments: list[CommitmentOut]


class IndicatorOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    metric: str
    unit: str


class GoalOut(Schema):
    id: int
    key: str
    name: str
    priority_area_id: int | None
    indicators: list[IndicatorOut]


class ProgrammeOut(Schema):
    id: int
    code: str
    name_sv: str
    name_en: str
    management: str
    ft_portal_programme_id: str


class CountryOut(Schema):
    code: str
    name_sv: str
    name_en: str
    is_eu_member: bool


@router.get("/me", response={200: MeOut, **READ_ERRORS}, operation_id="me")
def me(request):
    actor = request.actor
    return {
        "username": actor.user.get_username(),
        "municipality_code": actor.municipality.code,
        "municipality_name": actor.municipality.name,
        "role": actor.role,
        "unit_ids": sorted(actor.unit_ids),
    }


@router.get(
    "/profile",
    response={200: ProfileOut, 404: ErrorOut, **READ_ERRORS},
    operation_id="current_profile",
)
def current_profile(request):
    version = scoped(ProfileVersion, request.actor).filter(is_current=True).first()
    if version is None:
        message = "No policy profile is loaded for this municipality."
        return Status(404, error([], message, "not_found"))
    return version


@router.get(
    "/priority-areas",
    response={200: list[PriorityAreaOut], **READ_ERRORS},
    operation_id="priority_areas",
)
def priority_areas(request):
    active_commitments = scoped(Commitment, request.actor).filter(retired_at__isnull=True)
    return (
        scoped(PriorityArea, request.actor)
        .filter(retired_at__isnull=True)
        .prefetch_related(_prefetch("commitments", active_commitments))
    )


@router.get("/goals", response={200: list[GoalOut], **READ_ERRORS}, operation_id="goals")
def goals(request):
    active_indicators = scoped(Indicator, request.actor).filter(retired_at__isnull=True)
    return (
        scoped(Goal, request.actor)
        .filter(retired_at__isnull=True)
        .prefetch_related(_prefetch("indicators", active_indicators))
    )


@router.get(
    "/programmes", response={200: list[ProgrammeOut], **READ_ERRORS}, operation_id="programmes"
)
def programmes(request):
    return reference(EUProgramme)


@router.get("/countries", response={200: list[CountryOut], **READ_ERRORS}, operation_id="countries")
@paginate(Pages, page_size=300, max_page_size=300)
def countries(request):
    return reference(Country)


def _prefetch(name, queryset):
    from django.db.models import Prefetch

    return Prefetch(name, queryset=queryset)
