"""The routines' pages: obligations (list, detail, done / waived / reopened), notifications and
the daily-digest choice, the preview and loading of a new policy profile, and the information
matter's draft. Thin views: reads in `selectors`, writes in the services; every view carries
an access rule (utblick.core.access)."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from utblick.core.access import Role, member, require_role, writer
from utblick.core.display import history
from utblick.core.errors import StaleVersion
from utblick.core.pagination import CappedPaginator
from utblick.core.views import service_call
from utblick.core.workbooks import workbook_response
from utblick.policy import drafting
from utblick.policy.profile_format import ProfileInvalid
from utblick.policy.services import (
    ProfileForOtherMunicipality,
    ProfileVersionConflict,
    profile_check,
    profile_load,
)
from utblick.policy.source_diff import counts, source_diff
from utblick.routines import forms, selectors
from utblick.routines.documents import information_matter_docx
from utblick.routines.engine import sync
from utblick.routines.export import obligations_workbook
from utblick.routines.notifications import notification_mark_read, notification_preference_set
from utblick.routines.services import (
    obligation_acknowledge,
    obligation_assign,
    obligation_complete,
    obligation_reopen,
    obligation_waive,
    obligations_bulk,
    profile_diff,
    routines_run,
)

PAGE_SIZE = 25
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _posted_version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


# --- obligations -----------------------------------------------------------------------------


# The three lists of obligations: everything of today, the actor's own, and the backlog.
ALL, MINE, BACKLOG = "all", "mine", "backlog"
LIST_URLS = {
    ALL: "routines:obligation_list",
    MINE: "routines:obligation_mine",
    BACKLOG: "routines:obligation_backlog",
}
BACKLOG_PAGE_SIZE = 100


def _listed(request, view: str):
    """The list's filter form and its obligations (a queryset), as the page shows them."""
    actor, today = request.actor, timezone.localdate()
    form = forms.ObligationFilterForm(request.GET, choices=selectors.filter_choices(actor))
    filters = form.filters()
    filters.mine, filters.backlog = view == MINE, view == BACKLOG
    return form, filters, selectors.obligations_list(actor, filters, today)


def _obligation_list(request, view: str):
    actor, today = request.actor, timezone.localdate()
    may_act = actor.can_write_anything
    bulk = None
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied("readers change no obligation")
        bulk = forms.BulkForm(
            request.POST, people=selectors.people_to_assign(actor), backlog=view == BACKLOG
        )
        done = _bulk(request, bulk)
        if done is not None:
            return done
    form, filters, found = _listed(request, view)
    size = BACKLOG_PAGE_SIZE if view == BACKLOG else PAGE_SIZE
    page = CappedPaginator(found, size).get_page(request.GET.get("page"))
    picked = {p.id for p in bulk.cleaned_data.get("picked", ())} if bulk is not None else set()
    rows = [
        {
            "obligation": o,
            "record_url": selectors.record_url(o),
            "overdue": selectors.is_overdue(o, today),
            "may_act": selectors.may_act(actor, o) and o.status == sync.OPEN,
            "picked": o.pk in picked,
        }
        for o in page.object_list
    ]
    if may_act and bulk is None and any(row["may_act"] for row in rows):
        bulk = forms.BulkForm(people=selectors.people_to_assign(actor), backlog=view == BACKLOG)
    context = {
        "view": view,
        "list_url": reverse(LIST_URLS[view]),
        "export_url": reverse("routines:obligation_export", args=[view]),
        "form": form,
        "filters": filters,
        "page": page,
        "rows": rows,
        "bulk": bulk,
        "backlog_count": selectors.backlog_count(actor)
        if view != BACKLOG
        else page.paginator.count,
        "today": today,
        "own_units_only": actor.role == Role.UNIT_EDITOR,
        "may_preview_policy": actor.is_administrator,
    }
    return render(
        request,
        "routines/obligation_list.html",
        context,
        status=400 if bulk and bulk.errors else 200,
    )


