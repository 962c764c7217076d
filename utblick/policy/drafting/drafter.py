"""The drafter: Swedish patterns and the document's structure turned into proposals for a
format-2 profile. Deterministic: the same document gives the same draft.

Each `_…` method of `_Drafter` looks for one kind of element. Confidence is the pattern's, not
a probability: 0.9 for a labelled field ("Diarienummer: KS 2024-778"), 0.8 for a sentence that
names the body, the record and the rule ("Kommunstyrelsen beslutar om …"), 0.6 where the
drafter fills in a product default (a period, a number of days), 0.4 where only the structure
suggests it (a paragraph's sentences as an area's commitments).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import lexicon
from .model import Draft, Proposal, Source
from .reading import HEADING, ITEM, PARAGRAPH, SourceDocument
from .text import (
    capitalised,
    clean_item,
    interval,
    sentences,
    slug,
    times_per_year,
    unique_key,
)

SURE, CLEAR, DEFAULTED, WEAK = 0.9, 0.8, 0.6, 0.4


class UnknownOrganisation(ValueError):
    pass


def draft_profile(
    document: SourceDocument, *, organisation_code: str, organisation_name: str | None = None
) -> Draft:
    """Proposals for a profile of `document`, for the organisation with that code."""
    from utblick.policy.profile_format import organisation_codes

    known = organisation_codes().get(organisation_code)
    if known is None:
        raise UnknownOrganisation(f"okänd kommun- eller regionkod '{organisation_code}'")
    name, kind = known
    draft = Draft(
        organisation_code,
        organisation_name or name,
        kind,
        document.name,
        document.pages,
        document.has_page_numbers,
    )
    _Drafter(document, draft).run()
    return draft


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int
    block: int
    kind: str  # the block's kind
    heading: str  # the nearest heading above
    intro: str  # for a list item: the sentence that introduces the list


_DOC_WORDS = (
    r"(policyn|programmet|planen|strategin|riktlinjerna|dokumentet|styrdokumentet|handlingsplanen)"
)
_MONTHS = {
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
_ISO_DATE = re.compile(r"\b(19|20)(\d\d)-(\d\d)-(\d\d)\b")
_TEXT_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.I)
_PARAGRAPH = re.compile(r"§\s*(\d+[a-z]?)(?:\s*/\s*(\d{4}))?")
_DUTY_VERBS = (
    r"ansvarar|ansvara|svarar|har (?:det övergripande )?ansvar(?:et)?|beslutar|fattar beslut|"
    r"företräder|representerar|utser|bistår|samordnar|sammanställer|redovisar|bereder|leder|"
    r"fastställer|antar|följer upp|rapporterar|återrapporterar|tar (?:årligen )?del|utgör|"
    r"ges möjlighet|kan delta|fördelar|beviljar|säkerställer|"
    r"(?:ska|skall|måste) (?:även |också |alltid )?(?:arbeta|utveckla|ansvara|informera|säkerställa|"
    r"behandla|finnas|redovisa|sända|besluta|samordna|utse)"
)
_DUTY_VERB = re.compile(rf"\b({_DUTY_VERBS})\b", re.I)
_PASSIVE = re.compile(
    r"\b(beslutas|hanteras|sköts|fastställs|tydliggörs|redovisas|samordnas|bereds|fattas|sker)\b",
    re.I,
)


class _Drafter:
    def __init__(self, document: SourceDocument, draft: Draft):
        self.document = document
        self.draft = draft
        self.blocks = [
            b
            for b in document.blocks
            if not (b.kind == HEADING and re.search(r"\s\d{1,3}$", b.text))
        ]
        self.sentences = self._sentences()
        self.counter = 0
        self.keys: dict[str, set[str]] = {}
        self.used_blocks: set[int] = set()
        self.own: dict[str, str] = {}  # a declared body's name (lowercase) → its key
        self.meta: dict[str, Any] = {}
        self.section_role = self._section_roles()

    # --- helpers ---------------------------------------------------------------------------

    def run(self) -> None:
        self._metadata()
        self._bodies()
        self._areas()
        self._goals()
        self._commitment_lists()
        self._responsibilities()
        self._routines()

    def add(
        self,
        kind: str,
        summary: str,
        data: dict[str, Any],
        sources: list[Sentence] | list[Source],
        confidence: float,
        *,
        notes: tuple[str, ...] = (),
        parent: str | None = None,
        id: str | None = None,
    ) -> Proposal:
        self.counter += 1
        seen, unique = set(), []
        for source in sources:
            item = Source(source.text, source.page)
            if item not in seen:
                seen.add(item)
                unique.append(item)
        proposal = Proposal(
            id or f"{kind}-{self.counter}",
            kind,
            summary,
            data,
            tuple(unique),
            round(confidence, 2),
            tuple(notes),
            parent,
        )
        self.draft.proposals.append(proposal)
        return proposal

    def key(self, space: str, text: str, max_words: int = 4) -> str:
        return unique_key(slug(text, max_words=max_words), self.keys.setdefault(space, set()))

    def _sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        heading = ""
        intro = ""
        for index, block in enumerate(self.blocks):
            if block.kind == HEADING:
                heading, intro = block.text, ""
                continue
            parts = sentences(block.text) if block.kind == PARAGRAPH else [block.text]
            for part in parts:
                out.append(
                    Sentence(
                        part,
                        block.page,
                        index,
                        block.kind,
                        heading,
                        intro if block.kind == ITEM else "",
                    )
                )
            if block.kind == PARAGRAPH:
                intro = parts[-1] if parts else ""
        return out

    def _section_roles(self) -> dict[str, str]:
        """A section's own condition for the routines in it: "där Malmö stad är projektägare"
        makes the applications' routines apply where the organisation is the lead partner."""
        roles: dict[str, str] = {}
        for sentence in self.sentences:
            if re.search(r"\bprojektägare\b", sentence.text, re.I) and re.search(
                r"\b(där|när|då)\b.*\b(är|blir) projektägare", sentence.text, re.I
            ):
                roles.setdefault(sentence.heading, "lead")
        return roles

    def list_after(self, index: int) -> list[int]:
        """The indexes of the list items that follow block `index` (a heading or an intro)."""
        items = []
        for j in range(index + 1, len(self.blocks)):
            block = self.blocks[j]
            if block.kind == ITEM:
                items.append(j)
            elif (
                items
                and block.kind == PARAGRAPH
                and len(block.text.split()) <= 20
                and not block.text.endswith(":")
            ):
                continue  # a remark between the items ("Det är våra barn …")
            else:
                break
        return items

    def sentence_of_block(self, index: int) -> Sentence:
        block = self.blocks[index]
        return next(
            (s for s in self.sentences if s.block == index),
            Sentence(block.text, block.page, index, block.kind, "", ""),
        )

    def section(self, heading_index: int) -> list[int]:
        """The blocks under a heading, up to the next heading of the same or a higher level."""
        level = self.blocks[heading_index].level
        out = []
        for j in range(heading_index + 1, len(self.blocks)):
            block = self.blocks[j]
            if block.kind == HEADING and block.level <= level:
                break
            out.append(j)
        return out

    def bodies_in(self, text: str) -> list[lexicon.BodyMention]:
        return lexicon.body_mentions(text, self.own)

    # --- metadata ----------------------------------------------------------------------------

    def _label_lines(self) -> list[tuple[str, int]]:
        lines = [(text.strip(), page) for text, page in self.document.lines if text.strip()]
        if not lines:
            lines = [(block.text, block.page) for block in self.document.blocks]
        return lines[:120]

    def _metadata(self) -> None:
        lines = self._label_lines()
        fields: dict[str, tuple[Any, list[Source], float, tuple[str, ...]]] = {}

        def put(
            name: str,
            value: Any,
            line: str,
            page: int,
            confidence: float = SURE,
            notes: Sequence[str] = (),
        ) -> None:
            if value in (None, "", ()) or name in fields:
                return
            fields[name] = (value, [Source(line, page)], confidence, tuple(notes))

        for index, (line, page) in enumerate(lines):
            label = re.match(
                r"^(dokumenttyp|antaget av|antagen av|beslutad av|fastställd av|fastställd|fastställt|"
                r"antagen|antaget|beslutad|giltighetstid|gäller från|gäller till|giltig till|"
                r"giltigt till|diarienummer|dnr|dokumentansvarig|adresserat till|adresserad till|"
                r"detta dokument gäller för|dokumentet gäller för|tidpunkt för aktualitetsprövning|"
                r"aktualitetsprövning|sökord|nyckelord)\s*[:.]?\s*(.*)$",
                line,
                re.I,
            )
            if not label:
                continue
            name, value = label.group(1).lower(), label.group(2).strip().strip("-").strip()
            shown = line
            nxt = lines[index + 1][0] if index + 1 < len(lines) else ""
            if (
                (not value or value.lower().endswith(" av"))
                and nxt
                and not re.match(
                    r"^(dokumenttyp|antag|beslut|fastställ|giltig|gäller|diarie|dnr|dokument|adress|detta|tidpunkt|sökord|nyckelord|senast)",
                    nxt,
                    re.I,
                )
                and len(nxt.split()) <= 6
            ):
                value = f"{value} {nxt}".strip()
                shown = f"{line} {nxt}"
            if not value:
                continue
            if name == "dokumenttyp":
                put("kind", lexicon.document_kind(value), shown, page)
            elif name.startswith(("antag", "beslutad", "fastställ")):
                if re.search(r"förslag", value, re.I):
                    put("status", "proposal", shown, page)
                    continue
                bodies = self.bodies_in(value)
                if bodies and bodies[0].body in ("council", "executive_board", "committee"):
                    put("adopted_by", bodies[0].body, shown, page)
                on = _date(value)
                if on:
                    put("adopted_on", on, shown, page)
                paragraph = _PARAGRAPH.search(value)
                if paragraph:
                    put("adopted_paragraph", f"§ {paragraph.group(1)}", shown, page)
                if bodies or on:
                    put("status", "adopted", shown, page)
            elif name == "giltighetstid" or name.startswith(("gäller", "giltig")):
                self._validity(name, value, shown, page, put)
            elif name in ("diarienummer", "dnr"):
                put("registry_number", value.rstrip("."), shown, page)
            elif name == "dokumentansvarig":
                put("owner", capitalised(value), shown, page)
            elif name.startswith(
                ("adresserat", "adresserad", "detta dokument", "dokumentet gäller")
            ):
                put("addressed_to", capitalised(value), shown, page)
            elif "aktualitetsprövning" in name:
                on = _date(value)
                year = re.fullmatch(r"((?:19|20)\d\d)", value)
                if on:
                    put("review_date", on, shown, page)
                elif year:
                    put(
                        "review_date",
                        date(int(year.group(1)), 12, 31),
                        shown,
                        page,
                        DEFAULTED,
                        ("Produktval: dokumentet anger bara året; den sista december.",),
                    )
            elif name in ("sökord", "nyckelord"):
                words = [w.strip() for w in re.split(r"[,;]", value) if w.strip()]
                put("keywords", words, shown, page)
        # Adoption and follow-up said in sentences.
        for sentence in self.sentences[:400]:
            text = sentence.text
            adopted = re.search(
                r"\b(antas|antogs|antagen|antaget|antagna|fastställs|fastställdes|fastställd|beslutades)\s+av\s+([a-zåäö ]+?)(?:\s+(\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d\d-\d\d))?(?:,?\s*(§\s*\d+))?(?:[.,]|$)",
                text,
                re.I,
            )
            if adopted and (
                re.search(_DOC_WORDS, text, re.I) or sentence.block <= 3 or "styrdokument" in text
            ):
                bodies = self.bodies_in(adopted.group(2))
                if bodies and bodies[0].body in ("council", "executive_board"):
                    put("adopted_by", bodies[0].body, text, sentence.page, CLEAR)
                    on = _date(text)
                    if on:
                        put("adopted_on", on, text, sentence.page, CLEAR)
                        put("status", "adopted", text, sentence.page, CLEAR)
                    if adopted.group(4):
                        put(
                            "adopted_paragraph",
                            adopted.group(4).replace("§", "§ ").replace("  ", " "),
                            text,
                            sentence.page,
                            CLEAR,
                        )
            follow_up = re.search(
                r"\b(uppföljning|följs upp|följas upp|revideras|revidering|ses över|aktualitetspröva\w*|prövas|utvärderas)\b",
                text,
                re.I,
            )
            if follow_up and re.search(_DOC_WORDS + r"|\bav policyn\b", text, re.I):
                found = interval(text)
                if found and found[1] == "term_of_office":
                    put("review_interval", "term_of_office", text, sentence.page, CLEAR)
                elif found and found[1] == "year":
                    put("review_interval", "yearly", text, sentence.page, CLEAR)
                elif re.search(r"\bvid behov\b", text, re.I):
                    put("review_interval", "as_needed", text, sentence.page, CLEAR)
        title, title_page = self._title()
        kind = fields.get("kind", (None,))[0] or lexicon.document_kind(title) or "policy"
        kind_note = (
            ()
            if "kind" in fields or lexicon.document_kind(title)
            else ("Produktval: dokumenttypen framgår inte; policy.",)
        )
        status = fields.get("status", (None,))[0]
        if status is None and re.match(r"förslag", title, re.I):
            status = "proposal"
        self.meta = {name: value[0] for name, value in fields.items()}
        self.meta.update(title=title, kind=kind)
        self.add(
            "document",
            "Titel",
            {"title": title},
            [Source(title, title_page)],
            CLEAR if title_page else WEAK,
            id="document.title",
        )
        kind_source = fields.get("kind", (None, [Source(title, title_page)]))[1]
        self.add(
            "document",
            "Dokumenttyp",
            {"kind": kind},
            kind_source,
            SURE if "kind" in fields else CLEAR if not kind_note else WEAK,
            notes=kind_note,
            id="document.kind",
        )
        if status is None:
            status = "adopted"
            self.add(
                "document",
                "Status",
                {"status": status},
                [],
                WEAK,
                notes=("Produktval: dokumentet säger inte om det är antaget; antaget.",),
                id="document.status",
            )
        else:
            value = fields.get("status")
            self.add(
                "document",
                "Status",
                {"status": status},
                value[1] if value else [Source(title, title_page)],
                value[2] if value else CLEAR,
                id="document.status",
            )
        self.meta["status"] = status
        if status == "proposal":
            fields.pop("adopted_on", None)
            fields.pop("adopted_paragraph", None)
        order = (
            "adopted_by",
            "adopted_on",
            "adopted_paragraph",
            "valid_from",
            "valid_to",
            "registry_number",
            "owner",
            "addressed_to",
            "review_date",
            "review_interval",
            "keywords",
        )
        for name in order:
            if name in fields:
                value, sources, confidence, notes = fields[name]
                self.add(
                    "document",
                    _FIELD_LABELS[name],
                    {name: value},
                    sources,
                    confidence,
                    notes=notes,
                    id=f"document.{name}",
                )
        self._replaces()
        self._summary()

    def _validity(
        self, name: str, value: str, shown: str, page: int, put: Callable[..., None]
    ) -> None:
        if re.search(r"tills?\s*vidare|tillsvidare", value, re.I):
            put(
                "review_interval",
                "term_of_office",
                shown,
                page,
                DEFAULTED,
                (
                    "Produktval: dokumentet gäller tills vidare och prövas därför varje mandatperiod.",
                ),
            )
            return
        dates = [(_ISO_DATE.pattern, m) for m in _ISO_DATE.finditer(value)]
        if len(dates) >= 2:
            first, last = dates[0][1], dates[-1][1]
            put("valid_from", date.fromisoformat(first.group(0)), shown, page)
            put("valid_to", date.fromisoformat(last.group(0)), shown, page)
            return
        years = re.findall(r"\b((?:19|20)\d\d)\b", value)
        if name.startswith("gäller från") and dates:
            put("valid_from", date.fromisoformat(dates[0][1].group(0)), shown, page)
        elif name.startswith(("gäller till", "giltig")) and dates:
            put("valid_to", date.fromisoformat(dates[0][1].group(0)), shown, page)
        elif len(years) >= 2:
            put(
                "valid_from",
                date(int(years[0]), 1, 1),
                shown,
                page,
                SURE,
                ("Giltighetstiden anges i hela år: från den första januari.",),
            )
            put(
                "valid_to",
                date(int(years[-1]), 12, 31),
                shown,
                page,
                SURE,
                ("… till och med den sista december.",),
            )
        elif len(years) == 1 and re.search(r"t\.?\s*o\.?\s*m|till och med|till", value, re.I):
            put("valid_to", date(int(years[0]), 12, 31), shown, page, DEFAULTED)

    def _title(self) -> tuple[str, int]:
        for block in self.blocks[:8]:
            text = re.sub(r"^\d{1,2}\s+(?=[A-ZÅÄÖ])", "", block.text)
            capitals = re.match(
                r"^((?:[A-ZÅÄÖ0-9-]{2,}\s+){2,}[A-ZÅÄÖ0-9-]{2,})(?=\s+[A-ZÅÄÖ]?[a-zåäö]|$)", text
            )
            if capitals:
                words = capitals.group(1).split()
                shown = [
                    w
                    if len(w.rstrip("-")) <= 3 and w.rstrip("-") in ("EU", "FN", "KS", "KF", "SKR")
                    else w.lower()
                    for w in words
                ]
                return capitalised(" ".join(shown)), block.page
            if re.match(r"^(dokumenttyp|antag|diarie|dnr|sida|innehåll)", text, re.I):
                continue
            if block.kind == HEADING or (
                block.kind == PARAGRAPH and len(text.split()) <= 20 and not text.endswith(".")
            ):
                return text.rstrip(":"), block.page
            break
        stem = re.sub(r"\.[a-z]+$", "", self.document.name.rsplit("/", 1)[-1])
        return capitalised(stem.replace("_", " ").replace("-", " ")) or "Styrdokument", 0

    def _replaces(self) -> None:
        for sentence in self.sentences:
            if not re.search(r"\bersätter\b", sentence.text, re.I):
                continue
            text = sentence.text
            for number, match in enumerate(re.finditer(r"[“\"”«]([^“”\"»]{8,160})[”\"»]", text)):
                title = match.group(1).strip()
                if title.lower() == self.meta.get(
                    "title", ""
                ).lower() or match.start() < text.lower().find("ersätter"):
                    continue
                after = text[match.end() : match.end() + 160]
                after = after.split("“")[0].split('"')[0]
                data: dict[str, Any] = {"title": title}
                bodies = self.bodies_in(after)
                if bodies and bodies[0].body in ("council", "executive_board"):
                    data["adopted_by"] = bodies[0].body
                adopted = re.search(
                    r"(?:antagen|antaget|fastställd)[^0-9]*?((?:19|20)\d\d)", after, re.I
                )
                if adopted:
                    data["adopted_year"] = int(adopted.group(1))
                revised = re.search(r"reviderad[^0-9]*((?:19|20)\d\d)", after, re.I)
                if revised:
                    data["revised_year"] = int(revised.group(1))
                self.add(
                    "document",
                    f"Ersätter: {title}",
                    data,
                    [sentence],
                    CLEAR,
                    id=f"document.replaces.{number}",
                )

    def _summary(self) -> None:
        for sentence in self.sentences:
            if re.match(
                r"^(syftet med (dokumentet|policyn|programmet|planen|strategin|riktlinjerna)|.{0,80}\bär ett (gemensamt|kommunövergripande) (ramverk|styrdokument))",
                sentence.text,
                re.I,
            ):
                self.add(
                    "document",
                    "Sammanfattning",
                    {"summary": sentence.text},
                    [sentence],
                    WEAK,
                    id="document.summary",
                )
                return

    # --- bodies of the organisation's own ------------------------------------------------------

    def _bodies(self) -> None:
        names: dict[str, str] = {}
        for sentence in self.sentences:
            for name, kind in lexicon.own_body_names(sentence.text):
                if re.search(
                    r"\b(är|utgör)\s+(en|ett)\s+(beredning|utskott|kommitté|råd)\b",
                    sentence.text,
                    re.I,
                ) or sentence.text.lower().startswith(name.lower()):
                    names.setdefault(name, kind)
        for block in self.blocks:
            if block.kind == HEADING:
                for name, kind in lexicon.own_body_names(block.text):
                    names.setdefault(name, kind)
        for name, kind in names.items():
            about = [s for s in self.sentences if _mentions(s.text, name)]
            if not about:
                continue
            key = self.key("body", name, 3)
            self.own[name.lower()] = key
            short = name.split()[-1].lower()
            if sum(1 for n in names if n.split()[-1].lower() == short) == 1:
                self.own.setdefault(short, key)
            data: dict[str, Any] = {"key": key, "name": name, "kind": kind}
            sources = [about[0]]
            for sentence in about:
                text = sentence.text
                parent = re.search(
                    r"\bunder\s+(kommunstyrelsen|regionstyrelsen|kommunfullmäktige|regionfullmäktige)",
                    text,
                    re.I,
                )
                if parent and "parent" not in data:
                    data["parent"] = (
                        "executive_board" if "styrelsen" in parent.group(1).lower() else "council"
                    )
                    sources.append(sentence)
                chair = re.search(
                    r"\b(?:leds av|ordförande är|ordförande i [^ ]+ är)\s+([^.,]+?)(?:\s+och\s+|[.,]|$)",
                    text,
                    re.I,
                )
                if chair and "chair" not in data:
                    data["chair"] = capitalised(chair.group(1).strip())
                    sources.append(sentence)
                cadence = times_per_year(text)
                if (
                    cadence
                    and re.search(r"sammanträder|möts|träffas", text, re.I)
                    and "meets_per_year" not in data
                ):
                    data["meets_per_year"] = cadence[0]
                    sources.append(sentence)
                if re.search(r"\b(är|utgör)\s+(en|ett)\s+", text) and "description" not in data:
                    data["description"] = text
            handles: list[str] = []
            for sentence in self.sentences:
                if re.search(
                    r"ärenden som behandlas|behandlar|bereder",
                    sentence.intro + " " + sentence.text,
                    re.I,
                ) and (
                    _mentions(sentence.heading + " " + sentence.intro + " " + sentence.text, name)
                    or sentence.heading.lower().startswith(name.lower().split()[0])
                    or "ärenden som behandlas" in (sentence.intro + sentence.text).lower()
                ):
                    for pattern, matter_kind in lexicon.MATTER_KINDS:
                        if pattern.search(sentence.text) and matter_kind not in handles:
                            handles.append(matter_kind)
                            sources.append(sentence)
            if handles:
                data["handles"] = handles
            self.add("body", f"Organ: {name}", data, sources, CLEAR, id=f"body.{key}")

    # --- priority areas and commitments --------------------------------------------------------

    _AREA_INTRO = re.compile(
        r"(prioriterade|strategiska|särskilda|följande)?\s*(områden|fokusområden|insatsområden|inriktningar)\b|"
        r"\binriktas på\b|\b(skall|ska) syfta till\b|\bsyftar till att\s*:?$",
        re.I,
    )
    _INLINE = re.compile(r"(?:^|\s)([a-h])\)\s+([^,;.]+?)(?=,?\s+[a-h]\)\s|[.;]?$|\.\s)")

    def _areas(self) -> None:
        for index, block in enumerate(self.blocks):
            if block.kind == ITEM or not self._AREA_INTRO.search(
                block.text.split(". ")[-1] if block.kind == PARAGRAPH else block.text
            ):
                continue
            intro = self.sentence_of_block(index)
            intro_text = sentences(block.text)[-1] if block.kind == PARAGRAPH else block.text
            names: list[tuple[str, Sentence]] = []
            items = self.list_after(index)
            lengths = [len(self.blocks[j].text.split()) for j in items]
            if items and max(lengths) <= 16 and sum(lengths) / len(lengths) <= 12:
                names = [
                    (
                        capitalised(clean_item(self.blocks[j].text).rstrip(".")),
                        self.sentence_of_block(j),
                    )
                    for j in items
                ]
                self.used_blocks.update(items)
            else:
                nxt = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                for candidate in (block, nxt):
                    if candidate is None or candidate.kind == HEADING:
                        continue
                    inline = self._INLINE.findall(candidate.text)
                    if len(inline) >= 2:
                        where = self.sentence_of_block(self.blocks.index(candidate))
                        names = [(capitalised(name.strip()), where) for _, name in inline]
                        break
            if len(names) < 2:
                continue
            intro = Sentence(intro_text, block.page, index, block.kind, intro.heading, "")
            for rank, (name, source) in enumerate(names, start=1):
                self._area(name, [intro, source], rank)
            self.used_blocks.add(index)
            return

    def _area(self, name: str, sources: list[Sentence], rank: int) -> None:
        key = self.key("area", name, 2)
        heading_index = next(
            (
                j
                for j, block in enumerate(self.blocks)
                if block.kind == HEADING and _same_name(block.text, name)
            ),
            None,
        )
        description, commitments = "", []
        if heading_index is not None:
            section = self.section(heading_index)
            paragraphs = [
                j
                for j in section
                if self.blocks[j].kind == PARAGRAPH and not self.blocks[j].text.endswith(":")
            ]
            items = [j for j in section if self.blocks[j].kind == ITEM]
            if paragraphs:
                description = " ".join(sentences(self.blocks[paragraphs[0]].text)[:2])
            if items:
                commitments = [(self.sentence_of_block(j), CLEAR) for j in items]
            else:
                commitments = [
                    (s, WEAK)
                    for s in self.sentences
                    if s.block in paragraphs and len(s.text.split()) >= 6
                ]
            self.used_blocks.update(section)
        data = {"key": key, "name": name, "rank": rank}
        if description:
            data["description"] = description
        area = self.add("area", f"Område: {name}", data, sources, CLEAR, id=f"area.{key}")
        for sentence, confidence in commitments:
            text = capitalised(clean_item(sentence.text).rstrip("."))
            self.add(
                "commitment",
                f"Åtagande: {text}",
                {"key": self.key("commitment", text, 3), "text": text},
                [sentence],
                confidence,
                parent=area.id,
            )

    def _commitment_lists(self) -> None:
        """Lists of statements not yet used (guidelines, purposes) as commitments of an area
        named after their heading."""
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.kind != ITEM or index in self.used_blocks:
                index += 1
                continue
            run = [index]
            while run[-1] + 1 < len(self.blocks) and (
                self.blocks[run[-1] + 1].kind == ITEM
                or (
                    self.blocks[run[-1] + 1].kind == PARAGRAPH
                    and run[-1] + 2 < len(self.blocks)
                    and self.blocks[run[-1] + 2].kind == ITEM
                    and len(self.blocks[run[-1] + 1].text.split()) <= 20
                )
            ):
                run.append(run[-1] + 1)
            items = [j for j in run if self.blocks[j].kind == ITEM and j not in self.used_blocks]
            index = run[-1] + 1
            if len(items) < 2:
                continue
            texts = [self.blocks[j].text for j in items]
            if sum(len(t.split()) for t in texts) / len(texts) < 5:
                continue
            if sum(1 for t in texts if self.bodies_in(t)) * 2 >= len(texts):
                continue  # who does what: responsibilities, not commitments
            first = self.sentence_of_block(items[0])
            if any(
                (mentions := self.bodies_in(owner)) and mentions[0].start <= 12
                for owner in (first.intro, first.heading)
            ):
                continue  # "Kommunstyrelsen: …": the body's duties
            name = capitalised((first.heading or first.intro or "Åtaganden").rstrip(":").strip())
            if name.isupper():
                name = capitalised(name.lower())
            name = re.sub(r"^\d+(\.\d+)*\.?\s+", "", name)
            key = self.key("area", name, 2)
            area = self.add(
                "area",
                f"Område: {name}",
                {"key": key, "name": name},
                [first]
                if not first.intro
                else [Sentence(first.intro, first.page, first.block, PARAGRAPH, first.heading, "")],
                WEAK,
                notes=(
                    "Listan står under denna rubrik; gör åtagandena till ett eget område eller flytta dem.",
                ),
                id=f"area.{key}",
            )
            for j in items:
                sentence = self.sentence_of_block(j)
                text = capitalised(clean_item(sentence.text))
                self.add(
                    "commitment",
                    f"Åtagande: {text}",
                    {"key": self.key("commitment", text, 3), "text": text},
                    [sentence],
                    DEFAULTED,
                    parent=area.id,
                )
                self.used_blocks.add(j)

    # --- goals --------------------------------------------------------------------------------

    def _goals(self) -> None:
        taken: set[str] = set()
        for index, block in enumerate(self.blocks):
            if block.kind == ITEM:
                continue
            if not re.search(r"\bmål(sättningar|sättning|en|et)?\b", block.text, re.I) or (
                len(block.text.split()) > 25 and block.kind != PARAGRAPH
            ):
                continue
            last = sentences(block.text)[-1] if block.kind == PARAGRAPH else block.text
            if block.kind == PARAGRAPH and not (
                last.endswith(":") and re.search(r"\bmål", last, re.I)
            ):
                continue
            items = [j for j in self.list_after(index) if j not in self.used_blocks]
            for j in items:
                sentence = self.sentence_of_block(j)
                name = capitalised(clean_item(sentence.text).rstrip("."))
                self._goal(name, [sentence], CLEAR, taken)
                self.used_blocks.add(j)
        for sentence in self.sentences:
            match = re.search(
                r"\b(?:det\s+)?(?:övergripande|yttersta|långsiktiga)?\s*målet\b(?:\s+(?:med|för)\s+[^.]*?)?\s+(?:är|skall vara|ska vara)\s+att\s+(.+)$",
                sentence.text,
                re.I,
            )
            if match:
                name = "Att " + match.group(1).rstrip(". ")
                self._goal(name, [sentence], CLEAR, taken)

    def _goal(self, name: str, sources: list[Sentence], confidence: float, taken: set[str]) -> None:
        if name.lower() in taken:
            return
        taken.add(name.lower())
        key = self.key("goal", name, 3)
        indicators = []
        for metric, label in lexicon.metrics(name)[:2]:
            indicators.append(
                {
                    "key": self.key("indicator", f"{key} {metric}", 6),
                    "name": label,
                    "kind": "derived",
                    "metric": metric,
                    "direction": "increase",
                }
            )
        data: dict[str, Any] = {"key": key, "name": name}
        if indicators:
            data["indicators"] = indicators
        notes = (
            ("Indikatorerna mäts ur registren; målvärden anges inte i dokumentet.",)
            if indicators
            else ()
        )
        self.add("goal", f"Mål: {name}", data, sources, confidence, notes=notes, id=f"goal.{key}")

    # --- responsibilities ------------------------------------------------------------------------

    def _responsibilities(self) -> None:
        seen: set[tuple[str, str]] = set()

        def duty(body: str, text: str, sentence: Sentence, confidence: float) -> None:
            text = capitalised(clean_item(text).rstrip("."))
            if (body, text.lower()) in seen or len(text.split()) < 3:
                return
            seen.add((body, text.lower()))
            self.add(
                "responsibility",
                f"{_BODY_LABELS.get(body, body)}: {text}",
                {"body": body, "duty": text},
                [sentence],
                confidence,
            )
            for decision in lexicon.decisions(text):
                who = body
                if decision == "yearly_report" and re.search(r"fullmäktige", text, re.I):
                    who = "council"  # the yearly report is the council's to receive
                if (who, decision) in seen:
                    continue
                if (
                    decision == "policy_adoption"
                    and who != "council"
                    and who != self.meta.get("adopted_by")
                ):
                    continue
                seen.add((who, decision))
                self.add(
                    "responsibility",
                    f"{_BODY_LABELS.get(who, who)} beslutar: {_DECISION_LABELS[decision]}",
                    {"body": who, "decides": decision},
                    [sentence],
                    confidence,
                )

        # Lists introduced by a body ("Kommunstyrelsen:") or under a heading that names one.
        for sentence in self.sentences:
            if sentence.kind != ITEM:
                continue
            for owner in (sentence.intro, sentence.heading):
                mentions = self.bodies_in(owner)
                if (
                    mentions
                    and mentions[0].start <= 12
                    and not re.search(r"områden|mål|syfte", owner, re.I)
                ):
                    item = sentence.text
                    verb = re.match(r"^(\w+)", item)
                    if verb and re.match(
                        r"^(stöd|beredning|intressebevakning|samordning|sammanställning)",
                        item,
                        re.I,
                    ):
                        pass  # a noun phrase: what the body's work includes
                    duty(mentions[0].body, item, sentence, CLEAR)
                    break
        # Sentences whose subject is a body.
        for sentence in self.sentences:
            if sentence.kind == ITEM and any(
                (mentions := self.bodies_in(owner)) and mentions[0].start <= 12
                for owner in (sentence.intro, sentence.heading)
            ):
                continue  # the list's own body, read above
            for body, text in self._subject_duties(sentence.text):
                duty(body, text, sentence, CLEAR)
        # The adopting body adopts the document.
        adopted_by = self.meta.get("adopted_by")
        if adopted_by and self.meta.get("status") == "adopted":
            text = f"Antar {self.meta['title']}"
            key = (adopted_by, "policy_adoption")
            source = next(
                (p.sources for p in self.draft.proposals if p.id == "document.adopted_by"), ()
            )
            if key not in seen:
                seen.add(key)
                self.add(
                    "responsibility",
                    f"{_BODY_LABELS.get(adopted_by, adopted_by)} beslutar: {_DECISION_LABELS['policy_adoption']}",
                    {"body": adopted_by, "decides": "policy_adoption"},
                    list(source),
                    CLEAR,
                )
                self.add(
                    "responsibility",
                    f"{_BODY_LABELS.get(adopted_by, adopted_by)}: {text}",
                    {"body": adopted_by, "duty": text},
                    list(source),
                    DEFAULTED,
                )

    def _subject_duties(self, text: str) -> list[tuple[str, str]]:
        """(body, duty) for a sentence whose subject is a body: "Kommunstyrelsen ansvarar för
        …", "Dessutom ansvarar Kommunstyrelseförvaltningen … för …", "… beslutas … av
        kommunstyrelsen". "ansvara för A samt för B" is two duties."""
        verb = _DUTY_VERB.search(text)
        passive = _PASSIVE.search(text)
        mentions = self.bodies_in(text)
        if not mentions or not (verb or passive):
            return []
        subjects: list[str] = []
        if verb:
            before = [m for m in mentions if m.end <= verb.start()]
            after = [m for m in mentions if m.start >= verb.end()]
            lead = text[: before[0].start].strip() if before else ""
            if (
                before
                and len(lead.split()) <= 3
                and not re.search(r"\b(av|till|med|från|genom|för|i|om)$", lead, re.I)
            ):
                subjects = [
                    m.body
                    for m in before
                    if text[before[0].start : m.end].count(",") <= 2
                    and not re.search(r"\b(genom|av|till)\s*$", text[: m.start])
                ]
                subjects = (
                    subjects[:2]
                    if re.search(r"\beller\b|\boch\b", text[before[0].start : verb.start()])
                    else subjects[:1]
                )
            elif (
                after
                and after[0].start - verb.end() <= 3
                and len(text[: verb.start()].split()) <= 2
            ):
                subjects = [after[0].body]  # "Dessutom ansvarar Kommunstyrelseförvaltningen …"
        if not subjects and passive:
            clauses = re.split(r",?\s+och\s+(?=i\s+\w+s\s)", text)
            if len(clauses) > 1:
                return [
                    pair for clause in clauses for pair in self._subject_duties(capitalised(clause))
                ]
            by_whom = re.search(
                r"\bgenom\s+((?:[a-zåäö]+\s+){0,3}[a-zåäö]+)", text[passive.end() :], re.I
            ) or re.search(
                r"\b(?:av|från)\s+((?:[a-zåäö]+\s+){0,3}[a-zåäö]+)", text[passive.end() :], re.I
            )
            found = self.bodies_in(by_whom.group(0)) if by_whom else []
            genitive = [
                m for m in mentions if m.words.lower().endswith("s") and m.start < passive.start()
            ]
            if found:
                subjects = [m.body for m in found][:2]
            elif genitive:
                subjects = [genitive[0].body]
        if not subjects:
            return []
        subjects = list(dict.fromkeys(subjects))
        split = re.search(r"\bansvara[r]? för (.+?) samt för (.+)$", text, re.I)
        duties = [text]
        if split:
            head = text[: split.start()] + "ansvarar för "
            duties = [head + split.group(1), head + split.group(2)]
            duties = [_strip_subject(d) for d in duties]
        else:
            duties = [_strip_subject(text)]
        return [(body, d) for body in subjects for d in duties]

    # --- routines and the reporting calendar --------------------------------------------------

    def _routines(self) -> None:
        from .routines import RoutineFinder

        RoutineFinder(self).run()


