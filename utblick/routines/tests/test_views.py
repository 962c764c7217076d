"""The obligation pages: the list and its filters, an obligation's page, done / waived / reopened
with the version, who may do what, the obligations on a record's page and on the start page,
and the list's query count."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from utblick.core.access import Role
from utblick.factories import ApplicationFactory, RoleFactory, UnitFactory, UserFactory
from utblick.policy.models import Routine
from utblick.registers.models import Matter
from utblick.routines.models import Obligation
from utblick.web.tests.test_page_structure import check

TODAY = timezone.localdate()
_keys = itertools.count()


@pytest.fixture
def signed_in(world):
    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def routines(world):
    """Two routines of Testkommun A (and one of B): informing the office, membership review."""
    return {
        "inform": Routine.objects.create(
            municipality=world.home,
            key="ansokan-informera",
            families="notification",
            requirement="M3",
            description="Informera kommunledningsförvaltningen om ansökningar",
        ),
        "review": Routine.objects.create(
            municipality=world.home,
            key="medlemskap-provning",
            families="recurring_duty",
            requirement="L2",
            description="Pröva medlemskapen vart tredje år",
            order=1,
        ),
        "foreign": Routine.objects.create(
            municipality=world.other,
            key="ansokan-informera",
            families="notification",
            requirement="M3",
        ),
    }


def make_obligation(routine, unit, *, record=None, title=None, **fields) -> Obligation:
    values = {
        "kind": "obligation",
        "title": title or f"Informera om projekt {next(_keys)}",
        "explanation": "Enligt policyn ska KLF informeras. Krav M3: Informera om ansökningar.",
        "requirement": routine.requirement,
        "evidence_required": "Mejl eller möte med KLF, med datum.",
        "due_on": TODAY + dt.timedelta(days=10),
    }
    values.update(fields)
    if record is not None:
        values["content_type"] = ContentType.objects.get_for_model(record)
        values["object_id"] = record.pk
        values.setdefault("record_label", str(record))
    return Obligation.objects.create(
        municipality=routine.municipality,
        routine=routine,
        responsible_unit=unit,
        dedupe_key=f"{routine.key}:{next(_keys)}",
        **values,
    )


@pytest.fixture
def mixed(world, routines):
    """Open, overdue, conflicting and closed obligations of both committees (and of B)."""
    application = ApplicationFactory(
        municipality=world.home, unit=world.committee, title="Kulturbryggan"
    )
    found = {
        "ours": make_obligation(
            routines["inform"], world.committee, record=application, title="Informera KLF"
        ),
        "overdue": make_obligation(
            routines["review"],
            world.committee,
            title="Pröva medlemskapet i Eurocities",
            due_on=TODAY - dt.timedelta(days=5),
        ),
        "theirs": make_obligation(
            routines["inform"],
            world.other_committee,
            title="Informera om miljöprojektet",
            due_on=TODAY + dt.timedelta(days=3),
        ),
        "conflict": make_obligation(
            routines["review"],
            world.other_committee,
            kind="conflict",
            title="Medlemskapet saknar beslut av rätt organ",
            due_on=None,
        ),
        "done": make_obligation(
            routines["inform"],
            world.committee,
            title="Redan informerat",
            status="done",
            evidence="Mejl 2026-01-02",
        ),
        "foreign": make_obligation(
            routines["foreign"], world.foreign_unit, title="Kommun B:s åtgärd"
        ),
    }
    found["application"] = application
    return found


def url(obligation, action=""):
    return f"/atgarder/{obligation.pk}/{action}"


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_open_obligations_by_due_date_with_overdue_and_conflicts_marked(
    world, mixed, signed_in
):
    html = signed_in(world.alice).get("/atgarder/").content.decode()
    titles = [
        "Pröva medlemskapet i Eurocities",
        "Informera om miljöprojektet",
        "Informera KLF",
        "Medlemskapet saknar beslut av rätt organ",  # no date: last
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Redan informerat" not in html and "Kommun B:s åtgärd" not in html
    overdue_row = html.split("Pröva medlemskapet i Eurocities", 1)[1].split("</tr>", 1)[0]
    assert 'badge-overdue">Försenad' in overdue_row
    conflict_row = html.split("Medlemskapet saknar beslut", 1)[1].split("</tr>", 1)[0]
    assert "Policykonflikt" in conflict_row
    # The record concerned links to its register page.
    assert f'href="/ansokningar/{mixed["application"].pk}/">Kulturbryggan' in html
    assert "4 åtgärder" in html
    check(html, "/atgarder/")


def test_the_list_filters_by_status_unit_routine_requirement_kind_and_overdue(
    world, mixed, routines, signed_in
):
    alice = signed_in(world.alice)

    def titles(query):
        html = alice.get("/atgarder/" + query).content.decode()
        return {
            o.title
            for o in Obligation.objects.filter(municipality=world.home)
            if f">{o.title}</a>" in html
        }

    assert titles("?status=done") == {"Redan informerat"}
    assert len(titles("?status=alla")) == 5
    assert titles(f"?unit={world.other_committee.pk}") == {
        "Informera om miljöprojektet",
        "Medlemskapet saknar beslut av rätt organ",
    }
    assert titles(f"?routine={routines['review'].pk}") == {
        "Pröva medlemskapet i Eurocities",
        "Medlemskapet saknar beslut av rätt organ",
    }
    assert titles("?requirement=M3") == {"Informera KLF", "Informera om miljöprojektet"}
    assert titles("?kind=conflict") == {"Medlemskapet saknar beslut av rätt organ"}
    assert titles("?overdue=on") == {"Pröva medlemskapet i Eurocities"}
    # Another municipality's routine is no choice: the filter is ignored, not obeyed.
    assert (
        "Kommun B:s åtgärd"
        not in alice.get(
            f"/atgarder/?routine={routines['foreign'].pk}&status=alla"
        ).content.decode()
    )


def test_a_unit_filter_takes_in_the_units_below(world, routines, signed_in):
    administration = UnitFactory(
        municipality=world.home, name="Kulturförvaltningen", parent=world.committee
    )
    make_obligation(routines["inform"], administration, title="Förvaltningens åtgärd")
    html = signed_in(world.alice).get(f"/atgarder/?unit={world.committee.pk}").content.decode()
    assert "Förvaltningens åtgärd" in html


def test_a_unit_editor_lists_its_own_units_obligations(world, mixed, signed_in):
    html = signed_in(world.bob).get("/atgarder/").content.decode()
    assert "Informera KLF" in html and "Pröva medlemskapet i Eurocities" in html
    assert "Informera om miljöprojektet" not in html
    assert "Medlemskapet saknar beslut" not in html
    # … and is offered only its own units to filter on.
    assert f'value="{world.other_committee.pk}"' not in html


def test_a_reader_reads_the_list_and_an_obligation_but_has_no_forms(world, mixed, signed_in):
    carol = signed_in(world.carol)
    html = carol.get("/atgarder/").content.decode()
    assert "Informera om miljöprojektet" in html
    page = carol.get(url(mixed["ours"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Markera som klar" not in html and "<form" not in html.split("<main", 1)[1]


def test_the_list_query_count_is_pinned_and_does_not_grow_with_rows(
    world, routines, signed_in, django_assert_num_queries
):
    alice = signed_in(world.alice)

    def add(count):
        for n in range(count):
            unit = [world.committee, world.other_committee][n % 2]
            application = ApplicationFactory(municipality=world.home, unit=unit)
            make_obligation(routines["inform"], unit, record=application)

    add(2)
    # session, user, roles (unread notifications joined), actor's role; units and routines
    # (the filters' choices); count; the page (routine, unit and record type joined)
    with django_assert_num_queries(8):
        assert alice.get("/atgarder/").status_code == 200
    add(20)
    with django_assert_num_queries(8):
        html = alice.get("/atgarder/?unit=&status=open").content.decode()
    assert "22 åtgärder" in html and "sida 1 av 1" not in html
    with django_assert_num_queries(8):
        assert alice.get("/atgarder/?page=2").status_code == 200


# --- an obligation's page --------------------------------------------------------------------


def test_an_obligations_page_shows_record_explanation_requirement_evidence_and_history(
    world, mixed, signed_in
):
    obligation = mixed["ours"]
    response = signed_in(world.alice).get(url(obligation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Informera KLF</h1>" in html
    assert f'<a href="/ansokningar/{mixed["application"].pk}/">Kulturbryggan</a>' in html
    assert "Enligt policyn ska KLF informeras. Krav M3" in html
    assert "krav M3" in html
    assert "Mejl eller möte med KLF, med datum." in html
    assert "Ändringshistorik" in html and "Skapad" in html
    assert 'name="klar-evidence"' in html and 'name="stryk-waived_reason"' in html
    check(html, url(obligation))


def test_another_municipalitys_obligation_is_a_404_everywhere(world, mixed, signed_in):
    alice = signed_in(world.alice)
    foreign = mixed["foreign"]
    assert alice.get(url(foreign)).status_code == 404
    for action, data in (
        ("klar/", {"version": 1, "klar-evidence": "x"}),
        ("behovs-inte/", {"version": 1, "stryk-waived_reason": "x"}),
        ("oppna-igen/", {"version": 1}),
    ):
        assert alice.post(url(foreign, action), data).status_code == 404, action
    foreign.refresh_from_db()
    assert (foreign.status, foreign.version) == ("open", 1)


# --- done, waived, reopened ------------------------------------------------------------------


def test_marking_done_with_evidence_text(world, mixed, signed_in):
    obligation = mixed["ours"]
    alice = signed_in(world.alice)
    response = alice.post(
        url(obligation, "klar/"), {"version": 1, "klar-evidence": "Mejl till KLF 2026-10-02"}
    )
    assert response.status_code == 302 and response["Location"] == url(obligation)
    obligation.refresh_from_db()
    assert (obligation.status, obligation.version) == ("done", 2)
    assert obligation.evidence == "Mejl till KLF 2026-10-02"
    assert obligation.done_by == world.alice
    html = alice.get(url(obligation)).content.decode()
    assert "Åtgärden är markerad som klar." in html
    assert "Mejl till KLF 2026-10-02" in html and "klarmarkerad" in html
    assert "Öppna åtgärden igen" in html


def test_marking_done_with_a_matter_of_the_municipality(world, mixed, signed_in):
    obligation = mixed["ours"]
    about = Matter.objects.create(
        municipality=world.home,
        kind="information_matter",
        title="Information om Kulturbryggan",
        unit=world.committee,
        application=mixed["application"],
    )
    other = Matter.objects.create(
        municipality=world.home, kind="motion", title="Motion om vänort", unit=world.committee
    )
    alice = signed_in(world.alice)
    html = alice.get(url(obligation)).content.decode()
    # The matters about the record come first, in their own group.
    assert html.index("Ärenden om posten") < html.index("Information om Kulturbryggan")
    assert html.index("Information om Kulturbryggan") < html.index("Motion om vänort")
    assert other.pk
    response = alice.post(
        url(obligation, "klar/"), {"version": 1, "klar-evidence_matter": about.pk}
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "done" and obligation.evidence_matter == about


def test_marking_done_needs_evidence_at_the_field(world, mixed, signed_in):
    obligation = mixed["ours"]
    response = signed_in(world.alice).post(url(obligation, "klar/"), {"version": 1})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_klar-evidence"' in html
    assert "Ange vad som visar att åtgärden är gjord" in html
    check(html, "done without evidence")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.version) == ("open", 1)


def test_another_municipalitys_matter_is_no_evidence(world, mixed, signed_in):
    foreign = Matter.objects.create(
        municipality=world.other, kind="motion", title="B:s ärende", unit=world.foreign_unit
    )
    response = signed_in(world.alice).post(
        url(mixed["ours"], "klar/"), {"version": 1, "klar-evidence_matter": foreign.pk}
    )
    assert response.status_code == 400
    assert "B:s ärende" not in response.content.decode()
    mixed["ours"].refresh_from_db()
    assert mixed["ours"].status == "open"


def test_waiving_needs_a_reason_in_swedish_at_the_field(world, mixed, signed_in):
    obligation = mixed["ours"]
    alice = signed_in(world.alice)
    response = alice.post(
        url(obligation, "behovs-inte/"), {"version": 1, "stryk-waived_reason": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_stryk-waived_reason"' in html
    field = html.split('id="id_stryk-waived_reason_error"', 1)[1].split("</div>", 1)[0]
    assert "Ange varför åtgärden inte behöver göras." in field
    obligation.refresh_from_db()
    assert obligation.status == "open"
    response = alice.post(
        url(obligation, "behovs-inte/"),
        {"version": 1, "stryk-waived_reason": "Registrerad i efterhand"},
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.status, obligation.waived_reason) == ("waived", "Registrerad i efterhand")
    html = alice.get(url(obligation)).content.decode()
    assert "Registrerad i efterhand" in html and "Behövs inte (motiverat)" in html


def test_reopening_a_done_obligation(world, mixed, signed_in):
    obligation = mixed["done"]
    alice = signed_in(world.alice)
    response = alice.post(url(obligation, "oppna-igen/"), {"version": obligation.version})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.status, obligation.evidence) == ("open", "")
    assert "Åtgärden är öppen igen." in alice.get(url(obligation)).content.decode()


def test_reopening_an_open_obligation_is_refused_with_a_message(world, mixed, signed_in):
    obligation = mixed["ours"]
    response = signed_in(world.alice).post(url(obligation, "oppna-igen/"), {"version": 1})
    assert response.status_code == 400
    assert "Bara en klar eller motiverat struken åtgärd kan öppnas igen." in (
        response.content.decode()
    )


def test_a_stale_write_overwrites_nothing_and_says_so(world, mixed, signed_in):
    obligation = mixed["ours"]
    alice = signed_in(world.alice)
    # Someone else (or the sweep) changed it since the page was opened at version 1.
    Obligation.objects.filter(pk=obligation.pk).update(version=2, due_on=TODAY)
    response = alice.post(
        url(obligation, "klar/"), {"version": 1, "klar-evidence": "Mejl till KLF"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har ändrat åtgärden medan du arbetade" in html
    assert "Ingenting har sparats." in html
    assert "Mejl till KLF" in html  # the user's text is kept …
    assert 'name="version" value="2"' in html  # … to be sent again knowingly
    check(html, "stale")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.version, obligation.evidence) == ("open", 2, "")
    response = alice.post(
        url(obligation, "behovs-inte/"), {"version": 1, "stryk-waived_reason": "x"}
    )
    assert response.status_code == 409
    obligation.refresh_from_db()
    assert obligation.status == "open"


def test_a_write_after_the_sweep_completed_it_is_refused(world, mixed, signed_in):
    obligation = mixed["ours"]
    Obligation.objects.filter(pk=obligation.pk).update(
        version=2, status="done", done_automatically=True, evidence="Ärende KS 2026/1"
    )
    response = signed_in(world.alice).post(
        url(obligation, "klar/"), {"version": 1, "klar-evidence": "Mejl"}
    )
    assert response.status_code in (400, 409)
    obligation.refresh_from_db()
    assert obligation.evidence == "Ärende KS 2026/1"


# --- who may act -----------------------------------------------------------------------------


def test_a_unit_editor_acts_on_its_units_obligations_only(world, mixed, signed_in):
    bob = signed_in(world.bob)
    ours, theirs = mixed["ours"], mixed["theirs"]
    assert bob.post(url(ours, "klar/"), {"version": 1, "klar-evidence": "Mejl"}).status_code == 302
    # Another unit's obligation may be read, not changed.
    html = bob.get(url(theirs)).content.decode()
    assert "Markera som klar" not in html
    for action, data in (
        ("klar/", {"version": 1, "klar-evidence": "x"}),
        ("behovs-inte/", {"version": 1, "stryk-waived_reason": "x"}),
    ):
        assert bob.post(url(theirs, action), data).status_code == 403, action
    theirs.refresh_from_db()
    assert (theirs.status, theirs.version) == ("open", 1)


def test_readers_change_nothing(world, mixed, signed_in):
    carol = signed_in(world.carol)
    for obligation, action, data in (
        (mixed["ours"], "klar/", {"version": 1, "klar-evidence": "x"}),
        (mixed["ours"], "behovs-inte/", {"version": 1, "stryk-waived_reason": "x"}),
        (mixed["done"], "oppna-igen/", {"version": 1}),
    ):
        assert carol.post(url(obligation, action), data).status_code == 403
    assert Obligation.objects.filter(pk=mixed["ours"].pk, version=1, status="open").exists()


def test_an_administrator_acts_on_every_obligation(world, mixed, signed_in):
    admin = UserFactory(username="ada")
    RoleFactory(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)
    response = signed_in(admin).post(
        url(mixed["theirs"], "behovs-inte/"), {"version": 1, "stryk-waived_reason": "Inte aktuellt"}
    )
    assert response.status_code == 302


def test_the_action_urls_answer_only_posts(world, mixed, signed_in):
    assert signed_in(world.alice).get(url(mixed["ours"], "klar/")).status_code == 405


# --- on a record's page and on the start page ------------------------------------------------


def test_the_records_page_shows_its_open_obligations_and_conflicts(
    world, mixed, routines, signed_in
):
    application = mixed["application"]
    conflict = make_obligation(
        routines["inform"],
        world.committee,
        record=application,
        kind="conflict",
        title="Ansökan saknar bekräftelse",
        due_on=TODAY - dt.timedelta(days=1),
    )
    make_obligation(
        routines["inform"], world.committee, record=application, title="Gjord", status="done"
    )
    html = signed_in(world.carol).get(f"/ansokningar/{application.pk}/").content.decode()
    card = html.split('id="obligations-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="/atgarder/{mixed["ours"].pk}/">Informera KLF</a>' in card
    assert f'href="/atgarder/{conflict.pk}/">Ansökan saknar bekräftelse</a>' in card
    assert "Policykonflikt" in card
    assert "Gjord" not in card
    assert 'href="/atgarder/"' in card
    check(html, "application with obligations")


def test_a_record_without_obligations_shows_no_card(world, make_application, signed_in):
    html = signed_in(world.alice).get(f"/ansokningar/{make_application.pk}/").content.decode()
    assert "obligations-title" not in html


@pytest.fixture
def make_application(world):
    return ApplicationFactory(municipality=world.home, unit=world.committee)


def test_the_start_page_links_each_obligation_and_all_of_them(world, mixed, signed_in):
    html = signed_in(world.alice).get("/").content.decode()
    card = html.split('id="obligations-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="/atgarder/{mixed["overdue"].pk}/">Pröva medlemskapet i Eurocities</a>' in card
    assert '<a href="/atgarder/">Alla åtgärder</a>' in card


def test_the_navigation_links_the_obligations(world, signed_in):
    html = signed_in(world.carol).get("/").content.decode()
    nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/atgarder/">Åtgärder</a>' in nav


def test_obligations_about_a_record_of_another_type_are_not_shown(world, mixed, signed_in):
    """A matter with the same id as the application does not get its obligations."""
    matter = Matter.objects.create(
        municipality=world.home, kind="motion", title="Motion", unit=world.committee
    )
    Obligation.objects.filter(pk=mixed["ours"].pk).update(object_id=matter.pk)
    html = signed_in(world.alice).get(f"/arenden/{matter.pk}/").content.decode()
    assert "obligations-title" not in html


def test_the_records_page_does_not_grow_with_its_obligations(
    world, routines, signed_in, django_assert_num_queries
):
    application = ApplicationFactory(municipality=world.home, unit=world.committee)
    make_obligation(routines["inform"], world.committee, record=application)
    alice = signed_in(world.alice)
    # The application page's pinned count (utblick/web/tests/test_query_counts.py): one query
    # for the record's obligations, with routine and unit joined.
    with django_assert_num_queries(14):
        alice.get(f"/ansokningar/{application.pk}/")
    for _ in range(8):
        make_obligation(routines["review"], world.other_committee, record=application)
    with django_assert_num_queries(14):
        html = alice.get(f"/ansokningar/{application.pk}/").content.decode()
    assert 'Åtgärder och policykonflikter <span class="count">(9)</span>' in html


def test_the_pages_follow_the_language(world, mixed, signed_in):
    alice = signed_in(world.alice)
    alice.post("/sprak/", {"language": "en", "next": "/"})
    html = alice.get("/atgarder/").content.decode()
    assert "<h1>Obligations</h1>" in html and "Overdue only" in html
    html = alice.post(url(mixed["ours"], "behovs-inte/"), {"version": 1}).content.decode()
    assert "Give the reason why the obligation need not be done." in html
    html = alice.post(url(mixed["ours"], "klar/"), {"version": 1}).content.decode()
    assert "Give what shows that the obligation is done" in html
