"""The obligations list as an Excel workbook, in the registers' export format (utblick.core.workbooks)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from utblick.core.numbers import EXCEL_FORMATS
from utblick.core.workbooks import Column, table_workbook


def _name(value) -> str | None:
    return str(value) if value is not None else None


def obligations_workbook(obligations):
    columns = [
        Column(_("Id"), lambda o: o.pk),
        Column(_("Åtgärd"), lambda o: o.title),
        Column(_("Typ"), lambda o: o.get_kind_display()),
        Column(_("Status"), lambda o: o.get_status_display()),
        Column(_("Gäller"), lambda o: o.record_label),
        Column(_("Ansvarig enhet"), lambda o: _name(o.responsible_unit)),
        Column(_("Ansvarig person"), lambda o: _name(o.responsible_person)),
        Column(_("Senast"), lambda o: o.due_on, EXCEL_FORMATS["date"]),
        Column(_("Krav"), lambda o: o.requirement),
        Column(_("Rutin"), lambda o: o.routine.description or o.routine.key),
        Column(_("Varför"), lambda o: o.explanation),
        Column(_("Klar när"), lambda o: o.evidence_required),
        Column(
            _("Från tiden före uppföljningen"),
            lambda o: _("Ja") if o.before_tracking else _("Nej"),
        ),
        Column(_("Underlag"), lambda o: o.evidence),
        Column(_("Skäl till att åtgärden inte behövs"), lambda o: o.waived_reason),
    ]
    return table_workbook(_("Åtgärder"), columns, obligations)
