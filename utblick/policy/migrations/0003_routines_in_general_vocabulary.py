"""Profiles loaded in format 1 carry on in the general vocabulary.

For every organisation's current profile version: its steering document becomes a
SteeringDocument (keyed by its kind, as format 1 is read), and each routine's checks (the
general vocabulary's reading of its format-1 rule type) are stored beside it. The routines
keep their keys, and so do their obligations — except the document's, whose keys now name
the document: those are renamed and pointed at the new record, their status, evidence and
history untouched. Nothing a person marked done or waived changes.
"""

import re

from django.db import migrations

# Format-1 document keys (after "<routine>:document:") → the general vocabulary's.
_DOCUMENT_KEYS = (
    (re.compile(r"^expired:\d{4}-\d{2}-\d{2}$"), lambda m, d: f"{d}:expired", None),
    (re.compile(r"^renew:(\d{4}-\d{2}-\d{2})$"), lambda m, d: f"{d}:renew@{m.group(1)}", "renew"),
    (
        re.compile(r"^review-date:(\d{4}-\d{2}-\d{2})$"),
        lambda m, d: f"{d}:review-date@{m.group(1)}",
        "review-date",
    ),
    (re.compile(r"^(term:\d{4}-\d{4}|year:\d{4})$"), lambda m, d: f"{d}:{m.group(1)}", None),
    (re.compile(r"^validity:open-ended$"), lambda m, d: f"{d}:validity:open-ended", None),
)


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def forwards(apps, schema_editor):
    from utblick.policy import profile_format as fmt

    ProfileVersion = apps.get_model("policy", "ProfileVersion")
    SteeringDocument = apps.get_model("policy", "SteeringDocument")
    Routine = apps.get_model("policy", "Routine")
    Obligation = apps.get_model("routines", "Obligation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    document_type, _ = ContentType.objects.get_or_create(app_label="policy", model="steeringdocument")
    for version in ProfileVersion.objects.filter(is_current=True):
        profile = fmt.parse_profile(version.source, path=version.source_name)
        meta = profile.document
        document, _ = SteeringDocument.objects.get_or_create(
            municipality_id=version.municipality_id,
            key=meta.key,
            defaults={
                "title": meta.title,
                "kind": meta.kind,
                "status": meta.status,
                "adopted_by": meta.adopted_by or "",
                "adopted_on": meta.adopted_on,
                "adopted_paragraph": meta.adopted_paragraph or "",
                "valid_from": meta.valid_from,
                "valid_to": meta.valid_to,
                "registry_number": meta.registry_number or "",
                "owner": meta.owner or "",
                "addressed_to": meta.addressed_to or "",
                "review_date": meta.review_date,
                "review_interval": meta.review_interval or "",
                "keywords": list(meta.keywords),
                "summary": meta.summary,
            },
        )
        by_key = {r.key: r for r in profile.routines}
        for routine in Routine.objects.filter(municipality_id=version.municipality_id):
            parsed = by_key.get(routine.key)
            if parsed is None:
                continue
            routine.document_key = parsed.document or ""
            routine.families = ",".join(dict.fromkeys(c.family for c in parsed.checks))
            routine.registers = ",".join(dict.fromkeys(c.register for c in parsed.checks))
            routine.checks = _json_safe([dict(c.raw) for c in parsed.checks])
            routine.save(update_fields=["document_key", "families", "registers", "checks"])
            prefix = f"{routine.key}:document:"
            for obligation in Obligation.objects.filter(
                routine=routine, dedupe_key__startswith=prefix
            ):
                rest = obligation.dedupe_key[len(prefix):]
                for pattern, new_key, series in _DOCUMENT_KEYS:
                    match = pattern.match(rest)
                    if match:
                        obligation.dedupe_key = prefix + new_key(match, document.pk)
                        obligation.series = (
                            f"{prefix}{document.pk}:{series}" if series else obligation.series
                        )
                        obligation.content_type_id = document_type.pk
                        obligation.object_id = document.pk
                        obligation.save(
                            update_fields=["dedupe_key", "series", "content_type", "object_id"]
                        )
                        break


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0002_documents_schemes_general_routines"),
        ("routines", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