def _bulk(request, form):
    """The ticked obligations done with, all or none; None to show the form's errors."""
    if not form.is_valid():
        return None  # the choice of service needs the cleaned data
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    calls = {
        form.ASSIGN: (obligation_assign, {"person": form.chosen_person()}),
        form.WAIVE: (obligation_waive, {"reason": reason}),
        form.ACKNOWLEDGE: (obligation_acknowledge, {"reason": reason}),
    }
    service, arguments = calls[action]
    query = request.GET.urlencode()
    return service_call(
        request,
        lambda: obligations_bulk(
            actor=request.actor, picked=form.cleaned_data["picked"], action=service, **arguments
        ),
        done=f"{request.path}?{query}" if query else request.path,
        again=None,
        form=form,
        success=lambda done: (
            ngettext("%(count)d åtgärd är ändrad.", "%(count)d åtgärder är ändrade.", len(done))
            % {"count": len(done)}
        ),
        stale=_(
            "Någon annan har ändrat en av de valda åtgärderna medan du arbetade. Ingenting har sparats; listan visar hur de ser ut nu."
        ),
    )


@member
def obligation_list(request):
    return _obligation_list(request, ALL)


@member
def obligation_mine(request):
    return _obligation_list(request, MINE)


@member
def obligation_backlog(request):
    return _obligation_list(request, BACKLOG)


EXPORT_NAMES = {ALL: "atgarder", MINE: "mina-atgarder", BACKLOG: "atgarder-att-granska"}


@member
def obligation_export(request, view):
    """The list as filtered on the page, as an Excel workbook (the registers' export)."""
    if view not in LIST_URLS:
        raise Http404
    _, _, found = _listed(request, view)
    return workbook_response(obligations_workbook(found), EXPORT_NAMES[view])


def _detail(
    request,
    obligation,
    *,
    status=200,
    complete=None,
    waive=None,
    reopen=None,
    stale=None,
    assign=None,
    review=None,
):
    actor, today = request.actor, timezone.localdate()
    acting = selectors.may_act(actor, obligation)
    context = {
        "obligation": obligation,
        "document_title": selectors.document_titles(actor).get(obligation.routine.document_key),
        "assign_form": None,
        "review_form": None,
        "record_url": selectors.record_url(obligation),
        "overdue": selectors.is_overdue(obligation, today),
        "history": history(obligation, actor),
        "may_act": acting,
        "stale": stale,
        "complete_form": None,
        "waive_form": None,
        "reopen_form": reopen,
        "docx_url": "",
        "today": today,
    }
    if acting and obligation.status == sync.OPEN:
        matters = selectors.evidence_matters(actor, obligation)
        if complete is None:
            complete = forms.CompleteForm(matters=matters)
        context["complete_form"] = complete
        context["waive_form"] = waive if waive is not None else forms.WaiveForm()
        context["assign_form"] = assign or forms.AssignForm(
            people=selectors.people_to_assign(actor),
            initial={"person": obligation.responsible_person_id},
        )
        if obligation.in_backlog:
            context["review_form"] = review or forms.ReviewForm()
    application = selectors.information_matter_application(actor, obligation)
    if application is not None and selectors.may_draft_information_matter(actor, application):
        context["docx_url"] = reverse("routines:information_matter", args=[application.pk])
    problems = [f for f in (complete, waive, reopen, assign, review) if f is not None and f.errors]
    context["form"] = problems[0] if problems else None  # the error summary's form
    return render(request, "routines/obligation_detail.html", context, status=status)


@member
def obligation_detail(request, pk):
    return _detail(request, selectors.obligation_get(request.actor, pk))


def _acting_on(request, pk):
    """The obligation a write is about: 404 outside the municipality, 403 if not the actor's."""
    obligation = selectors.obligation_get(request.actor, pk)
    if not selectors.may_act(request.actor, obligation):
        raise PermissionDenied("you may not change this obligation")
    return obligation


def _stale(request, pk, exc: StaleVersion, **forms_given):
    """Nothing was written: the page as it is now, the user's input kept, the new version."""
    obligation = selectors.obligation_get(request.actor, pk)
    stale = {"current": exc.current, "status": obligation.get_status_display()}
    kept = {}
    for name, form in forms_given.items():
        if form is not None and name != "reopen" and obligation.status == sync.OPEN:
            kept[name] = form
    return _detail(request, obligation, status=409, stale=stale, **kept)


