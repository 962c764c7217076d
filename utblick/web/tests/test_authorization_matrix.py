"""The authorization matrix: every page of the URL configuration and every operation of the
OpenAPI document, as each role, on a record of its own municipality and on one of another,
with the outcome each cell is allowed to have.

The pages and operations are read from the URL configuration and the OpenAPI document, so a new
view or operation is in the matrix the moment it exists; its parameters must be known below
(`page_arguments`) or the test fails, and its outcome must fit its access rule or be listed
among the rule's stated exceptions.

Roles: anonymous, reader, unit editor of the unit that owns the record, unit editor of another
unit, coordinator, administrator. Outcomes: "ok" (200, a redirect that is not to the sign-in,
405 for a POST-only page asked with GET), "login" (302 to the sign-in), "denied" (403),
"hidden" (404). Requests on another municipality's records must change nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from utblick.core.access import Role
from utblick.factories import RoleFactory
from utblick.imports.models import ImportRun, ImportStatus
from utblick.monitoring.models import FundingCall
from utblick.policy.models import Indicator, ReportingPeriod, Routine
from utblick.registry import REGISTERS
from utblick.reporting.models import ReportRun
from utblick.routines.models import Notification, Obligation
from utblick.routines.tests.conftest import make_place, user

ROLES = ("anonymous", "reader", "owning_editor", "other_editor", "coordinator", "administrator")
SIGNED_IN = ROLES[1:]
YEAR = 2026


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) in ("admin/", "api/v1/"):
                continue  # the admin has Django's staff rule; the API has its own matrix below
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


@dataclass
class Side:
    """One municipality's records, owned by its committee, and its people in every role."""

    place: object
    records: dict
    people: dict
    run: ReportRun
    import_run: ImportRun
    obligation: Obligation
    notification: Notification
    indicator: Indicator
    period: str


def _side(code: str, make) -> Side:
    place = make_place(code)
    municipality, committee = place.municipality, place.committee
    records = {r.key: make(r.key, municipality, committee) for r in REGISTERS}
    people = {"coordinator": place.coordinator, "owning_editor": place.editor}
    for role, name, unit in (
        (Role.READER, "reader", None),
        (Role.UNIT_EDITOR, "other_editor", place.other_committee),
        (Role.ADMINISTRATOR, "administrator", None),
    ):
        people[name] = user(f"{name}-{code}")
        RoleFactory(user=people[name], municipality=municipality, role=role, unit=unit)
    obligation = Obligation.objects.create(
        municipality=municipality,
        routine=Routine.objects.filter(municipality=municipality).first(),
        dedupe_key=f"matrix-{code}",
        kind="obligation",
        title="Informera kommunstyrelsens förvaltning",
        responsible_unit=committee,
        due_on=dt.date(YEAR, 6, 1),
    )
    notification = Notification.objects.create(
        recipient=place.coordinator,
        municipality=municipality,
        obligation=obligation,
        subject="Påminnelse",
        body="Åtgärd väntar.",
    )
    run = ReportRun.objects.create(municipality=municipality, year=YEAR, format="xlsx")
    import_run = ImportRun.objects.create(
        municipality=municipality,
        user=place.coordinator,
        register="memberships",
        file_name="medlemskap.xlsx",
        sha256="0" * 64,
        token=f"{code}{'0' * 28}",
        status=ImportStatus.INVALID,
    )
    indicator = Indicator.objects.filter(municipality=municipality).order_by("-kind").first()
    period = ReportingPeriod.objects.filter(municipality=municipality).order_by("order")[0].key
    return Side(
        place, records, people, run, import_run, obligation, notification, indicator, period
    )


