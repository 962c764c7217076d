"""Spreadsheets built in the tests themselves: no binary fixtures in the repository."""

import io

from openpyxl import Workbook, load_workbook


def xlsx(headers, *rows, sheet="Medlemskap") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(headers))
    for row in rows:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, *rows, delimiter=";", bom=True) -> bytes:
    def cell(value):
        value = "" if value is None else str(value)
        if delimiter in value or '"' in value or "\n" in value:
            value = '"' + value.replace('"', '""') + '"'
        return value

    lines = [delimiter.join(cell(v) for v in line) for line in (headers, *rows)]
    content = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + content.encode("utf-8")


def sheet_rows(data: bytes, sheet: str | None = None) -> list[list]:
    workbook = load_workbook(io.BytesIO(data))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def run_import(actor, register_key, data, file_name="lista.xlsx", *, dry_run=False):
    """The plan of importing `data` as `actor` (through the same path as the command)."""
    from utblick.imports.registers import REGISTERS
    from utblick.imports.services import import_file

    plan, _ = import_file(
        actor=actor,
        register=REGISTERS[register_key],
        data=data,
        file_name=file_name,
        dry_run=dry_run,
    )
    return plan


def messages(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


def table_counts() -> dict[str, int]:
    """Rows in every table but the import runs' own: proof that nothing else was written."""
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in ("imports", "sessions")
    }