def _strip_subject(text: str) -> str:
    """The duty without its subject: "Kommunstyrelsen ansvarar för …" → "Ansvarar för …"."""
    match = re.match(
        r"^((?:dessutom|även|också)\s+)?((?:[a-zåäö-]+\s+){0,4}?)((?:skall|ska|måste)\s+(?:även\s+|också\s+)?)?("
        + _DUTY_VERBS
        + r")\b",
        text,
        re.I,
    )
    if match and lexicon.body_mentions(match.group(2) or ""):
        rest = text[match.start(4) :]
        return capitalised(rest)
    return text


def _date(text: str) -> date | None:
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return date.fromisoformat(iso.group(0))
        except ValueError:
            return None
    written = _TEXT_DATE.search(text)
    if written:
        try:
            return date(
                int(written.group(3)), _MONTHS[written.group(2).lower()], int(written.group(1))
            )
        except ValueError:
            return None
    return None


def _definite(name: str) -> str:
    """ "Internationell beredning" → "Internationella beredningen" (how a document names it)."""
    return capitalised(name)


def _mentions(text: str, name: str) -> bool:
    return name.lower() in text.lower()


def _same_name(heading: str, name: str) -> bool:
    heading = re.sub(r"^([a-h]\)|\d+(\.\d+)*\.?)\s+", "", heading).strip().lower()
    return heading == name.lower() or heading == name.lower().rstrip(".")


