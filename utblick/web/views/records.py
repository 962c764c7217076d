"""One set of views for every register: list, export, detail, create, edit, archive, restore, and
the application's lifecycle steps. Each URL passes the register's key (see `web.urls`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core import services
from utblick.core.access import member, require_edit, writer
from utblick.core.display import history, related_shown, sections_shown, shown
from utblick.core.errors import StaleVersion
from utblick.core.forms import add_service_errors
from utblick.core.pagination import CappedPaginator
from utblick.core.views import service_call
from utblick.registry import BY_KEY
from utblick.routines.selectors import RECORD_LABELS
from utblick.routines.selectors import record_obligations as found_obligations
from utblick.routines.services import routines_preview_write
from utblick.web.export import xlsx_response
from utblick.web.forms import (
    ArchiveForm,
    FilterValues,
    add_child_errors,
    asked_for_row,
    child_formsets,
    filter_form,
    quiet,
    record_form_class,
    transition_form,
)
from utblick.web.selectors import (
    detail_record,
    editable_record,
    export_queryset,
    list_queryset,
)

PAGE_SIZE = 25


def may_edit(actor, record) -> bool:
    return actor.can_write_anything and actor.may_edit(record)


def _posted_version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _stale(register, record, exc: StaleVersion) -> dict:
    """What changed since the version the user started from, with the values now stored."""
    names = [name for name in exc.changed_fields if name in register.form_fields]
    return {
        "changes": [(register.label(name), shown(record, name)) for name in names],
        "current": exc.current,
    }


def _wants_results(request) -> bool:
    htmx = request.htmx
    return bool(htmx) and htmx.target == "results" and not htmx.history_restore_request


@member
def record_list(request, register):
    register = BY_KEY[register]
    form = filter_form(register, request.actor, request.GET)
    queryset = list_queryset(register, request.actor, FilterValues(form))
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "register": register,
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "partial": _wants_results(request),
        "ordering": form.cleaned_data.get("ordering") or "",
        "may_create": register.may_create(request.actor),
    }
    template = "web/records/_results.html" if context["partial"] else "web/records/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    if context["partial"]:  # the address bar shows only the filters in use
        used = urlencode([(k, v) for k, v in request.GET.items() if v])
        response["HX-Push-Url"] = f"{request.path}?{used}" if used else request.path
    return response


@member
def record_export(request, register):
    register = BY_KEY[register]
    form = filter_form(register, request.actor, request.GET)
    return xlsx_response(register, export_queryset(register, request.actor, FilterValues(form)))


def _transitions(register, record) -> list:
    """The steps from the record's status, the step onwards first (the primary button)."""
    lifecycle = register.lifecycle
    forward = lifecycle.forward(record.status)
    steps = sorted(lifecycle.next_steps(record.status), key=lambda step: step != forward)
    return [transition_form(lifecycle, target, record) for target in steps]


def record_obligations(actor, record):
    """The record's open obligations and policy conflicts (one query, only for records a routine
    can be about)."""
    return found_obligations(actor, record, timezone.localdate())


def render_detail(request, register, record, *, transitions=None, status=200):
    actor = request.actor
    editable = may_edit(actor, record)
    context = {
        "register": register,
        "record": record,
        "sections": sections_shown(register, record),
        "related": related_shown(register, record),
        "obligations": record_obligations(actor, record),
        "history": history(record, actor),
        "may_edit": editable,
        "transitions": (transitions or _transitions(register, record))
        if register.lifecycle and editable
        else [],
    }
    return render(request, "web/records/detail.html", context, status=status)


@member
def record_detail(request, register, pk):
    register = BY_KEY[register]
    return render_detail(request, register, detail_record(register, request.actor, pk))


def _routines_about(register) -> bool:
    """Whether a routine can be about the register's records (then the form offers a check)."""
    return register.model._meta.label_lower in RECORD_LABELS


def _form_page(request, register, form, formsets, *, record=None, stale=None):
    context = {
        "may_check_routines": _routines_about(register),
        "check_asked": bool(request.POST.get("check_routines")),
        "register": register,
        "form": form,
        "formsets": formsets,
        "record": record,
        "version": stale["current"] if stale else getattr(record, "version", None),
        "stale": stale,
    }
    return render(request, "web/records/form.html", context, status=409 if stale else 200)


def _posted(request, register, record=None):
    """The record's form and its child rows' formsets, bound to what was posted (if anything);
    `ready` when they are valid and the user asked to save (not for one more row)."""
    data = request.POST if request.method == "POST" else None
    form = record_form_class(register)(data, instance=record, actor=request.actor)
    formsets = child_formsets(register, data, record)
    if asked_for_row(data):
        quiet(form)
        for formset in formsets:
            formset.quiet()
        return form, formsets, False
    valid = [form.is_valid(), *(f.is_valid() for f in formsets if f.is_bound)]
    ready = data is not None and all(valid)
    return form, formsets, ready


