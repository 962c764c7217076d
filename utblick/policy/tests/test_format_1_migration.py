"""A profile loaded in format 1 carries on in the general vocabulary: the migration keeps the
versions, gives the routines their checks and keeps every obligation — the document's renamed
to name the document, nothing a person marked done or waived changed."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from utblick.organisation.models import Municipality
from utblick.policy.models import ProfileVersion, Routine, SteeringDocument
from utblick.routines.models import Obligation
from utblick.routines.tests.conftest import HERE

migration = importlib.import_module("utblick.policy.migrations.0003_routines_in_general_vocabulary")
FORMAT_1 = (HERE.parents[1] / "policy" / "tests" / "format_1" / "essunga_format_1.toml").read_text(
    encoding="utf-8"
)


@pytest.mark.django_db
def test_a_format_1_profile_and_its_obligations_carry_on():
    essunga = Municipality.objects.get(code="1445")
    version = ProfileVersion.objects.create(
        municipality=essunga,
        number=1,
        is_current=True,
        source=FORMAT_1,
        source_name="essunga.toml",
        sha256="x",
        title="Internationell strategisk plan 2017–2019",
        kind="plan",
        status="adopted",
    )
    routine = Routine.objects.create(
        municipality=essunga, key="planens-giltighet", requirement="E1"
    )
    old_type = ContentType.objects.get_for_model(ProfileVersion)
    expired = Obligation.objects.create(
        municipality=essunga,
        routine=routine,
        dedupe_key="planens-giltighet:document:expired:2019-12-31",
        kind="conflict",
        title="Styrdokumentet har upphört att gälla – ett nytt behöver antas",
        content_type=old_type,
        object_id=version.pk,
        status="open",
    )
    followed_up = Obligation.objects.create(
        municipality=essunga,
        routine=routine,
        dedupe_key="planens-giltighet:document:year:2025",
        kind="obligation",
        title="Följ upp styrdokumentet för 2025",
        content_type=old_type,
        object_id=version.pk,
        status="waived",
        waived_reason="Planen har upphört",
    )

    migration.forwards(apps, None)

    document = SteeringDocument.objects.get(municipality=essunga)
    assert (document.key, document.kind, str(document.valid_to)) == ("plan", "plan", "2019-12-31")
    routine.refresh_from_db()
    assert routine.families == "required_fact,recurring_duty" and routine.registers == "documents"
    assert {check["key"] for check in routine.checks if "key" in check} == {
        "expired",
        "renew",
        "review-date",
    }
    expired.refresh_from_db()
    followed_up.refresh_from_db()
    assert expired.dedupe_key == f"planens-giltighet:document:{document.pk}:expired"
    assert expired.status == "open" and expired.object_id == document.pk
    assert expired.content_type == ContentType.objects.get_for_model(SteeringDocument)
    assert followed_up.dedupe_key == f"planens-giltighet:document:{document.pk}:year:2025"
    assert (followed_up.status, followed_up.waived_reason) == ("waived", "Planen har upphört")
    # A sweep afterwards recognises them: the conflict stays the one obligation about it.
    from utblick.routines.services import routines_run

    routines_run(essunga)
    assert (
        Obligation.objects.filter(municipality=essunga, dedupe_key__contains=":expired").count()
        == 1
    )
