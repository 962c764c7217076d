"""The API against schemathesis: every operation of the OpenAPI document, served on loopback,
with generated valid and invalid input. No answer may be a server error, and every status,
content type and body must be the one the document declares.

The examples per operation are bounded (FUZZ_EXAMPLES, default 12 of each kind), so the run
stays within a couple of minutes on two cores; FUZZ_EXAMPLES=200 for a long run by hand, and
FUZZ_OPERATIONS=list_applications (a part of the operation's label) to look at some only.
"""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from utblick.api.tokens import token_create
from utblick.core.access import Role
from utblick.factories import (
    ActivityFactory,
    ApplicationFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    VisitFactory,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
ONLY = os.environ.get("FUZZ_OPERATIONS", "")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_world(transactional_db):
    """A municipality with a record in each register, and a coordinator's token. The server
    thread sees only committed data; the flush afterwards removes the reference data the
    session loaded, so it is loaded again. It is loaded first too: another test of the same
    kind may have run (in random order) and flushed it before this one."""
    from utblick.reference.services import load_reference_data

    load_reference_data()
    home = MunicipalityFactory(code="9101", name="Fuzzkommun")
    unit = UnitFactory(municipality=home, name="Kulturnämnden")
    for factory in (
        MembershipFactory,
        PartnershipFactory,
        ApplicationFactory,
        VisitFactory,
        ActivityFactory,
    ):
        factory(municipality=home, unit=unit)
    PersonFactory(municipality=home, unit=unit)
    user = UserFactory(username="fuzz")
    RoleFactory(user=user, municipality=home, role=Role.COORDINATOR)
    _, token = token_create(user=user, municipality=home)
    yield token
    load_reference_data()


def _fuzz(operation, mode, call) -> tuple[int, list[str]]:
    """Run one operation's bounded examples of one kind; (cases run, failures found)."""
    failures: list[str] = []
    cases = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case):
        nonlocal cases
        cases += 1
        response = call(case)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}): {failure}"[:2000])

    exercise()
    return cases, failures


def test_no_operation_answers_a_server_error_or_an_undeclared_status(
    live_server, fuzz_world, pytestconfig
):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    # The coordinator's token on every request (generated cases carry a made-up one).
    token = {"Authorization": f"Bearer {fuzz_world}"}

    def call(case):
        return case.call(base_url=live_server.url, headers=token)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 70
    operations = [op for op in operations if ONLY in op.label]
    failures: list[str] = []
    cases = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            ran, found = _fuzz(operation, mode, call)
            cases += ran
            failures += found
    summary = {"operations": len(operations), "cases": cases, "failures": len(failures)}
    artifacts = pytestconfig.rootpath / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "api-fuzz.json").write_text(json.dumps(summary), encoding="utf-8")
    assert failures == [], "\n\n".join(failures[:20])