def _save(request, register, posted, write, *, record=None, success=None):
    """Write through the record's service once the posted form and rows are `ready`; its errors
    go back onto the form and the rows.

    With `check_routines` posted, nothing is saved: the form comes back with what the routines
    would flag (the same engine as on save), so the user can correct it first."""
    form, formsets, ready = posted
    if not ready:
        return _form_page(request, register, form, formsets, record=record)
    fields, m2m = form.service_values(register)
    children, indexes = {}, {}
    for formset in formsets:
        if formset.is_bound:
            children[formset.child.accessor], indexes[formset.child.accessor] = formset.row_values()

    def call():
        return write(fields=fields, m2m=m2m, children=children)

    def errors(exc: ValidationError) -> None:
        rest = add_child_errors(formsets, indexes, exc)
        if rest is not None:
            add_service_errors(form, rest)

    def page(_status=None, stale=None):
        return _form_page(request, register, form, formsets, record=record, stale=stale)

    def checked(warnings):
        form.routine_warnings, form.routines_checked = warnings, True
        if record is not None:
            # The check wrote and rolled back: the record is read again as it is stored.
            record.refresh_from_db()
        return page()

    flow = {
        "form": form,
        "errors": errors,
        "again": page,
        "invalid_status": 200,
        "stale": None if record is None else lambda exc: page(stale=_stale(register, record, exc)),
    }
    if request.POST.get("check_routines"):
        return service_call(request, lambda: routines_preview_write(call), done=checked, **flow)
    return service_call(request, call, done=lambda saved: saved, success=success, **flow)


@writer
def record_create(request, register):
    register = BY_KEY[register]
    if not register.may_create(request.actor):
        raise PermissionDenied("only coordinators keep the organisation")

    def write(**values):
        return services.record_create(actor=request.actor, model=register.model, **values)

    return _save(
        request,
        register,
        _posted(request, register),
        write,
        success=lambda record: _("”%(record)s” har sparats.") % {"record": record},
    )


@writer
def record_edit(request, register, pk):
    register = BY_KEY[register]
    record = editable_record(register, request.actor, pk)
    require_edit(request.actor, record)

    def write(**values):
        return services.record_update(
            actor=request.actor,
            instance=record,
            expected_version=_posted_version(request),
            **values,
        )

    return _save(
        request,
        register,
        _posted(request, register, record),
        write,
        record=record,
        success=_("Ändringarna har sparats."),
    )


@writer
def record_archive(request, register, pk):
    register = BY_KEY[register]
    record = editable_record(register, request.actor, pk)
    require_edit(request.actor, record)
    form = ArchiveForm(request.POST if request.method == "POST" else None)

    def page(status=200, stale=None):
        context = {"register": register, "record": record, "form": form, "stale": stale}
        return render(request, "web/records/archive.html", context, status=status)

    return service_call(
        request,
        lambda: services.record_archive(
            actor=request.actor,
            instance=record,
            expected_version=_posted_version(request),
            reason=form.cleaned_data["archive_reason"],
        ),
        form=form,
        success=_("Posten har arkiverats. Den kan återställas."),
        stale=lambda exc: page(409, _stale(register, record, exc)),
        done=record,
        again=page,
        invalid_status=200,
    )


@writer
@require_POST
def record_restore(request, register, pk):
    register = BY_KEY[register]
    record = editable_record(register, request.actor, pk)
    require_edit(request.actor, record)
    return service_call(
        request,
        lambda: services.record_restore(
            actor=request.actor, instance=record, expected_version=_posted_version(request)
        ),
        success=_("Posten har återställts."),
        stale=_("Posten har ändrats av någon annan. Försök igen."),
        done=record,
        again=record,
    )


@writer
@require_POST
def application_transition(request, register, pk):
    register = BY_KEY[register]
    record = detail_record(register, request.actor, pk)
    require_edit(request.actor, record)
    target = request.POST.get("status", "")
    if not register.lifecycle.may_move(record.status, target):
        messages.error(request, _("Det statusbytet är inte tillåtet längre."))
        return redirect(record)
    form = transition_form(register.lifecycle, target, record, request.POST)

    def moved(_result):
        if not request.htmx:
            return record
        fresh = detail_record(register, request.actor, pk)
        return render_lifecycle(request, register, fresh, _transitions(register, fresh))

    def again(_status):
        forms = [form if o.target == target else o for o in _transitions(register, record)]
        if request.htmx:
            return render_lifecycle(request, register, record, forms)
        return render_detail(request, register, record, transitions=forms, status=400)

    return service_call(
        request,
        lambda: services.record_update(
            actor=request.actor,
            instance=record,
            expected_version=_posted_version(request),
            fields={"status": form.target, **form.cleaned_data},
            reason=f"status: {register.lifecycle.labels[form.target]}",
        ),
        form=form,
        success=_("Status är nu ”%(status)s”.") % {"status": form.target_label},
        stale=_("Ansökan har ändrats av någon annan. Ladda om sidan."),
        done=moved,
        again=again,
    )


def render_lifecycle(request, register, record, transitions):
    context = {
        "register": register,
        "record": record,
        "transitions": transitions,
        "history": history(record, request.actor),
        "obligations": record_obligations(request.actor, record),
        "may_edit": True,
    }
    return render(request, "web/records/_lifecycle_response.html", context)