def page_arguments(name: str, route: str, pattern, side: Side, call: FundingCall) -> dict:
    """The URL's arguments for a record of `side`; a new parameter must be added here."""
    register = pattern.default_args.get("register")
    values = {}
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if register:
            values[parameter] = side.records[register].pk
        elif parameter == "pk" and name.startswith("monitoring:item"):
            values[parameter] = side.records["monitoring_items"].pk
        elif parameter == "pk" and name.startswith("monitoring:call"):
            values[parameter] = call.pk
        elif parameter == "pk" and name.startswith("routines:obligation"):
            values[parameter] = side.obligation.pk
        elif parameter == "pk" and name == "routines:information_matter":
            values[parameter] = side.records["applications"].pk
        elif parameter == "pk" and name == "web:person_extract":
            values[parameter] = side.records["people"].pk
        elif parameter == "pk" and name == "routines:notification_read":
            values[parameter] = side.notification.pk
        elif parameter == "run_id":
            values[parameter] = side.import_run.pk if name.startswith("imports:") else side.run.pk
        elif parameter == "slug":
            values[parameter] = "medlemskap"
        elif parameter == "indicator_id":
            values[parameter] = side.indicator.pk
        elif parameter == "number":  # a profile version
            values[parameter] = 1
        elif parameter == "year":
            values[parameter] = YEAR
        elif parameter == "period":
            values[parameter] = side.period
        elif parameter == "unit_id":
            values[parameter] = side.place.committee.pk
        elif parameter == "code":
            values[parameter] = side.place.municipality.code
        elif parameter in ("token", "uidb64"):
            values[parameter] = "x"
        elif parameter == "view":  # which list of obligations is exported
            values[parameter] = "all"
        else:
            raise AssertionError(f"{name}: unknown URL parameter <{parameter}>; add it here")
    return values


def _outcome(response) -> str:
    code = response.status_code
    if code == 302 and response["Location"].startswith("/konto/logga-in/"):
        return "login"
    if code in (200, 302):
        return "ok"
    if code in (400, 409):
        return "ok"  # a write asked with no data, or not now: refused after the access check
    return {403: "denied", 404: "hidden", 405: "method"}.get(code, f"status {code}")


def _client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


# The stated exceptions to the access rules, beyond "readers change nothing".
OWNER_ONLY = {  # one person's own: an import they uploaded, a notification to them
    "imports:preview",
    "imports:confirm",
    "imports:result",
    "imports:status",
    "imports:retry",
    "routines:notification_read",
}
ADMINISTRATOR_ONLY = {
    "routines:policy_preview",
    "routines:policy_download",
    "routines:policy_check",
    "routines:policy_version",
    "routines:policy_draft",
    "signin:settings",  # the organisation's identity provider
    "web:person_extract",  # personal data
}
COMPILERS_ONLY = {"reporting:run_retry", "reporting:run_publish"}  # the executive office
ORGANISATION = ("units", "people", "contact_people")  # kept by coordinators only
COORDINATORS_ONLY = {
    f"web:{key}_{action}"
    for key in ORGANISATION
    for action in ("create", "edit", "archive", "restore")
}
NOT_FOR_READERS = {"reporting:unit_reports", "reporting:unit_report"}  # the units' own drafts
OWNING_UNIT_ONLY = {  # the owning unit's record or report: another unit's editor is refused
    *(
        f"web:{r.key}_{action}"
        for r in REGISTERS
        for action in ("edit", "archive", "restore", "transition")
    ),
    "reporting:unit_report",
    "reporting:unit_report_start",
    "reporting:unit_report_save",
    "reporting:unit_report_decide",
    "reporting:unit_report_reopen",
    "routines:obligation_complete",
    "routines:obligation_waive",
    "routines:obligation_reopen",
    "routines:obligation_assign",
    "routines:obligation_review",
    "routines:information_matter",
    "monitoring:item_edit",
}
# Lists every member reads, on which writers also act on the rows they tick (a POST).
LISTS_WITH_BULK_ACTIONS = {
    "routines:obligation_list",
    "routines:obligation_mine",
    "routines:obligation_backlog",
}
EMPTY_POST_404 = {"web:switch_municipality"}  # no municipality named: no such municipality
NOTHING_THERE = {  # the matrix's record has nothing to show here: a 404 for everyone
    "reporting:run_download",  # the run has no file yet
    "reporting:withdraw",  # nothing is published
    "monitoring:calendar_feed",  # no such feed
    "signin:start",  # the organisation has no identity provider
}
SHARED = {
    "monitoring:call_detail",
    "monitoring:call_assess",
    "monitoring:call_idea",
    "monitoring:call_share",
    "public_report:page",
    "password_reset_confirm",
}
# Pages whose arguments are not a municipality's record: no "other municipality" column.
# A profile version's number counts within the signed-in user's municipality.
NOT_A_RECORD = (
    "imports:upload",
    "imports:template",
    "imports:template_filled",
    "routines:policy_version",
    "routines:obligation_export",
)


