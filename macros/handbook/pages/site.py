"""Every page the handbook generates from its playbooks, as Markdown, by docs-relative path.

Plain Python: a MkDocs hook (or any other build step) adds these to the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.pages.cards import card_pages
from handbook.pages.experiments import experiment_about, render_experiment
from handbook.pages.fieldref import field_examples_of, render_schema_reference
from handbook.pages.frontmatter import front_matter
from handbook.pages.glossary import GLOSSARY_PAGE, Gloss, Terms, render_glossary
from handbook.pages.layout import (
    KIND_TAGS,
    PER_INDEX_PAGE,
    PER_PRINT_PART,
    Chunk,
    Layout,
    chunks,
    exercise_tags,
    first_few,
    index_uri,
    page_of,
    paged_title,
    playbook_tags,
    practised_uri,
    uses_uri,
)
from handbook.pages.listings import listing_pages
from handbook.pages.phrasebook import phrasebook_pages
from handbook.pages.printing import LOCAL_SITE_URL
from handbook.pages.render import anchor, render
from handbook.pages.situations import (
    LISTING_BOOST,
    playbook_spellings,
    render_situation_index,
    search_words,
    situation_pages,
)
from handbook.pages.stories import playbook_stories
from handbook.pages.summary import SUMMARY_PAGE, render_summary
from handbook.pages.ticks import item_ticks, step_ticks
from handbook.schema.items import Item
from handbook.schema.models import KIND_BY_FIELD, KINDS, Kind
from handbook.schema.names import AUDIENCE_NAMES

KIND_INTROS = {
    "situations": "The situations readers arrive with.",
    "motivators": "Why a peer would say yes to work you cannot assign. Each lists the playbooks "
                  "that use it and the exercises that practise it.",
    "gains": "What you yourself gain by working this way: your own reasons, beside the other person's. "
             "Motivators are theirs.",
    "principles": "The principles of influence social psychology describes: how people tend to respond. "
                  "They describe, they are not levers; use them openly, never to trick.",
    "patterns": "Ways to frame and run an ask so that peers commit rather than comply.",
    "anti_patterns": "Habits that spend trust faster than they earn it, and what to do instead.",
    "when_not_to_use": "Cases where influence is the wrong tool, and what to reach for instead.",
    "exercises": "Practice you can do this week. Each page is a checklist you can tick on screen "
                 "or print.",
    "references": "Books, blogs, articles and videos the playbooks draw on or point to.",
    "sources": "The posts the handbook distils, in its own words. Under each: every item drawn from it, "
               "so you can read the original behind any piece of advice. 'The handbook's own advice' "
               "marks what the editors added.",
}
# How many items of one kind a source's entry lists; a source drawn on more often counts the rest.
CREDITS_SHOWN = 50


@dataclass(frozen=True)
class CreditLink:
    """An item drawn from a source, as its entry on the Sources page shows it."""

    title: str
    uri: Markup  # from docs/, built from ids


@dataclass(frozen=True)
class CreditGroup:
    """The items of one kind (or the questions) drawn from a source."""

    label: str
    links: list[CreditLink]
    more: int


def credit_groups(handbook: Handbook, layout: Layout, source_id: str) -> list[CreditGroup]:
    """Every item and question drawn from a source, by kind in page order, each linking to where
    it is written out."""
    groups: dict[str, list[CreditLink]] = {kind.title: [] for kind in KINDS}
    groups["Questions people ask"] = []
    for credit in handbook.credited_by(source_id):
        item_id = credit.item.id
        on_playbook = Markup(f"{page_of('playbooks', credit.playbook)}#{anchor(item_id)}")  # noqa: S704 - ids
        if credit.kind is None:
            groups["Questions people ask"].append(CreditLink(credit.item.question, on_playbook))
        elif credit.kind.field == "exercises":
            groups[credit.kind.title].append(CreditLink(credit.item.title, page_of("exercises", item_id)))
        elif credit.kind.field == "situations":
            groups[credit.kind.title].append(CreditLink(credit.item.title, layout.entry(item_id)))
        else:
            groups[credit.kind.title].append(CreditLink(credit.item.title, on_playbook))
    return [CreditGroup(label, links[:CREDITS_SHOWN], max(0, len(links) - CREDITS_SHOWN))
            for label, links in groups.items() if links]


def credits_of(handbook: Handbook) -> Any:
    """For a template: the sources an item or question names, as items."""
    return lambda item: [handbook.items[s].item for s in getattr(item, "sources", []) if s in handbook.items]


@dataclass(frozen=True)
class GeneratedPage:
    """A page's Markdown, and the playbook file to edit for it (None for pages of many)."""

    markdown: str
    source: str | None


