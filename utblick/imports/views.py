"""Import pages: the registers and their templates, upload, preview, confirm, result.

Plain forms that work without JavaScript; every record read goes through core.access.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from utblick.core.access import get_for_actor, scoped
from utblick.core.runs import reap_quietly
from utblick.imports.access import importer
from utblick.imports.forms import ConfirmForm, UploadForm
from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.registers import REGISTERS, WORKBOOKS, ImportWorkbook, find_register
from utblick.imports.services import (
    ACTIONS,
    ImportRefused,
    import_confirm,
    import_retry,
    import_runs_reap,
    import_upload,
    recent_runs,
    stored_plan,
)
from utblick.imports.workbook import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register(request, slug: str):
    register = find_register(slug)
    if register is None:
        raise Http404("no such register")
    if isinstance(register, ImportWorkbook) and not request.actor.covers_whole_municipality:
        raise PermissionDenied("the organisation is kept by coordinators")
    return register


def _own_run(request, run_id: int) -> ImportRun:
    """An import of the signed-in user in the current municipality, or 404; failed first if
    its worker died or it ran too long (core.runs)."""
    runs = scoped(ImportRun, request.actor).filter(user_id=request.actor.user_id)
    run = get_for_actor(ImportRun, request.actor, run_id, queryset=runs)
    if run.is_working and reap_quietly(import_runs_reap, runs.filter(pk=run.pk)):
        run.refresh_from_db()
    return run


@importer
def index(request):
    # The organisation's workbook first (a new organisation starts there), for those who keep it.
    workbooks = list(WORKBOOKS.values()) if request.actor.covers_whole_municipality else []
    context = {"registers": [*workbooks, *REGISTERS.values()], "runs": recent_runs(request.actor)}
    return render(request, "imports/index.html", context)


@importer
def template(request, slug: str, filled: bool = False):
    register = _register(request, slug)
    content = build_template(request.actor, register, with_records=filled)
    if filled:
        today = timezone.localdate().isoformat()
        name = f"utblick-{register.slug}-{request.actor.municipality.code}-{today}.xlsx"
    else:
        name = f"utblick-mall-{register.slug}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@importer
def upload(request, slug: str):
    register = _register(request, slug)
    bound = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if bound else UploadForm()
    if bound and form.is_valid():
        file = form.cleaned_data["file"]
        run = import_upload(
            actor=request.actor, register=register, data=file.read(), file_name=file.name
        )
        return redirect("imports:preview", run_id=run.pk)
    return render(request, "imports/upload.html", {"register": register, "form": form})


@importer
def preview(request, run_id: int):
    run = _own_run(request, run_id)
    if run.status == ImportStatus.APPLIED:
        return redirect("imports:result", run_id=run.pk)
    context = {
        "run": run,
        "register": find_register(run.register),
        "plan": None if run.is_working else stored_plan(run),
        "actions": ACTIONS,
        "confirm_form": ConfirmForm(initial={"sha256": run.sha256}),
        "can_confirm": run.status == ImportStatus.PREVIEWED,
    }
    return render(request, "imports/preview.html", context)


@importer
@require_POST
def confirm(request, run_id: int):
    run = _own_run(request, run_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(gettext("sha256 saknas"))
    try:
        import_confirm(actor=request.actor, run=run, sha256=form.cleaned_data["sha256"])
    except ImportRefused as exc:
        return _refused(request, run, exc)
    return redirect("imports:preview", run_id=run.pk)


def _refused(request, run: ImportRun, exc: ImportRefused):
    context = {"run": run, "register": find_register(run.register), "message": str(exc)}
    return render(request, "imports/refused.html", context, status=409)


@importer
def status(request, run_id: int):
    """The progress fragment the page polls while the run works; once it is done, the page
    is loaded again (it then shows the preview or the result)."""
    run = _own_run(request, run_id)
    if not run.is_working and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "imports/_progress.html", {"run": run})


@importer
@require_POST
def retry(request, run_id: int):
    run = _own_run(request, run_id)
    try:
        import_retry(actor=request.actor, run=run)
    except ImportRefused as exc:
        return _refused(request, run, exc)
    return redirect("imports:preview", run_id=run.pk)


@importer
def result(request, run_id: int):
    run = _own_run(request, run_id)
    if run.status != ImportStatus.APPLIED:
        return redirect("imports:preview", run_id=run.pk)
    register = find_register(run.register)
    # Links for a one-register import; the organisation's workbook holds several registers.
    model = getattr(register, "model", None)
    records = (
        scoped(model, request.actor).in_bulk([*run.created_ids, *run.updated_ids]) if model else {}
    )
    context = {
        "run": run,
        "register": register,
        "created": [records[pk] for pk in run.created_ids if pk in records],
        "updated": [records[pk] for pk in run.updated_ids if pk in records],
    }
    return render(request, "imports/result.html", context)
