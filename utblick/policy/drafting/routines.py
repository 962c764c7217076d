"""Routines from sentences: who decides what on which conditions, what recurs, what is limited,
what a record must state and who is told — in the five rule families — and the reporting
calendar they need.

Each `_…` method reads one kind of sentence. A routine is proposed with the sentence it came
from; where the document leaves a number open ("i god tid", "med jämna mellanrum"), the
routine carries the product's default and says so in a `Produktval:` note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import lexicon
from .model import Source
from .text import amounts, capitalised, durations, interval, slug, times_per_year

if TYPE_CHECKING:
    from .drafter import Sentence, _Drafter

SURE, CLEAR, DEFAULTED, WEAK = 0.9, 0.8, 0.6, 0.4

_MEMBERSHIP = re.compile(
    r"medlemskap|deltagande i (?:[\wåäö-]+,? )*?(?:organisationer|nätverk)|\bnätverk\b", re.I
)
_APPLICATION = re.compile(
    r"ansökan|ansökningar|\bprojekt(?:et|en)?\b|projektmedel|eu-projekt", re.I
)
_DECIDES = re.compile(
    r"\bbeslutar om\b|\bbeslut om\b|\bfattar beslut\b|\bbeslutas\b|\bska beslutas\b|"
    r"\bkräver beslut\b|\bfattas beslut\b|\bska tas av\b|\bbesluta[rs]? (?:normalt )?av\b",
    re.I,
)
_WIDE = re.compile(
    r"kommunövergripande|regionövergripande|spänner över flera|flera nämnders|hela kommunen|"
    r"hela regionen|mer än en nämnds|\bövergripande\b",
    re.I,
)
_UNIT = re.compile(
    r"respektive verksamhetsområde|inom ramen för respektive|sitt verksamhetsområde|"
    r"egna verksamhetsområde|en nämnds (?:ansvars|verksamhets)område|inom sin verksamhet",
    re.I,
)
_RELATIVE = {"committee", "administration", "municipal_company", "owning_unit"}
REPORTER_OF = {
    "committee": "committee",
    "administration": "administration",
    "municipal_company": "municipal_company",
    "executive_office": "executive_office",
    "municipal_director": "executive_office",
    "preparatory_committee": "preparatory_committee",
}
_DUE = {"t1": "05-31", "t2": "09-30"}
_PERIODS = {
    "t1": ("Tertialrapport 1 (januari–april)", "01-01", "04-30"),
    "t2": ("Tertialrapport 2 (januari–augusti)", "01-01", "08-31"),
    "annual": ("Årlig redovisning", "01-01", "12-31"),
}
_DOCUMENT_CHECKS = [
    {
        "key": "expired",
        "family": "required_fact",
        "register": "documents",
        "require": {"any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]},
        "after_field": "valid_to",
        "within_days": 1,
        "responsible": "executive_office",
        "title": "Styrdokumentet har upphört att gälla – ett nytt behöver antas",
        "done_title": "Styrdokumentet gäller till {valid_to}",
    },
    {
        "key": "renew",
        "family": "recurring_duty",
        "register": "documents",
        "when": {"valid_to__gte": "today"},
        "due_field": "valid_to",
        "lead_months": 6,
        "responsible": "executive_office",
        "title": "Ta fram ett nytt styrdokument innan det nuvarande upphör att gälla",
    },
    {
        "key": "review-date",
        "family": "recurring_duty",
        "register": "documents",
        "when": {"any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]},
        "due_field": "review_date",
        "lead_months": 6,
        "responsible": "executive_office",
        "title": "Aktualitetspröva styrdokumentet",
    },
]
_TERM_CHECK = {
    "key": "term",
    "family": "recurring_duty",
    "register": "documents",
    "when": {"any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]},
    "every": "term_of_office",
    "lead_months": 6,
    "responsible": "executive_office",
    "title": "Följ upp styrdokumentet {term}",
}


@dataclass
class _Routine:
    name: str
    description: str
    checks: list[dict[str, Any]]
    sources: list[Source]
    confidence: float
    notes: list[str] = field(default_factory=list)


class RoutineFinder:
    def __init__(self, drafter: _Drafter):
        self.d = drafter
        self.found: list[_Routine] = []
        self.periods: dict[str, dict[str, Any]] = {}  # key → the [[reporting]] table
        self.period_sources: dict[str, list[Source]] = {}
        self.period_notes: dict[str, list[str]] = {}
        self.schemes: dict[str, dict[str, Any]] = {}

    def run(self) -> None:
        sentences = self.d.sentences
        for index, sentence in enumerate(sentences):
            following = sentences[index + 1 : index + 3]
            for rule in (
                self._memberships,
                self._membership_review,
                self._partnerships,
                self._applications,
                self._notifications,
                self._visits,
                self._agreements,
                self._closure,
                self._contact_persons,
                self._reporting,
                self._limits,
                self._grants,
                self._meetings,
                self._twin_town_meetings,
                self._action_plan,
            ):
                rule(sentence, following)
        self._document_validity()
        self._complete_memberships()
        self._write()

    # --- helpers ---------------------------------------------------------------------------

    def add(
        self,
        name: str,
        sentence: Sentence | list[Any],
        checks: list[dict[str, Any]],
        confidence: float,
        notes: Sequence[str] = (),
    ) -> None:
        sources = sentence if isinstance(sentence, list) else [sentence]
        self.found.append(
            _Routine(
                name,
                sources[0].text if sources else name,
                checks,
                [Source(s.text, s.page) for s in sources],
                confidence,
                list(notes),
            )
        )

    def subjects(self, sentence: Sentence) -> list[str]:
        """The bodies a sentence is about: its subject, or its list's introduction."""
        if sentence.kind == "item" and sentence.intro:
            mentions = self.d.bodies_in(sentence.intro)
            if mentions and mentions[0].start <= 12:
                return [mentions[0].body]
        if sentence.kind == "item":
            mentions = self.d.bodies_in(sentence.heading)
            if mentions and mentions[0].start <= 12:
                return [mentions[0].body]
        found = self.d._subject_duties(sentence.text)
        return list(dict.fromkeys(body for body, _ in found))

    def lead(self, sentence: Sentence) -> dict[str, Any]:
        return {"role": "lead"} if self.d.section_role.get(sentence.heading) == "lead" else {}

    # --- decision routes ------------------------------------------------------------------------

    def _memberships(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not _MEMBERSHIP.search(text) or not (
            _DECIDES.search(text) or re.search(r"ansvara[r]? för .*medlemskap", text, re.I)
        ):
            return
        if re.search(r"\bberedning av frågor|\bprövas\b|\bföreslå\b", text, re.I):
            return
        bodies = [b for b in self.subjects(sentence) if b != "municipal_director"]
        if not bodies:
            return
        if re.search(r"vem som ska representera|politisk representation", text, re.I):
            when: dict[str, Any] = {}
            if _WIDE.search(text):
                when["scope"] = "municipality_wide"
            when["elected_representative_count__gt"] = 0
            self.add(
                "Beslut om representation i nätverk",
                sentence,
                [
                    {
                        "key": "representation",
                        "family": "decision_route",
                        "register": "memberships",
                        "when": when,
                        "decided_by": bodies[:1],
                        "matter_kinds": ["representation_decision"],
                        "pending": True,
                        "title": "{Bodies} ska besluta vem som representerar {org} i {record}",
                    }
                ],
                CLEAR,
            )
            return
        wide, unit = bool(_WIDE.search(text)), bool(_UNIT.search(text))
        checks = []
        relative = [("owning_unit" if b in _RELATIVE else b) for b in bodies]
        relative = list(dict.fromkeys(relative))
        if wide or not unit:
            checks.append(self._membership_check("municipality_wide", bodies))
        if unit or not wide:
            checks.append(self._membership_check("unit", relative if unit else bodies))
        notes = []
        if not wide and not unit:
            notes.append(
                "Dokumentet skiljer inte på kommunövergripande medlemskap och medlemskap inom "
                "en nämnds område; samma organ beslutar om båda."
            )
        self.add("Beslut om medlemskap", sentence, checks, CLEAR, notes)

    def _membership_check(self, scope: str, bodies: list[str]) -> dict[str, Any]:
        check = {
            "family": "decision_route",
            "register": "memberships",
            "when": {"scope": scope},
            "decided_by": list(dict.fromkeys(bodies)),
            "title": "Medlemskapet i {record} ska beslutas av {bodies}",
            "conflict_title": "Medlemskapet i {record} saknar beslut av rätt organ",
        }
        if scope == "municipality_wide" and bodies == ["executive_board"]:
            check["responsible"] = "executive_office"
        return check

    def _complete_memberships(self) -> None:
        """Where only the municipality-wide memberships' body is named, those within one
        committee's area are the owning unit's to decide (a product default)."""
        scopes = {
            check["when"].get("scope")
            for routine in self.found
            for check in routine.checks
            if check["register"] == "memberships"
            and check["family"] == "decision_route"
            and check.get("key") != "representation"
        }
        if scopes == {"municipality_wide"}:
            source = next(
                r
                for r in self.found
                if any(
                    c["register"] == "memberships" and c["family"] == "decision_route"
                    for c in r.checks
                )
            )
            self.found.append(
                _Routine(
                    "Beslut om medlemskap inom en nämnds område",
                    "Medlemskap inom en nämnds eller ett bolags område beslutas av den ägande enheten.",
                    [self._membership_check("unit", ["owning_unit"])],
                    source.sources,
                    WEAK,
                    [
                        "Produktval: dokumentet säger bara vem som beslutar om kommunövergripande "
                        "medlemskap; övriga beslutas av den nämnd eller det bolag som äger dem."
                    ],
                )
            )

    def _membership_review(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(r"medlemskap", text, re.I) or not re.search(
            r"\b(prövas|omprövas|ses över|utvärderas|granskas|följas upp|följs upp)\b", text, re.I
        ):
            return
        found = interval(text)
        notes = []
        check: dict[str, Any] = {
            "family": "recurring_duty",
            "register": "memberships",
            "when": {"status": "active"},
        }
        if found and found[1] == "term_of_office":
            check["every"] = "term_of_office"
        else:
            months = found[0] if found and found[0] else 24
            check["every_months"] = months
            if not found or found[3]:
                notes.append(
                    "Produktval: "
                    + (
                        found[3]
                        if found and found[3]
                        else "dokumentet anger inget intervall; vartannat år (24 månader)."
                    )
                )
        check.update(
            done_field="last_reviewed_on",
            next_field="next_review_on",
            title="Pröva medlemskapet i {record} mot målen",
        )
        self.add(
            "Prövning av medlemskap",
            sentence,
            [check],
            CLEAR if found and not found[3] else DEFAULTED,
            notes,
        )

    def _partnerships(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not _DECIDES.search(text) or not lexicon.partnership_kinds(text):
            return
        bodies = self.subjects(sentence)
        if not bodies:
            return
        checks = []
        for part in re.split(r"\bsamt\s+om\b|;", text):
            if re.search(
                r"ändring(?:ar)? av betydande karaktär|väsentlig(?:a)? ändring", part, re.I
            ):
                checks.append(
                    {
                        "family": "decision_route",
                        "register": "partnerships",
                        "when": {"kind__in": ["twin_town", *lexicon.AGREEMENT_KINDS]},
                        "decided_by": bodies[:1],
                        "on_change_of": ["scope", "ends_on"],
                        "changed_while": {"status": "active"},
                        "conflict_title": "Ändring av betydande karaktär i {record} kräver beslut av {bodies}",
                    }
                )
                continue
            kinds = lexicon.partnership_kinds(part)
            if re.search(r"\bpartnerstad", part, re.I):
                kinds = ["partner_city"]
            if not kinds:
                continue
            checks.append(
                {
                    "family": "decision_route",
                    "register": "partnerships",
                    "when": {"kind__in": kinds},
                    "decided_by": bodies[:1],
                    "title": "{Bodies} ska besluta om {record}",
                    "conflict_title": "{Record} saknar beslut av {bodies}",
                }
            )
        for check in checks:
            self.add("Beslut om partnerskap och avtal", sentence, [check], CLEAR)

    def _conditions(self, text: str) -> tuple[list[dict[str, Any]], list[str]]:
        """The conditions a sentence puts on applications: amounts, durations, scope."""
        conditions: list[dict[str, Any]] = []
        words: list[str] = []
        for op, amount, said in amounts(text):
            if re.search(r"budget|totalbudget|omslutning|projekt|ansök", text, re.I):
                field = "total_budget_sek"
                if re.search(
                    r"kommunens (?:del|andel|egen)|egenfinansiering|medfinansiering", text, re.I
                ):
                    field = "municipality_budget_sek"
                conditions.append({f"{field}__{op if op != 'eq' else 'gte'}": amount})
                words.append(said)
        for op, years, said in durations(text):
            conditions.append({f"budget_years__{op}": years})
            words.append(said)
        if _WIDE.search(text) or re.search(
            r"inom kommunstyrelsens (?:ansvars|verksamhets)område", text, re.I
        ):
            conditions.append({"unit_kind": "executive_office"})
            words.append("övergripande")
        unique = []
        for condition in conditions:
            if condition not in unique:
                unique.append(condition)
        return unique, words

    def _applications(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not _APPLICATION.search(text):
            return
        if re.search(
            r"säkerställer att .*(projekt|ansökan).*i linje med|bekräftar att .*(projekt|ansökan)",
            text,
            re.I,
        ):
            bodies = [
                ("owning_unit" if b in _RELATIVE else b) for b in self.subjects(sentence)
            ] or ["owning_unit"]
            when: dict[str, Any] = {**self.lead(sentence), "status__ne": "idea"}
            self.add(
                "Beslut att ansökan ligger i linje med styrdokumentet",
                sentence,
                [
                    {
                        "family": "decision_route",
                        "register": "applications",
                        "when": when,
                        "decided_by": ["committee" if b == "owning_unit" else b for b in bodies][
                            :1
                        ],
                        "matter_kinds": ["application_decision"],
                        "pending": {"status": "preparing"},
                        "due_field": "deadline",
                        "title": "Bekräfta att ansökan {record} ligger i linje med styrdokumentet",
                    }
                ],
                CLEAR,
            )
            return
        if not _DECIDES.search(text) or (
            _MEMBERSHIP.search(text) and not re.search(r"\bprojekt", text, re.I)
        ):
            return
        other = re.search(r"\s(?=I övriga fall\b)", text)
        if other and other.start() > 0:
            # A list flattened into running text lost the period before "I övriga fall".
            from dataclasses import replace

            self._applications(replace(sentence, text=text[: other.start()].strip()), following)
            return self._other_cases(replace(sentence, text=text[other.end() :].strip()))
        if re.search(r"\bövriga fall\b", text, re.I):
            return self._other_cases(sentence)
        bodies = self.subjects(sentence)
        by_whom = re.search(r"\b(?:tas|fattas|beslutas)\s+(?:av|i)\s+([a-zåäö ]+)", text, re.I)
        if by_whom:
            bodies = [m.body for m in self.d.bodies_in(by_whom.group(1))][:1] or bodies
        if not bodies:
            return
        conditions, _ = self._conditions(text)
        notes = ["Produktval: gäller projekt där organisationen är projektägare."]
        when = {"role": "lead"}
        if len(conditions) == 1:
            when.update(conditions[0])
        elif conditions:
            when["any"] = conditions
            notes.append("Villkoren tolkas som alternativ: något av dem räcker.")
        check: dict[str, Any] = {
            "family": "decision_route",
            "register": "applications",
            "when": when,
        }
        first = self._decides_first(sentence, following)
        target = ["owning_unit" if b in _RELATIVE else b for b in bodies][:1]
        if first and first != target:
            check["steps"] = [first, target]
        else:
            check["decided_by"] = target
        check.update(
            matter_kinds=["application_decision"],
            pending={"status__in": ["idea", "preparing"]},
            due_field="deadline",
        )
        self.add(
            "Beslut om projekt",
            [sentence, *([f for f in following if self._decides_first(f, [])] if first else [])],
            [check],
            CLEAR,
            notes,
        )
        self._last_application = (sentence, conditions, target)

    def _decides_first(self, sentence: Sentence, following: list[Sentence]) -> list[str] | None:
        """ "Före beslut av kommunstyrelse skall respektive nämnd ha beslutat": the nämnd first."""
        for candidate in [sentence, *following]:
            match = re.search(
                r"\bföre beslut (?:av|i) [a-zåäö]+,? (?:skall|ska|måste) ([a-zåäö ]+?) ha beslutat",
                candidate.text,
                re.I,
            )
            if match:
                bodies = self.d.bodies_in(match.group(1))
                if bodies:
                    return ["owning_unit" if bodies[0].body in _RELATIVE else bodies[0].body]
        return None

    def _other_cases(self, sentence: Sentence) -> None:
        last = getattr(self, "_last_application", None)
        bodies = [("owning_unit" if b in _RELATIVE else b) for b in self.subjects(sentence)]
        by_whom = re.search(
            r"\b(?:av|i)\s+((?:respektive|berörd)?\s*[a-zåäö]+)", sentence.text, re.I
        )
        if by_whom:
            found = self.d.bodies_in(by_whom.group(1))
            bodies = [("owning_unit" if b.body in _RELATIVE else b.body) for b in found][
                :1
            ] or bodies
        if not bodies or last is None:
            return
        when: dict[str, Any] = {"role": "lead"}
        for condition in last[1]:
            for key, value in condition.items():
                when.update(_negated(key, value))
        self.add(
            "Beslut om övriga projekt",
            [sentence],
            [
                {
                    "family": "decision_route",
                    "register": "applications",
                    "when": when,
                    "decided_by": bodies[:1],
                    "matter_kinds": ["application_decision"],
                    "pending": {"status__in": ["idea", "preparing"]},
                    "due_field": "deadline",
                }
            ],
            CLEAR,
            ["Produktval: gäller projekt där organisationen är projektägare."],
        )

    # --- notifications --------------------------------------------------------------------------

    def _notifications(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        passive = re.search(
            r"^(.{3,80}?)\s+(?:ska|skall)\s+(?:alltid\s+)?informeras\s+om\s+(.+)$", text, re.I
        )
        matter = re.search(r"informationsärende\s+till\s+([a-zåäö ]+)", text, re.I)
        if passive:
            notify = [m.body for m in self.d.bodies_in(passive.group(1))][:1]
            register = self._register(passive.group(2))
            if not notify or register is None:
                return
            when: dict[str, Any] = {**self.lead(sentence)} if register == "applications" else {}
            if register == "applications":
                when["not"] = {"status": "withdrawn", "submitted_on__empty": True}
            check: dict[str, Any] = {"family": "notification", "register": register}
            if when:
                check["when"] = when
            check.update(notify=notify, within_days=7, title="Informera {notify} om {record}")
            self.add(
                "Information",
                sentence,
                [check],
                DEFAULTED,
                [
                    "Produktval: dokumentet anger ingen tidsgräns; inom sju dagar efter registreringen."
                ],
            )
            return
        if matter:
            notify = [m.body for m in self.d.bodies_in(matter.group(1))][:1]
            register = self._register(text) or "applications"
            if not notify:
                return
            conditions, _ = self._conditions(text)
            when = {**self.lead(sentence)}
            for condition in conditions:
                when.update(condition)
            notes = []
            after = next(
                (
                    f
                    for f in following
                    if re.search(r"efter att (?:ansökan|ansökningen)|efter inlämning", f.text, re.I)
                ),
                None,
            )
            check = {"family": "notification", "register": register}
            if when:
                check["when"] = when
            check["notify"] = notify
            check["done_by_matter"] = {"kinds": ["information_matter"], "to": notify}
            sources = [sentence]
            if after is not None:
                check.update(after_field="submitted_on", within_days=60)
                notes.append("Produktval: ärendet får komma efter inlämningen; inom 60 dagar.")
                sources.append(after)
            else:
                check["within_days"] = 30
                notes.append("Produktval: dokumentet anger ingen tidsgräns; inom 30 dagar.")
            sender = [b for b in self.subjects(sentence) if b not in notify]
            if sender:
                check["responsible"] = sender[0]
            check["title"] = "Skicka informationsärende till {notify} om {record}"
            self.add("Informationsärende", sources, [check], CLEAR, notes)
            return
        report_back = re.search(
            r"återrapporterar\s+till\s+([a-zåäö ]+?)\s+efter\s+varje\s+(?:sammanträde|möte)",
            text,
            re.I,
        )
        if report_back and self.d.own:
            notify = [m.body for m in self.d.bodies_in(report_back.group(1))][:1]
            body = next(
                (m.body for m in self.d.bodies_in(text) if m.body in self.d.own.values()), None
            )
            if notify and body:
                self.add(
                    "Återrapportering",
                    sentence,
                    [
                        {
                            "family": "notification",
                            "register": "matters",
                            "when": {"body_key": body, "outcome__ne": "pending"},
                            "notify": notify,
                            "after_field": "decided_on",
                            "within_days": 30,
                            "title": "Återrapportera {record}",
                        }
                    ],
                    DEFAULTED,
                    ["Produktval: dokumentet anger ingen tidsgräns; inom 30 dagar efter beslutet."],
                )

    def _register(self, text: str) -> str | None:
        if _APPLICATION.search(text):
            return "applications"
        if re.search(r"besök|resor\b|delegation", text, re.I):
            return "visits"
        if lexicon.partnership_kinds(text):
            return "partnerships"
        if _MEMBERSHIP.search(text):
            return "memberships"
        return None

    def _visits(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        kinds = []
        if re.search(r"officiella besök", text, re.I):
            kinds.append("official")
        if re.search(r"protokollära besök", text, re.I):
            kinds.append("protocol")
        if kinds and re.search(r"företräder|representerar|representation", text, re.I):
            bodies = [b for b in self.subjects(sentence) if b in lexicon.REPRESENTATION]
            if bodies:
                names = " eller ".join(_SWEDISH.get(b, b) for b in bodies)
                self.add(
                    "Representation vid besök",
                    sentence,
                    [
                        {
                            "family": "required_fact",
                            "register": "visits",
                            "when": {"kind__in": kinds},
                            "require": {"represented_by__in": bodies},
                            "before_field": "starts_on",
                            "conflict_after_due": True,
                            "title": "Bestäm vem som företräder {org} vid {record}",
                            "conflict_title": f"{{Org}} företräds inte av {names} vid {{record}}",
                        }
                    ],
                    CLEAR,
                )
        notice = re.search(r"\b(information|informeras|underrättas|aviseras)\b", text, re.I)
        if notice and re.search(r"besök", text, re.I):
            notify = []
            if re.search(r"politiker|förtroendevalda", text, re.I):
                notify.append("elected_officials")
            if re.search(r"tjänstemän|tjänstepersoner|medarbetare", text, re.I):
                notify.append("staff_concerned")
            if re.search(r"kontaktpersoner", text, re.I):
                notify.append("contact_persons")
            notify += [
                m.body
                for m in self.d.bodies_in(text)
                if m.body not in notify and re.search(r"till\s+" + re.escape(m.words), text, re.I)
            ]
            if not notify:
                return
            when: dict[str, Any] = {}
            if re.search(r"besök från|besök hos oss|besöker kommunen|inkommande", text, re.I):
                when["direction"] = "incoming"
            if re.search(r"vänort", text, re.I):
                when["partnership_kind"] = "twin_town"
            days = re.search(r"senast\s+(\d+|\w+)\s+(dagar|veckor)\s+före", text, re.I)
            notes = []
            if days:
                from .text import number

                value = number(days.group(1)) or 14
                days_before = int(value * (7 if days.group(2).lower() == "veckor" else 1))
            else:
                days_before = 14
                said = re.search(r"i god tid|i förväg|i tid\b", text, re.I)
                notes.append(
                    f"Produktval: ”{said.group(0) if said else 'före besöket'}” tolkas som minst 14 dagar före besöket."
                )
            check: dict[str, Any] = {"family": "notification", "register": "visits"}
            if when:
                check["when"] = when
            check.update(
                notify=notify,
                before_field="starts_on",
                days_before=days_before,
                done_field="announced_on",
                title="Informera {notify} om besöket {record}",
            )
            self.add(
                "Information om besök", sentence, [check], DEFAULTED if not days else CLEAR, notes
            )

    # --- required facts ---------------------------------------------------------------------------

    def _agreements(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(r"avtal", text, re.I):
            return
        kinds = [k for k in lexicon.partnership_kinds(text) if k != "twin_town"] or list(
            lexicon.AGREEMENT_KINDS
        )
        require: dict[str, Any] = {}
        limited = re.search(r"begränsa[s]?\s+i\s+([^.]+)", text, re.I)
        if limited:
            what = limited.group(1)
            if re.search(r"\btid\b", what, re.I):
                require["ends_on__empty"] = False
            if re.search(r"verksamhet|omfattning|innehåll", what, re.I):
                require["scope__empty"] = False
        if re.search(
            r"nyttan för (?:kommunen|regionen|staden)|ange[r]? (?:vilken )?nytta", text, re.I
        ):
            require["stated_benefit__empty"] = False
        if require:
            self.add(
                "Avtal ska vara fullständiga",
                sentence,
                [
                    {
                        "key": "complete",
                        "family": "required_fact",
                        "register": "partnerships",
                        "when": {"kind__in": kinds, "status__ne": "ended"},
                        "require": require,
                        "within_days": 30,
                        "title": "Komplettera avtalet {record}",
                    }
                ],
                CLEAR,
            )
        if limited and re.search(r"\bantal\b", limited.group(1), re.I):
            self.add(
                "Avtalen är begränsade i antal",
                sentence,
                [
                    {
                        "key": "limit",
                        "family": "limit",
                        "register": "partnerships",
                        "when": {"kind__in": kinds},
                        "in_force": {
                            "status__ne": "ended",
                            "any": [{"ends_on__empty": True}, {"ends_on__gte": "today"}],
                        },
                        "max_count": 5,
                        "override_by": ["executive_board"],
                        "conflict_title": "Fler avtal än styrdokumentet tillåter: {record}",
                    }
                ],
                DEFAULTED,
                [
                    "Produktval: dokumentet anger inget antal; högst fem gällande avtal samtidigt.",
                    "Produktval: ett beslut av kommunstyrelsen låter ett avtal över gränsen gå vidare.",
                ],
            )

    def _closure(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        lessons = (
            re.search(r"lärdomar|erfarenheter", text, re.I)
            and re.search(r"projekt", text, re.I)
            and re.search(
                r"tas tillvara|tillvaratas|sprids|spridas|dokumenteras|samlas|återförs", text, re.I
            )
        )
        operations = re.search(
            r"implementering i ordinarie verksamhet|in i ordinarie verksamhet|över till ordinarie verksamhet|"
            r"implementeras i (?:den )?ordinarie",
            text,
            re.I,
        )
        for require, title, matched in (
            (
                {"lessons_learned__empty": False},
                "Dokumentera lärdomar från projektet {record}",
                lessons,
            ),
            (
                {"operations_decision_on__empty": False},
                "Besluta om implementering i ordinarie verksamhet för projektet {record}",
                operations,
            ),
        ):
            if matched:
                self.add(
                    "När ett projekt avslutas",
                    sentence,
                    [
                        {
                            "family": "required_fact",
                            "register": "applications",
                            "when": {"status": "closed"},
                            "require": require,
                            "after_field": "ends_on",
                            "within_days": 90,
                            "record_done": True,
                            "title": title,
                        }
                    ],
                    DEFAULTED,
                    ["Produktval: inom 90 dagar efter projektets slut."],
                )
        if re.search(
            r"startdatum och (?:ett )?slutdatum|start- och slutdatum", text, re.I
        ) and _APPLICATION.search(text):
            self.add(
                "Projektets tid",
                sentence,
                [
                    {
                        "family": "required_fact",
                        "register": "applications",
                        "when": {"status__in": ["preparing", "submitted", "granted", "running"]},
                        "require": {"starts_on__empty": False, "ends_on__empty": False},
                        "title": "Ange start- och slutdatum för projektet {record}",
                    }
                ],
                CLEAR,
            )

    def _contact_persons(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(r"kontaktperson", text, re.I) or re.search(
            r"ges möjlighet|\bkan\b", text, re.I
        ):
            return
        if not re.search(
            r"\butser\b|\bska finnas\b|\bskall finnas\b|\bfrån varje\b|\bvarje (?:nämnd|förvaltning)\b",
            text,
            re.I,
        ):
            return
        kinds = []
        subjects = self.subjects(sentence)
        if (
            re.search(r"varje förvaltning|förvaltningarna utser", text, re.I)
            or "administration" in subjects
        ):
            kinds.append("administration")
        if re.search(r"varje nämnd|nämnderna utser", text, re.I) or "committee" in subjects:
            kinds.append("committee")
        if not kinds:
            return
        self.add(
            "Kontaktperson",
            sentence,
            [
                {
                    "family": "required_fact",
                    "register": "units",
                    "when": {"kind__in": kinds},
                    "require": {"contact_person_count__gte": 1},
                    "within_days": 30,
                    "responsible": "executive_office",
                    "title": "Utse en kontaktperson för {record}",
                }
            ],
            CLEAR,
        )

    # --- recurring duties and the reporting calendar ------------------------------------------------

    def _period(
        self, key: str, recipient: str, reporters: list[str], sentence: Sentence, note: str | None
    ) -> str:
        for existing, table in self.periods.items():
            if (
                existing.split("-")[0] == key
                and table["recipient"] == recipient
                and set(table["reporters"]) == set(reporters)
            ):
                self.period_sources[existing].append(Source(sentence.text, sentence.page))
                return existing
        name, start, end = _PERIODS[key]
        full = (
            key
            if key not in self.periods
            else f"{key}-{slug(_SWEDISH.get(recipient, recipient), max_words=2)}"
        )
        due = _DUE.get(key, "03-31" if recipient == "council" else "02-28")
        self.periods[full] = {
            "key": full,
            "name": name if recipient != "council" else f"{name} till fullmäktige",
            "period_start": start,
            "period_end": end,
            "due": due,
            "reporters": reporters,
            "recipient": recipient,
        }
        self.period_sources[full] = [Source(sentence.text, sentence.page)]
        self.period_notes[full] = [f"Produktval: förfallodagen {due} anges inte i dokumentet."] + (
            [note] if note else []
        )
        return full

    def _reporting(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(r"\b(redovis\w*|rapport\w*|återrapport\w*|sammanställ\w*)\b", text, re.I):
            return
        if re.search(r"\btar (?:årligen )?del\b", text, re.I):
            return
        keys = []
        if re.search(r"tertial", text, re.I):
            keys += ["t1", "t2"]
        if re.search(r"årsredovisning|\bårlig|\bårligen\b|\bvarje år\b|\bårsvis\b", text, re.I):
            keys.append("annual")
        if not keys:
            return
        mentions = self.d.bodies_in(text)
        recipient_match = re.search(r"\btill\s+((?:[a-zåäö]+\s+){0,2}[a-zåäö]+)", text, re.I)
        recipients = (
            [m.body for m in self.d.bodies_in(recipient_match.group(1))] if recipient_match else []
        )
        compilation = re.search(r"sammanställ", text, re.I)
        # "… till kommunstyrelsen som gör en sammanställning … till kommunfullmäktige": two steps.
        later = re.search(r"\bsom gör en sammanställning\b.*\btill\s+([a-zåäö]+)", text, re.I)
        reporters = []
        for mention in mentions:
            if recipient_match and recipient_match.start() <= mention.start < recipient_match.end():
                continue
            reporter = REPORTER_OF.get(mention.body)
            if reporter and reporter not in reporters:
                reporters.append(reporter)
        subject = self.subjects(sentence)
        if sentence.kind == "item" and subject and REPORTER_OF.get(subject[0]):
            reporters = [REPORTER_OF[subject[0]]]
        if compilation and not later:
            reporters = (
                ["executive_office"]
                if (
                    "executive_office" in reporters or "executive_board" in subject or not reporters
                )
                else reporters[:1]
            )
        if not reporters:
            reporters = ["committee"] if re.search(r"nämnd", text, re.I) else []
        if not reporters:
            return
        if recipients:
            recipient, note = recipients[0], None
        elif compilation:
            recipient, note = (
                "council",
                "Produktval: mottagaren anges inte; en sammanställning går till fullmäktige.",
            )
        else:
            recipient, note = (
                "executive_board",
                "Produktval: mottagaren anges inte; kommunstyrelsen.",
            )
        if recipient in reporters:
            return
        reporters = reporters[:1] if compilation else reporters
        self._reporting_duty(keys, recipient, reporters, sentence, note)
        if later:
            final = [m.body for m in self.d.bodies_in(later.group(1))]
            if final:
                self._reporting_duty(["annual"], final[0], ["executive_office"], sentence, None)

    def _reporting_duty(
        self,
        keys: list[str],
        recipient: str,
        reporters: list[str],
        sentence: Sentence,
        note: str | None,
    ) -> None:
        periods = [self._period(key, recipient, reporters, sentence, note) for key in keys]
        self.add(
            "Rapportering",
            sentence,
            [
                {
                    "family": "recurring_duty",
                    "register": "units",
                    "when": {"kind__in": reporters},
                    "periods": periods,
                    "title": "Rapportera {period} {year}",
                }
            ],
            CLEAR,
        )

    def _meetings(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        cadence = times_per_year(text)
        if not cadence or not re.search(r"sammanträder|möts|träffas", text, re.I):
            return
        body = next((m.body for m in self.d.bodies_in(text) if m.body in self.d.own.values()), None)
        if body is None:
            return
        self.add(
            "Sammanträden",
            sentence,
            [
                {
                    "family": "recurring_duty",
                    "register": "units",
                    "when": {"key": body},
                    "every": "year",
                    "evidence": {"register": "matters", "link": "body", "count": cadence[0]},
                    "title": f"Sammanträd {cadence[1]} {{term}}",
                }
            ],
            CLEAR,
        )

    def _twin_town_meetings(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(r"vänort", text, re.I) or not re.search(
            r"träffas|möts|besök|möte|konferens", text, re.I
        ):
            return
        found = interval(text)
        if not found or not found[0] or found[3]:
            return
        evidence: dict[str, Any] = {"register": "visits", "link": "partnership"}
        if re.search(r"politiker|förtroendevalda", text, re.I):
            evidence["when"] = {"elected_participants__gt": 0}
        self.add(
            "Återkommande vänortsmöten",
            sentence,
            [
                {
                    "family": "recurring_duty",
                    "register": "partnerships",
                    "when": {"kind": "twin_town", "status": "active"},
                    "every_months": found[0],
                    "evidence": evidence,
                    "title": "Planera mötet med vänorten {record}",
                }
            ],
            CLEAR,
        )

    def _action_plan(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        if not re.search(
            r"(brytas ned|brytas ner|bryts ned|bryts ner)\s+i\s+(?:en\s+)?(?:gemensam\s+)?handlingsplan",
            text,
            re.I,
        ):
            return
        period = self._period(
            "annual",
            "executive_board",
            ["committee"],
            sentence,
            "Produktval: handlingsplanen följs upp årligen av nämnderna till kommunstyrelsen.",
        )
        self.add(
            "Uppföljning av handlingsplanen",
            sentence,
            [
                {
                    "family": "recurring_duty",
                    "register": "units",
                    "when": {"kind__in": ["committee"]},
                    "periods": [period],
                    "title": "Rapportera {period} {year}",
                }
            ],
            WEAK,
            [
                "Produktval: dokumentet säger inte hur handlingsplanen följs upp; årligen av nämnderna."
            ],
        )

    # --- limits and the organisation's own fund -------------------------------------------------------

    def _limits(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        no_new = re.search(
            r"\b(inte|inga|ej)\s+(?:\w+\s+){0,3}?(ingå|teckna|tecknas|ingås)?\s*(?:några\s+|fler\s+)?nya\s+(vänortsavtal|vänortssamarbeten|vänorter|samarbetsavtal)|"
            r"\binga nya (vänortsavtal|vänorter|samarbetsavtal)",
            text,
            re.I,
        )
        if no_new:
            kinds = lexicon.partnership_kinds(no_new.group(0)) or ["twin_town"]
            kinds = ["twin_town"] if "twin_town" in kinds else kinds
            when: dict[str, Any] = {"kind": kinds[0]} if len(kinds) == 1 else {"kind__in": kinds}
            notes = []
            adopted = self.d.meta.get("adopted_on")
            if adopted:
                when["begins_on__gte"] = adopted
            else:
                notes.append(
                    "Ange från vilket datum principen gäller (begins_on__gte) när beslutsdagen är känd."
                )
            self.add(
                "Inga nya avtal",
                sentence,
                [
                    {
                        "family": "limit",
                        "register": "partnerships",
                        "when": when,
                        "max_count": 0,
                        "conflict_title": "{Record} strider mot principen om inga nya avtal",
                    }
                ],
                CLEAR,
                notes,
            )
            return
        most = re.search(r"\b(?:högst|maximalt|max|som mest)\s+(\d+|\w+)\s+(\w+)", text, re.I)
        if most:
            from .text import number

            value = number(most.group(1))
            register = self._register(most.group(2) + " " + text)
            if (
                value is not None
                and register in ("partnerships", "memberships")
                and not amounts(text)
            ):
                when = (
                    {"kind__in": lexicon.partnership_kinds(text)}
                    if register == "partnerships" and lexicon.partnership_kinds(text)
                    else {}
                )
                check: dict[str, Any] = {"family": "limit", "register": register}
                if when:
                    check["when"] = when
                check.update(
                    max_count=int(value), conflict_title="Fler än styrdokumentet tillåter: {record}"
                )
                self.add("Högsta antal", sentence, [check], CLEAR)

    def _grants(self, sentence: Sentence, following: list[Sentence]) -> None:
        text = sentence.text
        allocates = re.search(
            r"\b(fördelar|beviljar)\s+(?:medel|bidrag|pengar)\s+(?:för|till)\s+([a-zåäö ]+?)(?:\s+efter ansökan|\s+i slutet|[.,]|$)",
            text,
            re.I,
        )
        yearly = next(
            (
                (op, amount)
                for op, amount, _ in amounts(text)
                if re.search(r"per (?:kalender)?år|varje år|årligen", text, re.I)
            ),
            None,
        )
        if not allocates and not (yearly and re.search(r"\bfördelar\b|\banslag\b", text, re.I)):
            return
        body = next(iter(self.subjects(sentence)), None)
        if not self.schemes:
            what = allocates.group(2).strip() if allocates else "internationellt arbete"
            key = (
                slug(re.sub(r"arbete$|utbyte$", "", what).strip() + " medel", max_words=2)
                if allocates
                else "egna-medel"
            )
            scheme: dict[str, Any] = {"key": key, "name": capitalised(f"medel för {what}")}
            for other in self.d.sentences:
                if re.search(r"kan ansöka|får ansöka|kan söka|sökande", other.text, re.I):
                    eligible = []
                    for pattern, value in (
                        (r"förvaltning|nämnd", "unit"),
                        (r"förening", "association"),
                        (r"skol", "school"),
                        (r"företag", "company"),
                        (r"privatperson|enskild", "individual"),
                    ):
                        if re.search(pattern, other.text, re.I) and value not in eligible:
                            eligible.append(value)
                    if eligible and "eligible" not in scheme:
                        scheme["eligible"] = eligible
                    deadline = re.search(
                        r"senast (?:den )?(\d{1,2}) (" + "|".join(_MONTH_NUMBERS) + r")",
                        other.text,
                        re.I,
                    )
                    if deadline and "deadline" not in scheme:
                        scheme["deadline"] = (
                            f"{_MONTH_NUMBERS[deadline.group(2).lower()]:02d}-{int(deadline.group(1)):02d}"
                        )
                    if re.search(r"nästkommande år|kommande år|följande år", other.text, re.I):
                        scheme["for_next_year"] = True
            if body in ("council", "executive_board", "committee"):
                scheme["allocated_by"] = body
            self.schemes[key] = {"data": scheme, "sources": [sentence], "notes": []}
        key, entry = next(iter(self.schemes.items()))
        if yearly and "yearly_budget_sek" not in entry["data"]:
            entry["data"]["yearly_budget_sek"] = yearly[1]
            entry["sources"].append(sentence)
            self.add(
                "Fondens ram per år",
                sentence,
                [
                    {
                        "family": "limit",
                        "register": "grants",
                        "when": {"scheme": key, "status__in": ["granted", "reported"]},
                        "max_sum": yearly[1],
                        "sum_field": "amount_granted_sek",
                        "per": "year",
                        "year_field": "year",
                        "order_field": "decided_on",
                        "conflict_title": "Medlen för året räcker inte till {record}",
                    }
                ],
                CLEAR,
            )
        if body and not any(r.name == "Fondens beslut" for r in self.found):
            self.add(
                "Fondens beslut",
                sentence,
                [
                    {
                        "family": "decision_route",
                        "register": "grants",
                        "when": {"scheme": key, "status__in": ["submitted", "granted", "reported"]},
                        "decided_by": [body],
                        "pending": {"status": "submitted"},
                        "title": "{Bodies} ska besluta om {record}",
                    }
                ],
                CLEAR,
            )

    # --- the document's own validity ---------------------------------------------------------------

    def _document_validity(self) -> None:
        meta = self.d.meta
        proposals = {p.id: p for p in self.d.draft.proposals}
        keys = [
            k
            for k in (
                "document.valid_to",
                "document.review_date",
                "document.review_interval",
                "document.valid_from",
            )
            if k in proposals
        ]
        if not keys:
            return
        checks = [dict(check) for check in _DOCUMENT_CHECKS]
        if meta.get("review_interval") == "term_of_office":
            checks.append(dict(_TERM_CHECK))
        sources = [source for key in keys for source in proposals[key].sources]
        self.found.append(
            _Routine(
                "Styrdokumentets giltighet",
                "Visar styrdokumentets giltighet, när det ska aktualitetsprövas och när ett nytt behöver tas fram.",
                checks,
                sources,
                CLEAR,
                ["Produktval: arbetet med ett nytt dokument visas sex månader innan det behövs."],
            )
        )

    # --- writing ----------------------------------------------------------------------------------

    def _write(self) -> None:
        d = self.d
        for key, entry in self.schemes.items():
            d.add(
                "grant_scheme",
                f"Egen fond: {entry['data']['name']}",
                entry["data"],
                entry["sources"],
                CLEAR,
                notes=tuple(entry["notes"]),
                id=f"grant_scheme.{key}",
            )
        for key, table in self.periods.items():
            d.add(
                "reporting",
                f"Rapportering: {table['name']}",
                table,
                self.period_sources[key],
                DEFAULTED,
                notes=tuple(self.period_notes[key]),
                id=f"reporting.{key}",
            )
        for routine in _merged(self.found):
            key = d.key("routine", routine.name, 4)
            checks = routine.checks
            if len(checks) > 1:
                taken: set[str] = set()
                for number, check in enumerate(checks, start=1):
                    base = check.get("key") or f"k{number}"
                    if base in taken:
                        base = f"{base}-{number}"
                    taken.add(base)
                    check.pop("key", None)
                    checks[number - 1] = {"key": base, **check}
            else:
                checks[0].pop("key", None)
            data = {"key": key, "description": _short(routine.description), "checks": checks}
            families = ", ".join(dict.fromkeys(_FAMILY_SV[c["family"]] for c in checks))
            d.add(
                "routine",
                f"{routine.name} ({families})",
                data,
                routine.sources,
                routine.confidence,
                notes=tuple(dict.fromkeys(routine.notes)),
                id=f"routine.{key}",
            )


def _negated(key: str, value: Any) -> dict[str, Any]:
    field, _, op = key.partition("__")
    flipped = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "": "ne", "in": "not_in"}
    if op in flipped:
        return {f"{field}__{flipped[op]}": value}
    return {"not": {key: value}}


def _merged(routines: list[_Routine]) -> list[_Routine]:
    """Identical checks once; decision routes by the same body on the same register that differ
    only in the kinds they cover as one check; a record's required facts as one check."""
    out: list[_Routine] = []
    seen: list[dict[str, Any]] = []
    for routine in routines:
        checks = []
        for check in routine.checks:
            if any(_same(check, other) for other in seen):
                continue
            seen.append(check)
            checks.append(check)
        if checks:
            routine.checks = checks
            out.append(routine)
    merged: list[_Routine] = []
    for routine in out:
        if len(routine.checks) == 1:
            check = routine.checks[0]
            target = next(
                (r for r in merged if len(r.checks) == 1 and _mergeable(r.checks[0], check)),
                None,
            )
            if target is not None:
                _merge_into(target.checks[0], check)
                target.sources += [s for s in routine.sources if s not in target.sources]
                target.notes += routine.notes
                target.description = f"{target.description} {routine.description}"
                target.confidence = max(target.confidence, routine.confidence)
                continue
        merged.append(routine)
    return merged


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ignore = ("key", "title", "conflict_title", "responsible")
    return {k: v for k, v in a.items() if k not in ignore} == {
        k: v for k, v in b.items() if k not in ignore
    }


def _mergeable(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["family"] != b["family"] or a["register"] != b["register"]:
        return False
    if a["family"] == "decision_route":
        rest = ("when", "title", "conflict_title")
        same_rest = {k: v for k, v in a.items() if k not in rest} == {
            k: v for k, v in b.items() if k not in rest
        }
        return (
            same_rest
            and set(a.get("when", {})) == {"kind__in"} == set(b.get("when", {}))
            and "on_change_of" not in a
        )
    if a["family"] == "required_fact":
        return a.get("when") == b.get("when") and a.get("within_days") == b.get("within_days")
    return False


def _merge_into(target: dict[str, Any], other: dict[str, Any]) -> None:
    if target["family"] == "decision_route":
        kinds = target["when"]["kind__in"]
        target["when"]["kind__in"] = kinds + [
            k for k in other["when"]["kind__in"] if k not in kinds
        ]
    else:
        target["require"] = {**target["require"], **other["require"]}


def _short(text: str, limit: int = 400) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


_FAMILY_SV = {
    "decision_route": "beslutsväg",
    "required_fact": "obligatorisk uppgift",
    "recurring_duty": "återkommande uppgift",
    "limit": "begränsning",
    "notification": "information",
}
_SWEDISH = {
    "council": "fullmäktige",
    "executive_board": "styrelsen",
    "executive_office": "styrelsens förvaltning",
    "committee": "nämnden",
    "municipal_company": "bolaget",
}
_MONTH_NUMBERS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
