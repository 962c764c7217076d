"""Which registers can be imported, their columns and how rows are matched to records.

Columns are the model fields; their headers are the fields' Swedish verbose names, so the
template, the error messages and the record forms speak the same words. Links to other
registers (decision matters, contact people, representatives, partnerships of visits) are
left out: they are chosen in Utblick, not typed by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils import translation

from utblick.organisation.models import Unit
from utblick.reference.models import Country, EUProgramme
from utblick.registry import BY_PATH

ID_HEADER = "ID"
VERSION_HEADER = "Version"


@dataclass(frozen=True)
class Column:
    name: str  # the model field
    kind: str  # text, date, decimal, integer, choice, unit, country, programme, priority_areas
    header: str
    required: bool
    keeps_value_when_empty: bool  # a field with a default: an empty cell changes nothing
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None

    @property
    def title(self) -> str:
        """The header as written in the template: required columns are marked with *."""
        return f"{self.header} *" if self.required else self.header

    @property
    def attname(self) -> str:
        return f"{self.name}_id" if self.kind in ("unit", "country", "programme") else self.name


@dataclass(frozen=True)
class ImportRegister:
    key: str  # as in the API: memberships, partnerships, applications, visits
    slug: str  # in the web address
    sheet_title: str
    model: type[models.Model]
    field_names: tuple[str, ...]
    natural_key: tuple[str, ...]
    natural_key_sv: str
    label_field: str = "title"

    @property
    def label(self) -> str:
        with translation.override("sv"):
            return _capitalised(str(self.model._meta.verbose_name_plural))

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        with translation.override("sv"):
            return tuple(_column(self.model._meta.get_field(name)) for name in self.field_names)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _capitalised(value: str) -> str:
    return value[:1].upper() + value[1:]


def _kind(field) -> str:
    if isinstance(field, models.ManyToManyField):
        return "priority_areas"
    if isinstance(field, models.ForeignKey):
        return {Unit: "unit", Country: "country", EUProgramme: "programme"}[field.related_model]
    if field.choices:
        return "choice"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.DecimalField):
        return "decimal"
    if isinstance(field, models.IntegerField):
        return "integer"
    return "text"


def _column(field) -> Column:
    kind = _kind(field)
    has_default = field.has_default()
    return Column(
        name=field.name,
        kind=kind,
        header=_capitalised(str(field.verbose_name)),
        required=not field.blank and not has_default,
        keeps_value_when_empty=has_default and not field.blank,
        choices=tuple((value, str(label)) for value, label in field.choices or ()),
        max_length=getattr(field, "max_length", None) if kind == "text" else None,
    )


def _import_register(key: str, *, leave_out: tuple[str, ...] = (), **kwargs) -> ImportRegister:
    """The register as imported: its address, model and fields from the shared description (the
    web and the API use it too), less the links that are picked inside Utblick rather than typed,
    plus priority areas."""
    register = BY_PATH[key]
    names = (*(name for name in register.fields if name not in leave_out), "priority_areas")
    return ImportRegister(
        key=key, slug=register.slug, model=register.model, field_names=names, **kwargs
    )


REGISTERS: dict[str, ImportRegister] = {
    register.key: register
    for register in (
        _import_register(
            "memberships",
            sheet_title="Medlemskap",
            natural_key=("organisation",),
            natural_key_sv="organisationens namn",
            label_field="organisation",
        ),
        _import_register(
            "partnerships",
            leave_out=("decision",),
            sheet_title="Partnerskap",
            natural_key=("kind", "counterpart"),
            natural_key_sv="typ och motpart",
        ),
        _import_register(
            "applications",
            leave_out=("contact",),
            sheet_title="Ansökningar",
            natural_key=("title", "call_identifier"),
            natural_key_sv="titel och utlysningens id",
        ),
        _import_register(
            "visits",
            leave_out=("partnership", "application"),
            sheet_title="Besök",
            natural_key=("title", "starts_on"),
            natural_key_sv="benämning och startdatum (Från)",
        ),
    )
}


def find_register(name: str) -> ImportRegister | None:
    """By key (memberships) or by web slug (medlemskap)."""
    return REGISTERS.get(name) or next((r for r in REGISTERS.values() if r.slug == name), None)