def expected(name: str, rule: str, role: str, tenant: str, method: str) -> set[str]:
    """The outcomes a cell may have."""
    if rule == "public":
        if name == "logout" and method == "post":
            return {"login"}
        if name == "signin:callback":  # no sign-in under way: back to the sign-in page
            return {"login", "method"}
        if name in NOTHING_THERE:  # a GET-only page answers a POST with 405 first
            return {"hidden", "method"} if method == "post" else {"hidden"}
        return {"ok", "method"}
    if role == "anonymous":
        return {"login"}
    if rule == "installation_admin":  # the installation's administrators: none of these roles
        return {"denied"}
    if rule in ("writer", "importer") and role == "reader":
        return {"denied"}
    if name in ADMINISTRATOR_ONLY and role != "administrator":
        return {"denied"}
    if name in NOT_FOR_READERS and role == "reader":
        return {"denied"}
    if name in LISTS_WITH_BULK_ACTIONS and role == "reader" and method == "post":
        return {"denied"}
    if tenant == "other" and name not in SHARED:
        return {"hidden", "method"}
    if name in NOTHING_THERE:
        return {"hidden", "method"}
    if name in OWNER_ONLY and role != "coordinator":
        return {"hidden", "method"}
    if name in EMPTY_POST_404 and method == "post":
        return {"hidden"}
    if name in COMPILERS_ONLY and role not in ("coordinator", "administrator"):
        return {"denied", "method"}
    if name in COORDINATORS_ONLY and role not in ("coordinator", "administrator"):
        return {"denied", "method"}
    if name in OWNING_UNIT_ONLY and role == "other_editor":
        return {"denied", "method"}
    return {"ok", "method"}


def _history_rows() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.fixture
def matrix(db, make):
    return _side("1280", make), _side("2080", make)


def test_every_page_as_every_role_on_its_own_and_another_municipalitys_record(matrix, pytestconfig):
    home, other = matrix
    call = FundingCall.objects.create(identifier="TOPIC-1", title="Ämne", status="open")
    wrong, cells, pages = [], 0, set()
    clients = {role: _client(home.people.get(role)) for role in ROLES}
    for name, route, pattern in _walk(get_resolver().url_patterns):
        rule = getattr(pattern.callback, "access_rule", None)
        assert rule is not None, f"{name} has no access rule"
        pages.add(name)
        sides = [("own", home)]
        if "<" in route and name not in NOT_A_RECORD:
            sides.append(("other", other))
        for tenant, side in sides:
            url = reverse(name, kwargs=page_arguments(name, route, pattern, side, call))
            before = _history_rows() if tenant == "other" else None
            for role in ROLES:
                for method in ("get", "post"):
                    outcome = _outcome(getattr(clients[role], method)(url))
                    cells += 1
                    allowed = expected(name, rule, role, tenant, method)
                    if outcome not in allowed:
                        wrong.append(
                            f"{method.upper()} {url} ({name}) as {role}: {outcome}, "
                            f"expected {' or '.join(sorted(allowed))}"
                        )
            if before is not None and _history_rows() != before:
                wrong.append(f"{url}: a request on another municipality's record changed it")
        if name == "logout":  # that signed everybody out
            clients = {role: _client(home.people.get(role)) for role in ROLES}
    _record(pytestconfig, "web", pages=len(pages), cells=cells)
    assert wrong == [], "\n".join(wrong)


def _record(pytestconfig, kind: str, **figures) -> None:
    import json

    path = pytestconfig.rootpath / "test-artifacts" / f"authorization-matrix-{kind}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(figures), encoding="utf-8")