def generate_pages(handbook: Handbook, site_url: str = LOCAL_SITE_URL) -> dict[str, GeneratedPage]:
    """Every generated page of the handbook, keyed by its path under docs/."""
    return pages_of(handbook, Layout(handbook), site_url)


def pages_of(handbook: Handbook, layout: Layout, site_url: str) -> dict[str, GeneratedPage]:
    """Every generated page, laid out by `layout`; `site_url` is the public address printed cards
    lead back to."""
    pages: dict[str, GeneratedPage] = {}
    ordered = handbook.ordered()
    terms = Terms(handbook)
    bodies = {p.id: render_playbook_body(p, handbook, layout, terms) for p in ordered}
    for n, playbook in enumerate(ordered):
        pages[f"playbooks/{playbook.id}.md"] = GeneratedPage(render_playbook(
            playbook, bodies[playbook.id], previous=ordered[n - 1] if n else None,
            following=ordered[n + 1] if n + 1 < len(ordered) else None), playbook.path)
    sequence = exercise_sequence(handbook)
    for n, record in enumerate(sequence):
        following = sequence[n + 1] if n + 1 < len(sequence) else None
        pages[f"exercises/{record.item.id}.md"] = GeneratedPage(
            render_exercise(record, handbook, layout, following), handbook.playbooks[record.defined_in].path)
    for listing in layout.playbooks:
        pages[listing.src_uri] = GeneratedPage(render(
            "playbooks_index.md.j2",
            front_matter=front_matter(paged_title("Playbooks", listing), search={"boost": LISTING_BOOST}),
            title=paged_title("Playbooks", listing), chunk=listing, root=listing.root, handbook=handbook,
            audiences=AUDIENCE_NAMES, situations_kind=KIND_BY_FIELD["situations"]), None)
    for kind in KINDS:
        for chunk in layout.kinds[kind.field]:
            pages[chunk.src_uri] = GeneratedPage(
                render_situation_index(chunk, handbook, paged_title("Situations", chunk)) if kind.field == "situations"
                else render_kind_index(kind, chunk, handbook, layout), None)
    plans = [p for p in ordered if p.model.experiment]
    for playbook in plans:
        uri = str(page_of("checklists", playbook.model.experiment.page))  # type: ignore[union-attr]
        pages[uri] = GeneratedPage(render_experiment(playbook), playbook.path)
        layout.add_checklist(Markup(uri), lambda p=playbook: experiment_about(p))  # type: ignore[misc]  # noqa: S704 - ids
    exercises = handbook.of_kind(KIND_BY_FIELD["exercises"])
    pages["checklists/index.md"] = GeneratedPage(render(
        "checklists_index.md.j2", front_matter=front_matter("Checklists"), plans=plans,
        exercises=exercises if len(exercises) <= PER_INDEX_PAGE else [], exercise_count=len(exercises)), None)
    pages["checklists/before-you-ask.md"] = GeneratedPage(render_before_you_ask(handbook, layout), None)
    layout.add_checklist(page_of("checklists", "before-you-ask"), lambda: (
        "Before you ask a peer", "What to have ready before you ask a peer for their time."))
    pages["contributing/schema.md"] = GeneratedPage(
        render_schema_reference([field_examples_of(p) for p in ordered]), None)
    for part in layout.print:
        pages[part.src_uri] = GeneratedPage(render(
            "print.md.j2", front_matter=front_matter(paged_title("The whole handbook", part, "part"),
                                                     hide=["navigation", "toc"], search={"exclude": True}),
            title=paged_title("The whole handbook", part, "part"), chunk=part, per_part=PER_PRINT_PART, bodies=[
                Markup(render_playbook(p, bodies[p.id], in_print=True))  # noqa: S704 - rendered, so escaped
                for p in part.entries]), None)
    pages.update(tag_pages(layout))
    pages[GLOSSARY_PAGE] = GeneratedPage(render_glossary(handbook, layout), None)
    pages[SUMMARY_PAGE] = GeneratedPage(render_summary(handbook), None)
    pages.update({uri: GeneratedPage(markdown, None) for uri, markdown in
                  {**situation_pages(handbook, layout), **phrasebook_pages(handbook),
                   **card_pages(handbook, site_url)}.items()})
    for item_id in handbook.items:
        pages.update({uri: GeneratedPage(markdown, None) for uri, markdown in listing_pages(handbook, item_id).items()})
    return pages


