"""A deck of cards to print and cut, one per situation: on the front the situation in the reader's
words; on the back the first line to say, the one thing to watch out for, and the situation page's
public address with a QR code, so the card leads back to the page.

Eight cards a sheet, two columns by four rows of 90 x 60 mm, which fit A4 and Letter alike. Each
sheet of fronts is followed by its sheet of backs, printed double-sided and flipped on the long
edge: a back stands in the other column from its front, so that it lands behind it on paper.
What a card says is picked as the situation's page picks it (situations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from handbook.check.conversations import Lines, Step
from handbook.check.handbook import Handbook, ItemRecord
from handbook.pages.counterparts import OTHER, ordered_situations
from handbook.pages.folding import fold
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import chunks, page_of, paged_title, part_uri
from handbook.pages.printing import page_url, public_url, qr_svg
from handbook.pages.render import render
from handbook.pages.situations import situation_page
from handbook.schema.items import Item
from handbook.schema.names import ACROSS_NAMES

CARDS_PAGE = "cards/index.md"
COLUMNS = 2
ROWS = 4
PER_SHEET = COLUMNS * ROWS
# Cards on one page of the deck: the deck of a big handbook prints in parts, as the whole handbook does.
PER_PART = 6 * PER_SHEET


@dataclass(frozen=True)
class Opening:
    """How a card's conversation starts: a line to say, or a pattern to try when none has a line."""

    label: str  # "Say first" or "Try first"
    text: str


def opening_of(step: Step) -> Opening:
    """The first step of a situation's conversation, in its first sentence when it is long."""
    if step.line is not None:
        return Opening("Say first", fold(step.line.script.say)[0])
    assert step.pattern is not None
    return Opening("Try first", f"{step.pattern.title}: {step.pattern.summary}")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Card:
    """One situation's card: its number in the deck, both sides' words and where it leads."""

    number: int
    situation: Item
    group: str  # who stands across from the reader
    phrase: str | None  # the first of the reader's other words for it
    opening: Opening | None  # how its conversation starts
    watch: str | None  # the first sentence of what to watch out for
    url: str  # the situation page's public address
    qr: Markup  # our own SVG of that address


@dataclass(frozen=True)
class Slot:
    """A card where it prints on its sheet: row and column from 1, seen from the printed side."""

    card: Card
    row: int
    column: int


@dataclass(frozen=True)
class Sheet:
    """One sheet of paper: the fronts of up to eight cards, and their backs with columns swapped."""

    number: int
    fronts: list[Slot]
    backs: list[Slot]


def situation_cards(handbook: Handbook, site_url: str) -> list[Card]:
    """Every situation's card, in the situations' order (counterparts.py)."""
    lines = Lines(handbook)
    cards = []
    for number, record in enumerate(ordered_situations(handbook), start=1):
        cards.append(card_of(number, record, handbook, lines, site_url))
    return cards


def card_of(number: int, record: ItemRecord, handbook: Handbook, lines: Lines, site_url: str) -> Card:
    """A situation's card: what its page opens with, shortened to a first sentence where long."""
    page = situation_page(record, handbook, lines)
    situation = record.item
    url = public_url(site_url, page_url(str(page_of("situations", situation.id))))
    phrases = getattr(situation, "phrases", [])
    across = getattr(situation, "across", None)
    return Card(
        number=number,
        situation=situation,
        group=ACROSS_NAMES.get(across or "", OTHER[1]),
        phrase=phrases[0] if phrases else None,
        opening=opening_of(page.steps[0]) if page.steps else None,
        watch=fold(page.watch.text)[0] if page.watch else None,
        url=url,
        qr=Markup(qr_svg(url, label="QR code of the situation's page"))  # noqa: S704 - our SVG of a checked address
    )


def sheets_of(cards: list[Card]) -> list[Sheet]:
    """The cards eight to a sheet, filled row by row; on the back a card takes the other column."""
    sheets = []
    for start in range(0, len(cards), PER_SHEET):
        on_sheet = cards[start:start + PER_SHEET]
        fronts = [Slot(card, n // COLUMNS + 1, n % COLUMNS + 1) for n, card in enumerate(on_sheet)]
        backs = [Slot(slot.card, slot.row, COLUMNS + 1 - slot.column) for slot in fronts]
        sheets.append(Sheet(start // PER_SHEET + 1, fronts, backs))
    return sheets


def card_pages(handbook: Handbook, site_url: str) -> dict[str, str]:
    """The deck's pages, by path under docs/: one, or parts of PER_PART cards that each print in one go."""
    parts = chunks(situation_cards(handbook, site_url), PER_PART, part_uri("cards"))
    return {part.src_uri: render(
        "cards.md.j2",
        front_matter=front_matter(paged_title("Situation cards", part, "part"), hide=["navigation", "toc"],
                                  search={"exclude": True}),
        title=paged_title("Situation cards", part, "part"), chunk=part, per_part=PER_PART,
        sheets=sheets_of(list(part.entries)), columns=COLUMNS, rows=ROWS,
        root=Markup("../"))
        for part in parts}
