"""Which registers can be imported, their columns and how rows are matched to records.

Columns are the model fields; their headers are the fields' Swedish verbose names, so the
template, the error messages and the record forms speak the same words. Links to other
registers (decision matters, contact people, representatives, partnerships of visits) are
left out: they are chosen in Utblick, not typed by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_noop

from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.reference.models import Country, EUProgramme
from utblick.registry import BY_MODEL, BY_PATH

ID_HEADER = "ID"
VERSION_HEADER = "Version"


@dataclass(frozen=True)
class Column:
    name: str  # the model field
    # text, date, decimal, integer, choice, unit, person, country, programme, priority_areas
    kind: str
    header: str
    required: bool
    keeps_value_when_empty: bool  # a field with a default: an empty cell changes nothing
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    child: Any = None  # for kind "rows": the record's child rows (registry.ChildSpec)
    # A column that is no field of the model (ImportRegister.extra_columns): how to read its
    # current value from a record, to show what a row changes.
    read: Callable[[Any], Any] | None = field(default=None, compare=False)
    guidance: str = ""  # what the template's instructions say of the column, beyond its format

    @property
    def title(self) -> str:
        """The header as written in the template: required columns are marked with *."""
        return f"{self.header} *" if self.required else self.header

    @property
    def attname(self) -> str:
        if self.read is not None:
            return self.name
        return f"{self.name}_id" if self.kind in LINK_KINDS else self.name


LINK_KINDS = ("unit", "person", "country", "programme")


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
    # Columns that are no field of the model, and what writes them: `prepare(actor, fields,
    # extra, record, reason)` runs just before the row's record is created (record None) or
    # updated, with the extra columns' values, and may add to `fields` (a person's account).
    extra_columns: tuple[Column, ...] = ()
    prepare: Callable[..., None] | None = None
    guidance: tuple[str, ...] = ()  # what this register's sheet needs beyond the general rules

    @property
    def label(self) -> str:
        with translation.override("sv"):
            return _capitalised(str(self.model._meta.verbose_name_plural))

    @property
    def registers(self) -> tuple[ImportRegister, ...]:
        """The registers a file holds: this one (a workbook holds several)."""
        return (self,)

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        children = {child.accessor: child for child in BY_MODEL[self.model].children}
        with translation.override("sv"):
            own = tuple(
                _rows_column(children[name])
                if name in children
                else _column(self.model._meta.get_field(name))
                for name in self.field_names
            )
        return (*own, *self.extra_columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _capitalised(value: str) -> str:
    return value[:1].upper() + value[1:]


def _kind(field) -> str:
    if isinstance(field, models.ManyToManyField):
        return "priority_areas"
    if isinstance(field, models.ForeignKey):
        kinds = {Unit: "unit", Person: "person", Country: "country", EUProgramme: "programme"}
        return kinds[field.related_model]
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


def _rows_column(child) -> Column:
    """A record's child rows (a project's partners) in one cell; see imports.rows."""
    return Column(
        name=child.accessor,
        kind="rows",
        header=_capitalised(str(child.model._meta.verbose_name_plural)),
        required=False,
        keeps_value_when_empty=False,
        child=child,
    )


def _import_register(key: str, *, leave_out: tuple[str, ...] = (), **kwargs) -> ImportRegister:
    """The register as imported: its address, model and fields from the shared description (the
    web and the API use it too), less the links that are picked inside Utblick rather than typed,
    plus priority areas and the record's child rows."""
    register = BY_PATH[key]
    children = tuple(child.accessor for child in register.children)
    names = (
        *(name for name in register.fields if name not in leave_out),
        "priority_areas",
        *children,
    )
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
            natural_key_sv=gettext_noop("organisationens namn"),
            label_field="organisation",
        ),
        _import_register(
            "partnerships",
            leave_out=("decision",),
            sheet_title="Partnerskap",
            natural_key=("kind", "counterpart"),
            natural_key_sv=gettext_noop("typ och motpart"),
        ),
        _import_register(
            "applications",
            leave_out=("contact",),
            sheet_title="Ansökningar",
            natural_key=("title", "call_identifier"),
            natural_key_sv=gettext_noop("titel och utlysningens id"),
        ),
        _import_register(
            "visits",
            leave_out=("partnership", "application"),
            sheet_title="Besök",
            natural_key=("title", "starts_on"),
            natural_key_sv=gettext_noop("benämning och startdatum (Från)"),
        ),
        _import_register(
            "activities",
            leave_out=("owner",),
            sheet_title="Aktiviteter",
            natural_key=("title", "year"),
            natural_key_sv=gettext_noop("benämning och år"),
        ),
        _import_register(
            "matters",
            leave_out=("membership", "partnership", "application", "visit"),
            sheet_title="Ärenden",
            natural_key=("title", "registry_number"),
            natural_key_sv=gettext_noop("ärendemening och diarienummer"),
        ),
        _import_register(
            "monitoring-items",
            sheet_title="Bevakning",
            natural_key=("title",),
            natural_key_sv=gettext_noop("rubrik"),
        ),
        _import_register(
            "grants",
            # The scheme's criteria are a checklist ticked in Utblick, not typed in a cell.
            leave_out=("criteria",),
            sheet_title="Egen fond",
            natural_key=("title", "year"),
            natural_key_sv=gettext_noop("benämning och år"),
        ),
    )
}