def tag_pages(layout: Layout) -> dict[str, GeneratedPage]:
    """The tags page, and a listing of the pages that carry each tag, page by page."""
    pages = {"tags/index.md": GeneratedPage(render(
        "tags_index.md.j2", front_matter=front_matter("Browse by tag", search={"exclude": True}),
        groups=layout.tags()), None)}
    for tag, entries in layout.tagged.items():
        for chunk in chunks(entries, PER_INDEX_PAGE, index_uri(tag.folder)):
            pages[chunk.src_uri] = GeneratedPage(render(
                "tag.md.j2", front_matter=front_matter(paged_title(f"Tagged {tag.name}", chunk),
                                                       search={"exclude": True}),
                title=paged_title(f"Tagged {tag.name}", chunk), tag=tag, chunk=chunk, root=chunk.root), None)
    return pages


@dataclass(frozen=True)
class AskQuestion:
    question: str
    pattern: Item


def render_before_you_ask(handbook: Handbook, layout: Layout) -> str:
    """The 'before you ask' checklist: a line from each framing pattern that offers one, in reading order."""
    patterns = _unique(item for p in handbook.ordered() for item in p.items(KIND_BY_FIELD["patterns"], handbook))
    questions = [AskQuestion(item.before_you_ask, item)  # type: ignore[attr-defined]
                 for item in patterns if item.before_you_ask]  # type: ignore[attr-defined]
    return render("before_you_ask.md.j2", front_matter=front_matter("Before you ask a peer",
                  tags=["Checklist"], printable=True), questions=questions, layout=layout,
                  ticks=item_ticks([(q.pattern.id, q.question) for q in questions]),
                  tags=[KIND_TAGS["Checklist"]], root=Markup("../"))


def sections(playbook: LoadedPlaybook, handbook: Handbook) -> dict[Kind, list[Item]]:
    """The items a playbook uses, by kind, shared ones included."""
    return {kind: playbook.items(kind, handbook) for kind in KINDS}


# Stand-ins in a playbook's body for what differs between its page and /print/. Control characters
# never reach a rendered page otherwise: `inline` drops them from every value.
_PREFIX = Markup("\x00prefix\x00")
_TITLE_ID = Markup("\x00title-id\x00")


@dataclass(frozen=True)
class PathLink:
    """A step along the reading path from a page: `rel` is 'prev', 'next' or 'up'."""

    rel: str
    label: str
    title: str
    uri: Markup  # from docs/, built from ids


@dataclass(frozen=True)
class Glance:
    """The top of a playbook's page: a pattern to try first, with a line to say, and an exercise."""

    pattern: Item | None
    script: Any
    exercise: Item


def glance(by_kind: dict[Kind, list[Item]]) -> Glance:
    """The first pattern that has a line to say (else the first pattern) and the first exercise."""
    patterns = by_kind[KIND_BY_FIELD["patterns"]]
    spoken = [p for p in patterns if p.scripts]  # type: ignore[attr-defined]
    pattern = spoken[0] if spoken else (patterns[0] if patterns else None)
    script = pattern.scripts[0] if pattern is not None and pattern.scripts else None  # type: ignore[attr-defined]
    return Glance(pattern, script, by_kind[KIND_BY_FIELD["exercises"]][0])


def render_playbook_body(playbook: LoadedPlaybook, handbook: Handbook, layout: Layout, terms: Terms) -> str:
    """A playbook's sections, each item under its own anchor, for its page and for /print/ alike."""
    by_kind = sections(playbook, handbook)

    def home_of(item: Item) -> LoadedPlaybook:
        return handbook.playbooks[handbook.items[item.id].defined_in]

    return render(
        "playbook.md.j2",
        prefix=_PREFIX,
        title_id=_TITLE_ID,
        root=Markup("../"),
        layout=layout,
        playbook=playbook,
        sections=_Sections(by_kind),
        glance=glance(by_kind),
        is_home=lambda item: handbook.items[item.id].defined_in == playbook.id,
        home_of=home_of,
        credits=credits_of(handbook),
        audiences=AUDIENCE_NAMES,
        checklist_page=playbook.model.experiment.page if playbook.model.experiment else None,
        variants=playbook_spellings(playbook, by_kind),
        stories=playbook_stories(playbook, handbook),
        gloss=Gloss(terms, "../"),
    )