_FIELD_LABELS = {
    "adopted_by": "Antaget av",
    "adopted_on": "Antaget",
    "adopted_paragraph": "Paragraf",
    "valid_from": "Gäller från",
    "valid_to": "Gäller till",
    "registry_number": "Diarienummer",
    "owner": "Dokumentansvarig",
    "addressed_to": "Adresserat till",
    "review_date": "Aktualitetsprövning",
    "review_interval": "Prövas",
    "keywords": "Sökord",
}
_BODY_LABELS = {
    "council": "Fullmäktige",
    "executive_board": "Styrelsen",
    "executive_office": "Styrelsens förvaltning",
    "committee": "Nämnderna",
    "administration": "Förvaltningarna",
    "municipal_company": "Bolagen",
    "municipal_director": "Direktören",
    "working_committee": "Arbetsutskottet",
    "preparatory_committee": "Beredningen",
    "other_body": "Annat organ",
}
_DECISION_LABELS = {
    "policy_adoption": "styrdokumentet",
    "municipality_wide_memberships": "övergripande medlemskap",
    "unit_memberships": "medlemskap inom ett verksamhetsområde",
    "political_representation": "politisk representation",
    "new_partner_cities": "nya partnerstäder",
    "significant_agreement_changes": "betydande ändringar i avtal",
    "declarations_and_initiatives": "deklarationer och initiativ",
    "twin_town_relations": "vänortsrelationer",
    "protocol_representation": "representation vid protokollära besök",
    "official_visit_representation": "representation vid officiella besök",
    "project_applications": "projektansökningar",
    "yearly_report": "den årliga redovisningen",
    "grants": "bidrag ur egen fond",
    "invitations_abroad": "inbjudningar utomlands",
    "receptions": "mottagningar",
}
