"""How a field's value is shown: Swedish formats, links to related records, status badges.

Dates are ISO (2026-11-22) with the week ("v. 48") where the date is planned; numbers and
amounts go through `core.numbers` ("1 234 567 kr"); a link to another register's record goes to its detail page. Templates render
a `Shown` with `web/partials/_value.html`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from utblick.core.access import Actor, readable
from utblick.core.audit import AuditEntry, record_history
from utblick.core.money import EUR, SEK, to_sek
from utblick.core.numbers import format_exact, format_money
from utblick.core.services import child_specs
from utblick.core.words import words

# Amounts shown as kronor (converted with the kept rate where the record is in euro).
MONEY_FIELDS = frozenset(
    {
        "total_budget",
        "municipality_budget",
        "requested_grant",
        "granted_amount",
        "co_financing",
        "annual_fee",
        "cost_sek",
    }
)
# Dates that lie ahead when they are entered: shown with their week number.
PLANNED_DATE_FIELDS = frozenset({"starts_on", "ends_on", "deadline", "due_on", "next_review_on"})
# Fields shown as a coloured badge.
BADGE_FIELDS = frozenset({"status", "outcome", "assessed_impact"})
LONG_TEXT = "long"


@dataclass
class Shown:
    text: str = ""
    kind: str = "text"
    url: str = ""
    css: str = ""
    items: list[Shown] = field(default_factory=list)
    week: int | None = None

    @property
    def empty(self) -> bool:
        return not self.text and not self.items


def week_of(value: dt.date) -> int:
    return value.isocalendar().week


def money_text(record, value) -> str:
    """Kronor; an euro amount shows its euro figure and the converted kronor."""
    currency = getattr(record, "currency", SEK)
    if currency == EUR:
        converted = to_sek(value, currency, getattr(record, "eur_to_sek_rate", None))
        return f"{format_money(value, EUR)} (≈ {format_money(converted)})"
    return format_money(value)


def amount_in_sek(record, name: str) -> Decimal | None:
    value = getattr(record, name)
    if value is None or name not in MONEY_FIELDS:
        return value
    currency = getattr(record, "currency", SEK)
    return to_sek(value, currency, getattr(record, "eur_to_sek_rate", None))


def record_link(record) -> Shown:
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    return Shown(text=str(record), kind="link" if url else "text", url=url)


def date_shown(name: str, value: dt.date | dt.datetime) -> Shown:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return Shown(text=local.strftime("%Y-%m-%d %H:%M"), kind="date")
    week = week_of(value) if name in PLANNED_DATE_FIELDS else None
    return Shown(text=value.isoformat(), kind="date", week=week)


def cell(record, name: str) -> Shown:
    """A value in a list's column: as `shown`, but amounts only in kronor (comparable)."""
    if name in MONEY_FIELDS and getattr(record, name) is not None:
        return Shown(text=format_money(amount_in_sek(record, name)), kind="money")
    return shown(record, name)


def shown(record, name: str) -> Shown:
    """The value of `record.<name>` as it is shown on a page."""
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        return Shown(kind="list", items=[record_link(item) for item in getattr(record, name).all()])
    if isinstance(model_field, models.JSONField) and hasattr(record, f"{name}_lines"):
        # A checklist kept as JSON, shown as the model words it (a grant's criteria).
        lines = getattr(record, f"{name}_lines")()
        return Shown(kind="list", items=[Shown(text=line) for line in lines]) if lines else Shown()
    value = getattr(record, name)
    if value is None or value == "":
        return Shown()
    if model_field.choices:
        label = words(_(str(getattr(record, f"get_{name}_display")())))
        css = f"badge badge-{value}" if name in BADGE_FIELDS else ""
        return Shown(text=label, kind="badge" if css else "text", css=css)
    if isinstance(model_field, models.ForeignKey):
        return record_link(value)
    if name in MONEY_FIELDS:
        return Shown(text=money_text(record, value), kind="money")
    if isinstance(value, dt.date):
        return date_shown(name, value)
    return _plain(model_field, value)


def _plain(model_field: models.Field, value) -> Shown:
    if isinstance(value, bool):
        return Shown(text=_("Ja") if value else _("Nej"))
    if isinstance(model_field, models.URLField):
        return Shown(text=value, kind="url", url=value)
    if isinstance(model_field, models.EmailField):
        return Shown(text=value, kind="email", url=f"mailto:{value}")
    if isinstance(model_field, models.TextField):
        return Shown(text=value, kind=LONG_TEXT)
    if isinstance(value, int):
        return Shown(text=str(value), kind="number")
    if isinstance(value, Decimal):  # an exchange rate: 11,45 in Swedish
        return Shown(text=format_exact(value), kind="number")
    return Shown(text=str(value))


def change_value(model_field: models.Field, value, linked: dict) -> str:
    """A value in the audit trail (stored as the column's raw value) as text."""
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return words(_(str(dict(model_field.flatchoices).get(value, value))))
    if isinstance(model_field, models.ForeignKey):
        return str(linked.get((model_field.related_model, value), value))
    if model_field.name in MONEY_FIELDS or isinstance(model_field, models.DecimalField):
        # As stored (the history is evidence): 1 250 000,5, not rounded to whole kronor.
        return format_exact(Decimal(str(value)))
    if isinstance(value, dt.date):
        return date_shown(model_field.name, value).text
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return str(value)


@dataclass
class ShownSection:
    title: str
    rows: list[tuple[str, Shown]]


def sections_shown(register, record) -> list[ShownSection]:
    """The record's fields grouped as in its form, each with its label and shown value."""
    return [
        ShownSection(section.title, [(register.label(n), shown(record, n)) for n in section.fields])
        for section in register.sections
    ]


@dataclass
class RelatedShown:
    title: str
    labels: list[str]
    rows: list[list[Shown]]


def related_shown(register, record) -> list[RelatedShown]:
    """The records pointing at this one (prefetched), a table per kind."""
    from django.utils.text import capfirst

    found = []
    for related in register.related:
        items = list(getattr(record, related.accessor).all())
        model = register.model._meta.get_field(related.accessor).related_model
        labels = [capfirst(model._meta.get_field(c).verbose_name) for c in related.columns]
        rows = []
        for item in items:
            cells = [shown(item, column) for column in related.columns]
            link = record_link(item)
            if link.url:  # the first column links to the record
                cells[0] = Shown(text=cells[0].text or link.text, kind="link", url=link.url)
            rows.append(cells)
        found.append(RelatedShown(related.title, labels, rows))
    return found


def history(record, actor: Actor) -> list[AuditEntry]:
    """The audit trail with each change's values as text; linked records looked up in one go."""
    model = type(record)
    # A project's partners and a visit's cost items are part of the record's history.
    entries = record_history(record, tuple(child_specs(model).values()))
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        for change in entry.changes:
            field = (change.model or model)._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(v for v in (change.old, change.new) if v)
    linked = {
        (target, pk): obj
        for target, pks in wanted.items()
        for pk, obj in readable(target, actor).in_bulk(pks).items()
    }
    for entry in entries:
        for change in entry.changes:
            field = (change.model or model)._meta.get_field(change.field)
            change.old_text = change_value(field, change.old, linked)
            change.new_text = change_value(field, change.new, linked)
    return entries
