"""The compiled yearly report: order a run, follow its progress, download, publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from utblick.core.access import Role, get_for_actor, member, scoped, writer
from utblick.core.runs import reap_quietly
from utblick.core.views import service_call
from utblick.reporting import selectors, services
from utblick.reporting.build import CONTENT_TYPES
from utblick.reporting.forms import PublishForm, RunForm, WithdrawForm, YearForm
from utblick.reporting.models import PublishedReport, ReportRun
from utblick.reporting.views.common import report_call

COMPILERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def _run(request, run_id: int) -> ReportRun:
    """A run of the member's municipality, or 404."""
    return get_for_actor(
        ReportRun,
        request.actor,
        run_id,
        queryset=scoped(ReportRun, request.actor).defer("public_data"),
    )


@member
def yearly(request):
    actor = request.actor
    default = timezone.localdate().year - 1
    form = YearForm(request.GET or None)
    year = form.year(default)
    publication = selectors.publication(actor, year)
    context = {
        "form": form,
        "year": year,
        "runs": selectors.recent_runs(actor, year),
        "publication": publication,
        "may_compile": actor.role in COMPILERS,
        "run_form": RunForm(initial={"year": year, "format": "pdf"}),
        "withdraw_form": WithdrawForm(initial={"version": publication.version})
        if publication
        else None,
    }
    return render(request, "reporting/yearly.html", context)


@writer
@require_POST
def run_create(request):
    form = RunForm(request.POST)
    back = reverse("reporting:yearly")
    if form.data.get("year", "").isdigit():
        back += f"?ar={form.data['year']}"
    if not form.is_valid():
        messages.error(request, gettext("Välj år och format."))
        return redirect(back)

    def started(run):
        messages.info(
            request,
            gettext("Rapporten tas fram i bakgrunden. Sidan visar hur långt den har kommit."),
        )
        return reverse("reporting:run", kwargs={"run_id": run.pk})

    return service_call(
        request,
        lambda: services.report_run_request(
            actor=request.actor, year=form.cleaned_data["year"], fmt=form.cleaned_data["format"]
        ),
        done=started,
        again=back,
    )


def _reaped(request, run_id: int) -> ReportRun:
    """The run, failed first if its worker died or it ran too long (core.runs)."""
    runs = scoped(ReportRun, request.actor).filter(pk=run_id)
    reap_quietly(services.report_runs_reap, runs)
    return _run(request, run_id)


@member
def run_detail(request, run_id: int):
    run = _reaped(request, run_id)
    context = {
        "run": run,
        "publish_form": PublishForm(decisions=selectors.approving_decisions(request.actor)),
        "may_compile": request.actor.role in COMPILERS,
        "publication": selectors.publication(request.actor, run.year),
    }
    return render(request, "reporting/run.html", context)


@member
def run_status(request, run_id: int):
    """The progress fragment the run page polls (htmx, every 2 s while the run is unfinished);
    once the run is finished, the publish step with it (out of band)."""
    run = _reaped(request, run_id)
    context = {"run": run, "may_compile": request.actor.role in COMPILERS}
    if run.is_finished:
        context["publish_form"] = PublishForm(
            decisions=selectors.approving_decisions(request.actor)
        )
        context["publication"] = selectors.publication(request.actor, run.year)
    return render(request, "reporting/_run_status_response.html", context)


@writer
@require_POST
def run_retry(request, run_id: int):
    run = services.report_run_retry(actor=request.actor, run=_run(request, run_id))
    messages.info(request, gettext("Rapporten tas fram på nytt i bakgrunden."))
    return redirect("reporting:run", run_id=run.pk)


@member
def run_download(request, run_id: int):
    run = _run(request, run_id)
    path = services.run_path(run)
    if run.status != "done" or path is None or not path.is_file():
        raise Http404("no file")
    name = f"{run.municipality.code}-internationellt-arbete-{run.year}.{run.format}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[run.format]
    )


@writer
@require_POST
def run_publish(request, run_id: int):
    run = _run(request, run_id)
    form = PublishForm(request.POST, decisions=selectors.approving_decisions(request.actor))
    if not form.is_valid():
        messages.error(request, gettext("Välj ett beslut ur listan, eller inget."))
        return redirect("reporting:run", run_id=run.pk)
    back = f"{reverse('reporting:yearly')}?ar={run.year}"
    return service_call(
        request,
        lambda: services.report_publish(
            actor=request.actor,
            run=run,
            decision_reference=form.cleaned_data["decision_reference"],
            decision=form.cleaned_data["decision"],
        ),
        success=gettext("Årsrapporten för %(year)s är godkänd och publicerad.")
        % {"year": run.year},
        done=back,
        again=back,
    )


@writer
@require_POST
def withdraw(request, year: int):
    publication = scoped(PublishedReport, request.actor).filter(year=year).first()
    if publication is None:
        raise Http404("not published")
    form = WithdrawForm(request.POST)

    def write():
        if not form.is_valid():
            raise ValidationError({"reason": [gettext("Ange varför rapporten tas bort.")]})
        return services.report_withdraw(
            actor=request.actor,
            publication=publication,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )

    back = f"{reverse('reporting:yearly')}?ar={year}"
    return report_call(
        request,
        write,
        success=gettext("Rapporten är borttagen från den offentliga sidan."),
        back=back,
    )