def render_playbook(playbook: LoadedPlaybook, body: str, *, in_print: bool = False,
                    previous: LoadedPlaybook | None = None, following: LoadedPlaybook | None = None) -> str:
    """The page of one playbook from its body: front matter and tags, then every section.

    The page ends with its tags and the way to the `previous` and `following` playbooks in reading
    order. `in_print` gives it for the page that holds every playbook instead: no front matter, the title
    anchored at the playbook's id, and every other anchor prefixed with it, since several playbooks
    share items. The body is rendered once for both.
    """
    if in_print:
        prefix = anchor(playbook.id)
        return body.replace(_TITLE_ID, f" {{ #{prefix} }}").replace(_PREFIX, f"{prefix}--")
    tags = playbook_tags(playbook)
    # A playbook is what a search for a word of its body should bring first.
    head = render("playbook_head.md.j2", front_matter=front_matter(
        playbook.model.title, tags=[t.name for t in tags] + search_words(playbook.model.phrases, playbook_spellings(
            playbook, {})), search={"boost": 2}))
    path = [PathLink("prev", "Previous playbook", p.model.title, page_of("playbooks", p.id)) for p in [previous] if p]
    path += [PathLink("next", "Next playbook", p.model.title, page_of("playbooks", p.id)) for p in [following] if p]
    foot = render("playbook_foot.md.j2", tags=tags, root=Markup("../"), path=path)
    return head + body.replace(_TITLE_ID, "").replace(_PREFIX, "") + foot


def exercise_sequence(handbook: Handbook) -> list[ItemRecord]:
    """Every exercise once, in the order a reader meets them: by playbook in reading order."""
    kind = KIND_BY_FIELD["exercises"]
    ids = dict.fromkeys(item.id for p in handbook.ordered() for item in p.items(kind, handbook))
    return [handbook.items[item_id] for item_id in ids]


def render_exercise(record: ItemRecord, handbook: Handbook, layout: Layout,
                    following: ItemRecord | None = None) -> str:
    """The page of one exercise: steps to tick, preparation, reflection and links both ways; at its
    foot, the way back to its playbook and on to the `following` exercise."""
    exercise = record.item
    practised = [handbook.items[i] for i in exercise.practises]  # type: ignore[attr-defined]
    tags = exercise_tags(record, handbook)
    home = handbook.playbooks[record.defined_in]
    path = [PathLink("up", "Back to the playbook", home.model.title, page_of("playbooks", home.id))]
    if following is not None:
        path.append(PathLink("next", "Next exercise", following.item.title,
                             page_of("exercises", following.item.id)))
    return render(
        "exercise.md.j2",
        front_matter=front_matter(exercise.title, tags=[t.name for t in tags], printable=True),
        steps=step_ticks(exercise.steps),  # type: ignore[attr-defined]
        tags=tags,
        root=Markup("../"),
        layout=layout,
        exercise=exercise,
        credits=credits_of(handbook),
        playbooks=first_few(handbook.used_by(exercise.id), everything=uses_uri(exercise.id)(1)),
        practised=practised,
        path=path,
    )


def render_kind_index(kind: Kind, chunk: Chunk[ItemRecord], handbook: Handbook, layout: Layout) -> str:
    """One page of a kind's index: its items, each with the playbooks that use it."""
    return render(
        "kind_index.md.j2",
        front_matter=front_matter(paged_title(kind.title, chunk), search={"boost": LISTING_BOOST}),
        title=paged_title(kind.title, chunk),
        kind=kind,
        intro=KIND_INTROS[kind.field],
        chunk=chunk,
        root=chunk.root,
        used_by=lambda item_id: first_few(handbook.used_by(item_id), everything=uses_uri(item_id)(1)),
        practised_by=lambda item_id: first_few(handbook.practised_by(item_id), everything=practised_uri(item_id)(1)),
        credited_by=lambda item_id: credit_groups(handbook, layout, item_id),
    )


def _unique(values: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    for value in values:
        seen.setdefault(id(value), value)
    return list(seen.values())


class _Sections(dict):  # type: ignore[type-arg]
    """Sections by kind, also reachable by field name in templates (`sections.exercises`)."""

    def __getattr__(self, name: str) -> list[Item]:
        return self[KIND_BY_FIELD[name]]  # type: ignore[no-any-return]
