"""Reading the audit trail: who changed what, when, per record. No extra query per entry."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy

HIDDEN_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "updated_at",
    "id",
    "municipality",
    "municipality_id",
}

ACTIONS = {"+": gettext_lazy("Skapad"), "~": gettext_lazy("Ändrad"), "-": gettext_lazy("Borttagen")}


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object
    # The model the field belongs to, where it is a child row's (a project partner's country).
    model: type | None = None


@dataclass
class AuditEntry:
    at: datetime
    user: str
    action: str
    reason: str
    version: int | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record_history(record, children=()) -> list[AuditEntry]:
    """The record's audit trail, newest first, each entry with the fields it changed.

    `children` (core.services.child_specs) adds the trails of the record's child rows (one query
    each): a partner added, changed or removed is an entry of the record's history.
    """
    rows = list(
        record.history.all().select_related("history_user").order_by("history_date", "history_id")
    )
    entries = _entries(rows, type(record), skip=("version",))
    for child in children:
        child_rows = (
            child.model.history.filter(**{f"{child.parent}_id": record.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        by_row: dict = {}
        for row in child_rows:
            by_row.setdefault(row.id, []).append(row)
        for versions in by_row.values():
            entries.extend(_entries(versions, child.model, skip=(child.parent,), child=True))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _entries(rows, model, *, skip=(), child=False) -> list[AuditEntry]:
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in HIDDEN_FIELDS and f.name not in skip and f.attname not in skip
    ]
    entries: list[AuditEntry] = []
    previous = None
    for row in rows:
        changes = []
        if previous is not None or (child and row.history_type != "~"):
            for f in fields:
                old = getattr(previous, f.attname) if previous is not None else None
                new = getattr(row, f.attname)
                if row.history_type == "-":
                    old, new = new, None
                if old != new:
                    changes.append(_change(f, old, new, model, row if child else None))
        user = row.history_user
        entries.append(
            AuditEntry(
                at=row.history_date,
                user=(user.get_full_name() or user.get_username()) if user else "system",
                action=row.history_type,
                reason=row.history_change_reason or "",
                version=None if child else getattr(row, "version", None),
                changes=changes,
            )
        )
        previous = row
    entries.reverse()
    return entries


def _change(f, old, new, model, child_row) -> FieldChange:
    if child_row is None:
        return FieldChange(f.name, str(f.verbose_name), old, new)
    # "Projektpartner Stadt Köln: land"
    label = f"{model._meta.verbose_name} {child_row.instance}: {f.verbose_name}"
    return FieldChange(f.name, label, old, new, model=model)