def _answers(request, obligation, name, form, *, kept_on_stale=True) -> dict:
    """How an action on an obligation's page answers (core.views.service_call): back to the
    page; the form's errors on it; a stale version shown as it is now, the input kept."""
    kept = {name: form} if kept_on_stale else {}
    return {
        "form": form,
        "done": reverse("routines:obligation_detail", args=[obligation.pk]),
        "again": lambda status: _detail(request, obligation, status=status, **{name: form}),
        "stale": lambda exc: _stale(request, obligation.pk, exc, **kept),
    }


@writer
@require_POST
def obligation_complete_view(request, pk):
    obligation = _acting_on(request, pk)
    form = forms.CompleteForm(
        request.POST, matters=selectors.evidence_matters(request.actor, obligation)
    )
    return service_call(
        request,
        lambda: obligation_complete(
            actor=request.actor,
            obligation=obligation,
            expected_version=_posted_version(request),
            evidence=form.cleaned_data["evidence"],
            evidence_matter=form.matter(),
        ),
        success=_("Åtgärden är markerad som klar."),
        **_answers(request, obligation, "complete", form),
    )


@writer
@require_POST
def obligation_waive_view(request, pk):
    obligation = _acting_on(request, pk)
    form = forms.WaiveForm(request.POST)
    return service_call(
        request,
        lambda: obligation_waive(
            actor=request.actor,
            obligation=obligation,
            expected_version=_posted_version(request),
            reason=form.cleaned_data["waived_reason"],
        ),
        success=_("Åtgärden är markerad som att den inte behövs."),
        **_answers(request, obligation, "waive", form),
    )


@writer
@require_POST
def obligation_assign_view(request, pk):
    obligation = _acting_on(request, pk)
    form = forms.AssignForm(request.POST, people=selectors.people_to_assign(request.actor))
    return service_call(
        request,
        lambda: obligation_assign(
            actor=request.actor,
            obligation=obligation,
            expected_version=_posted_version(request),
            person=form.chosen_person(),
        ),
        success=_("Ansvarig person är sparad."),
        **_answers(request, obligation, "assign", form, kept_on_stale=False),
    )


@writer
@require_POST
def obligation_review_view(request, pk):
    """A backlog obligation reviewed once: it is to be done, or it is not needed."""
    obligation = _acting_on(request, pk)
    form = forms.ReviewForm(request.POST)

    def acknowledged() -> bool:
        return form.cleaned_data["decision"] == form.ACKNOWLEDGE

    return service_call(
        request,
        lambda: (obligation_acknowledge if acknowledged() else obligation_waive)(
            actor=request.actor,
            obligation=obligation,
            expected_version=_posted_version(request),
            reason=form.cleaned_data["review_note"],
        ),
        success=lambda _result: (
            _("Åtgärden är granskad och ska göras.")
            if acknowledged()
            else _("Åtgärden är granskad och behövs inte.")
        ),
        **_answers(request, obligation, "review", form, kept_on_stale=False),
    )


@writer
@require_POST
def obligation_reopen_view(request, pk):
    obligation = _acting_on(request, pk)
    form = forms.AccessibleForm(request.POST)  # no fields: the service's errors shown above
    return service_call(
        request,
        lambda: obligation_reopen(
            actor=request.actor, obligation=obligation, expected_version=_posted_version(request)
        ),
        success=_("Åtgärden är öppen igen."),
        **_answers(request, obligation, "reopen", form, kept_on_stale=False),
    )


@writer
def information_matter(request, pk):
    """The information matter to the executive board about an application, as a Word draft."""
    application = selectors.application_get(request.actor, pk)
    if not selectors.may_draft_information_matter(request.actor, application):
        raise PermissionDenied("you may not draft this application's information matter")
    response = HttpResponse(information_matter_docx(application), content_type=DOCX)
    name = f"informationsarende-ansokan-{application.pk}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --- notifications ---------------------------------------------------------------------------