@dataclass(frozen=True)
class ImportWorkbook:
    """Several registers in one .xlsx, one sheet each, imported in order in one transaction:
    a later sheet may name what an earlier one creates (the people of the units above)."""

    key: str
    slug: str
    label: str
    registers: tuple[ImportRegister, ...]
    natural_key_sv: str = ""
    guidance: tuple[str, ...] = ()


def _organisation_registers() -> tuple[ImportRegister, ...]:
    from utblick.imports.organisation import people_role_column, prepare_person

    return (
        ImportRegister(
            key="units",
            slug="enheter",
            sheet_title="Enheter",
            model=Unit,
            field_names=("name", "short_name", "kind", "parent", "email"),
            natural_key=("name",),
            natural_key_sv=gettext_noop("namn"),
            label_field="name",
            guidance=(
                "Enheter: en rad per nämnd, förvaltning, bolag eller annat organ. Överordnad "
                "är enheten den hör till (förvaltningen under sin nämnd) och kan vara en enhet "
                "längre upp i samma blad eller en som redan finns i Utblick.",
            ),
        ),
        ImportRegister(
            key="people",
            slug="personer",
            sheet_title="Personer",
            model=Person,
            field_names=("name", "kind", "title", "email", "unit", "party"),
            natural_key=("name",),
            natural_key_sv=gettext_noop("namn"),
            label_field="name",
            extra_columns=(people_role_column(),),
            prepare=prepare_person,
            guidance=(
                "Personer: förtroendevalda och tjänstepersoner. Den som ska logga in i Utblick "
                "får en roll i kolumnen Roll i Utblick och behöver en e-postadress; hen får en "
                "inbjudan med en länk för att välja lösenord (eller loggar in via "
                "organisationens inloggning). En enhetsredaktör redigerar sin enhets poster. "
                "Bara administratörer ger roller.",
            ),
        ),
        ImportRegister(
            key="contact_people",
            slug="kontaktpersoner",
            sheet_title="Kontaktpersoner",
            model=ContactPerson,
            field_names=("unit", "person", "appointed_on", "ended_on"),
            natural_key=("unit", "person"),
            natural_key_sv=gettext_noop("enhet och person"),
            label_field="unit",
            guidance=(
                "Kontaktpersoner: enhetens kontaktperson i EU-nätverket, en person från bladet "
                "Personer (eller som redan finns i Utblick).",
            ),
        ),
    )


WORKBOOKS: dict[str, ImportWorkbook] = {
    "organisation": ImportWorkbook(
        key="organisation",
        slug="organisation",
        label="Organisationen",
        registers=_organisation_registers(),
        natural_key_sv=gettext_noop(
            "namn (enheter och personer) och på enhet och person (kontaktpersoner)"
        ),
        guidance=(
            "Organisationen i en arbetsbok: bladen Enheter, Personer och Kontaktpersoner läses "
            "in i den ordningen, allt eller inget. Ett blad som saknas lämnas orört. Läs in "
            "samma arbetsbok igen efter ändringar: raderna matchas mot det som redan finns "
            "och uppdaterar det i stället för att skapa dubbletter.",
        ),
    )
}


def find_register(name: str) -> ImportRegister | ImportWorkbook | None:
    """By key (memberships) or by web slug (medlemskap); a workbook by its key or slug."""
    found = REGISTERS.get(name) or next((r for r in REGISTERS.values() if r.slug == name), None)
    return found or next(
        (w for w in WORKBOOKS.values() if name in (w.key, w.slug)),
        None,
    )
