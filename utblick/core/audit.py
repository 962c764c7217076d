"""Reading the audit trail: who changed what, when, per record. No extra query per entry."""

from dataclasses import dataclass, field
from datetime import datetime

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

ACTIONS_SV = {"+": "Skapad", "~": "Ändrad", "-": "Borttagen"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class AuditEntry:
    at: datetime
    user: str
    action: str
    reason: str
    version: int | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_sv(self) -> str:
        return ACTIONS_SV.get(self.action, self.action)


def record_history(record) -> list[AuditEntry]:
    """The record's audit trail, newest first, each entry with the fields it changed."""
    rows = list(
        record.history.all().select_related("history_user").order_by("history_date", "history_id")
    )
    model = type(record)
    fields = [f for f in model._meta.concrete_fields if f.attname not in HIDDEN_FIELDS]
    entries: list[AuditEntry] = []
    previous = None
    for row in rows:
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(row, f.attname)
                if old != new and f.attname != "version":
                    changes.append(FieldChange(f.name, str(f.verbose_name), old, new))
        user = row.history_user
        entries.append(
            AuditEntry(
                at=row.history_date,
                user=(user.get_full_name() or user.get_username()) if user else "system",
                action=row.history_type,
                reason=row.history_change_reason or "",
                version=getattr(row, "version", None),
                changes=changes,
            )
        )
        previous = row
    entries.reverse()
    return entries