@member
def notification_list(request):
    actor = request.actor
    page = CappedPaginator(selectors.notifications_for(actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "preference_form": (
            forms.PreferenceForm(initial={"daily_digest": selectors.daily_digest_chosen(actor)})
            if actor.can_write_anything
            else None
        ),
    }
    return render(request, "routines/notification_list.html", context)


def _back_to_notifications(request):
    page = request.POST.get("page", "")
    url = reverse("routines:notifications")
    return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@member
@require_POST
def notification_read(request, pk):
    notification = selectors.notification_get(request.actor, pk)
    notification_mark_read(user=request.user, notification=notification)
    return _back_to_notifications(request)


@member
@require_POST
def notification_read_all(request):
    unread = selectors.unread_notifications(request.actor)
    with transaction.atomic():
        for notification in unread:
            notification_mark_read(user=request.user, notification=notification)
    if unread:
        messages.success(request, _("Alla notiser är markerade som lästa."))
    return _back_to_notifications(request)


@writer
@require_POST
def notification_preference(request):
    form = forms.PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    daily = bool(form.cleaned_data.get("daily_digest"))
    notification_preference_set(
        user=request.user, municipality=request.actor.municipality, daily_digest=daily
    )
    if daily:
        messages.success(
            request,
            _("Du får en daglig sammanfattning i stället för ett e-postmeddelande per ny åtgärd."),
        )
    else:
        messages.success(request, _("Du får ett e-postmeddelande för varje ny åtgärd."))
    return redirect("routines:notifications")


# --- a new version of the policy profile -----------------------------------------------------


def _require_administrator(request):
    require_role(request.actor, Role.ADMINISTRATOR)


def _located(errors, text: str) -> list[dict]:
    """The errors with the line of the text they point at."""
    lines = text.splitlines()
    return [
        {
            "line": error.line,
            "column": error.column,
            "key": error.key,
            "message": error.message,
            "source": lines[error.line - 1].strip()
            if error.line and 0 < error.line <= len(lines)
            else "",
        }
        for error in errors
    ]


REVIEW_INTERVALS = {
    "term_of_office": gettext_lazy("varje mandatperiod"),
    "yearly": gettext_lazy("varje år"),
    "as_needed": gettext_lazy("vid behov"),
}


def _policy_page(request, *, status=200, **extra):
    version = selectors.current_profile_version(request.actor)
    context = {
        "version": version,
        "adopted_by": capfirst(
            request.actor.municipality.terms.get(version.adopted_by, version.adopted_by)
        )
        if version
        else "",
        "review_interval": REVIEW_INTERVALS.get(version.review_interval, version.review_interval)
        if version
        else "",
        "versions": selectors.profile_versions(request.actor),
        "form": None,
        "profile_form": forms.ProfileForm(),
        "errors": [],
        "diff": None,
        "load_form": None,
        "restoring": request.POST.get("restored_from", "") or None,
        **extra,
    }
    return render(request, "routines/policy_preview.html", context, status=status)


def _restoring_reason(request) -> str:
    number = request.POST.get("restored_from", "")
    return _("Återställer version %(number)s") % {"number": number} if number.isdigit() else ""


def _editor_start(request):
    """The text the editor opens with: an earlier version to restore (?fran-version=N), else
    the current version, so a change starts from what is loaded."""
    wanted = request.GET.get("fran-version", "")
    if wanted.isdigit():
        earlier = selectors.profile_version(request.actor, int(wanted))
        return earlier.source, earlier.number
    current = selectors.current_profile_source(request.actor)
    return (current.source if current else ""), None


@writer
def policy_preview(request):
    """Paste or upload a new profile: its located errors, or what it would do; then load it."""
    _require_administrator(request)
    if request.method != "POST":
        text, restoring = _editor_start(request)
        return _policy_page(
            request,
            profile_form=forms.ProfileForm(initial={"text": text}),
            restoring=restoring,
        )
    if "load" in request.POST:
        return _policy_load(request)
    form = forms.ProfileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _policy_page(request, status=400, profile_form=form, form=form)
    return _preview(request, form.cleaned_data["text"], form.cleaned_data["source_name"])


@writer
def policy_check(request):
    """The editor's errors as one types (htmx): each at its line, nothing written."""
    _require_administrator(request)  # before the method: others learn nothing of the page
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    text = request.POST.get("text", "").replace("\r\n", "\n")
    errors, other = [], ""
    if text.strip():
        try:
            profile_check(
                municipality=request.actor.municipality, text=text, source_name="profil.toml"
            )
        except ProfileInvalid as exc:
            errors = _located(exc.errors, text)
        except ProfileForOtherMunicipality as exc:
            other = str(exc)
    context = {"errors": errors, "other": other, "checked": bool(text.strip())}
    return render(request, "routines/_profile_check.html", context)


@writer
def policy_version(request, number: int):
    """An earlier (or the current) version's text, with who loaded it, when and why."""
    _require_administrator(request)
    version = selectors.profile_version(request.actor, number)
    current = selectors.current_profile_source(request.actor)
    changes = source_diff(current.source, version.source) if current else []
    context = {
        "shown": version,
        "is_current": bool(current and current.number == version.number),
        "changes": changes,
        "current_number": current.number if current else None,
        "lines": version.source.splitlines(),
    }
    return render(request, "routines/policy_version.html", context)


def _preview(request, text: str, source: str, *, load_form=None, reason: str = ""):
    """The diff of `text` against today's obligations, with the form that loads it."""
    shown = forms.ProfileForm(initial={"text": text})  # the text stays editable
    try:
        diff = profile_diff(municipality=request.actor.municipality, text=text, source_name=source)
    except ProfileInvalid as exc:
        return _policy_page(
            request, status=400, profile_form=shown, errors=_located(exc.errors, text)
        )
    except ProfileForOtherMunicipality as exc:
        shown = forms.ProfileForm({"text": text})
        shown.is_valid()
        shown.add_error("text", str(exc))
        return _policy_page(request, status=400, profile_form=shown, form=shown)
    if load_form is None:
        load_form = forms.LoadForm(
            initial={
                "text": text,
                "source_name": source,
                "base_version": diff.current_version,
                "reason": reason or _restoring_reason(request),
            }
        )
    current = selectors.current_profile_source(request.actor)
    text_changes = source_diff(current.source, text) if current else []
    return _policy_page(
        request,
        status=400 if load_form.is_bound else 200,
        profile_form=shown,
        diff=diff,
        diff_rows=_diff_rows(diff),
        text_changes=text_changes,
        text_counts=counts(text_changes),
        load_form=load_form,
        form=load_form if load_form.is_bound else None,
    )


def _diff_rows(diff) -> list[dict]:
    """The diff's groups with a link to each record's page."""
    groups = [
        ("created", _("Åtgärder som skulle skapas"), diff.created),
        ("lapsed", _("Åtgärder som skulle upphöra"), diff.lapsed),
        ("changed", _("Åtgärder som skulle ändras"), diff.changed),
        ("into_conflict", _("Poster som skulle hamna i policykonflikt"), diff.into_conflict),
        (
            "out_of_conflict",
            _("Poster som inte längre skulle vara i konflikt"),
            diff.out_of_conflict,
        ),
    ]
    return [
        {
            "key": key,
            "title": title,
            "items": [
                {
                    "item": item,
                    "url": selectors.ref_url(item.record.model, item.record.id)
                    if item.record
                    else "",
                }
                for item in items
            ],
        }
        for key, title, items in groups
    ]


def _policy_load(request):
    form = forms.LoadForm(request.POST)
    if not form.is_valid():
        text, source = form.data.get(form.add_prefix("text"), ""), "profil.toml"
        if not form.has_error("text"):
            source = form.data.get(form.add_prefix("source_name"), "") or source
        return _preview(request, text, source, load_form=form)
    municipality = request.actor.municipality
    text = form.cleaned_data["text"]
    try:
        with transaction.atomic():
            result = profile_load(
                municipality=municipality,
                text=text,
                source_name=form.cleaned_data["source_name"],
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["base_version"],
            )
            sweep = routines_run(municipality, user=request.user) if result.changed else None
    except ProfileVersionConflict:
        messages.error(
            request,
            _(
                "Någon annan har läst in en ny version av styrdokumentet sedan du "
                "förhandsgranskade. Ingenting har lästs in. Granska ändringarna igen."
            ),
        )
        return _preview(
            request, text, form.cleaned_data["source_name"], reason=form.cleaned_data["reason"]
        )
    except ProfileInvalid as exc:
        return _policy_page(
            request,
            status=400,
            profile_form=forms.ProfileForm(initial={"text": text}),
            errors=_located(exc.errors, text),
        )
    except ProfileForOtherMunicipality as exc:
        messages.error(request, str(exc))
        return redirect("routines:policy_preview")
    if not result.changed:
        messages.info(
            request, _("Profilen är densamma som den gällande versionen; inget ändrades.")
        )
    else:
        messages.success(
            request,
            _(
                "Version %(number)s av styrdokumentet är inläst. Åtgärder: %(created)s nya, "
                "%(lapsed)s upphörda, %(completed)s klara, %(updated)s ändrade."
            )
            % {
                "number": result.version.number,
                "created": sweep.created,
                "lapsed": sweep.lapsed,
                "completed": sweep.completed,
                "updated": sweep.updated,
            },
        )
    return redirect("routines:policy_preview")


@writer
def policy_download(request):
    """The current profile version's TOML, as it was loaded."""
    _require_administrator(request)
    version = selectors.current_profile_source(request.actor)
    if version is None:
        raise Http404
    response = HttpResponse(version.source, content_type="application/toml; charset=utf-8")
    name = version.source_name or f"profil-version-{version.number}.toml"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --- a profile drafted from the steering document --------------------------------------------

DRAFT_SALT = "utblick.routines.policy-draft"


@writer
def policy_draft(request):
    """Upload the steering document; see each proposal beside the sentence it came from; keep
    or drop proposals, edit the text, and take it on to the preview and loading above."""
    _require_administrator(request)
    if request.method != "POST":
        return _draft_page(request, forms.DraftUploadForm())
    if "choose" in request.POST:
        draft = _signed_draft(request)
        if draft is None:
            messages.error(
                request, _("Utkastet kunde inte läsas tillbaka. Ladda upp dokumentet igen.")
            )
            return redirect("routines:policy_draft")
        return _draft_page(
            request, forms.DraftUploadForm(), draft, set(request.POST.getlist("proposal"))
        )
    form = forms.DraftUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _draft_page(request, form, status=400)
    municipality = request.actor.municipality
    draft = drafting.draft_profile(
        form.cleaned_data["source"],
        organisation_code=municipality.code,
        organisation_name=municipality.name,
    )
    return _draft_page(request, forms.DraftUploadForm(), draft)


def _signed_draft(request):
    try:
        data = signing.loads(request.POST.get("draft", ""), salt=DRAFT_SALT, max_age=24 * 3600)
        draft = drafting.draft_from_json(data)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return draft if draft.organisation_code == request.actor.municipality.code else None


def _draft_page(request, upload_form, draft=None, chosen=None, *, status=200):
    context = {"upload_form": upload_form, "draft": draft}
    if draft is not None:
        rendered = drafting.render(draft, chosen, path="utkast.toml")
        context.update(
            signed=signing.dumps(drafting.draft_to_json(draft), salt=DRAFT_SALT, compress=True),
            rows=[
                {
                    "proposal": p,
                    "kind": drafting.KIND_LABELS[p.kind],
                    "checked": p.id in rendered.included or p.id in drafting.REQUIRED,
                    "required": p.id in drafting.REQUIRED,
                    "rejected": rendered.rejected.get(p.id, ""),
                    "confidence": round(p.confidence * 100),
                }
                for p in draft.proposals
            ],
            included=len(rendered.included),
            profile_form=forms.ProfileForm(initial={"text": rendered.text}),
            source_name=f"utkast-{draft.source_name.rsplit('.', 1)[0]}.toml",
        )
    return render(request, "routines/policy_draft.html", context, status=status)
