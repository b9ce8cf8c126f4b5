"""The preview's search index after a `--dirty` rebuild (engines/searchfile.py): every page the site
has, each once, with its newest entries. Under `make serve` Material merges a rebuild into its last
index by the first rebuilt page's address; these are the cases that merge got wrong."""

from __future__ import annotations

from handbook.engines.searchfile import Entry, mended_entries, page_runs


def entries(page: str, text: str, sections: int = 1) -> list[Entry]:
    """A page's run: the page, then its sections."""
    return [{"location": page, "text": text}] + [
        {"location": f"{page}#s{n}", "text": f"{text} {n}"} for n in range(sections)]


HOME, LIST, ITEM, OTHER = "", "playbooks/", "playbooks/asking-peers/", "glossary/"
SITE = {HOME, LIST, ITEM, OTHER}
BEFORE = entries(HOME, "home") + entries(LIST, "list") + entries(ITEM, "item", 2) + entries(OTHER, "other")


def pages_of(index: list[Entry]) -> list[str]:
    return [page for page, _ in page_runs(index)]


def test_the_first_build_keeps_every_page_it_converted() -> None:
    assert mended_entries(None, BEFORE, SITE, SITE) == BEFORE


def test_where_materials_merge_was_right_the_index_is_what_it_wrote() -> None:
    # One page rebuilt: Material dropped its old run and appended the new one.
    written = [e for e in BEFORE if not e["location"].startswith(ITEM)] + entries(ITEM, "item, edited", 2)
    assert mended_entries(BEFORE, written, {ITEM}, SITE) == written


def test_a_rebuild_that_starts_with_the_home_page_keeps_every_other_page() -> None:
    # Material dropped every entry whose address starts with "", and kept only the home page's new run.
    written = entries(HOME, "home, edited")
    mended = mended_entries(BEFORE, written, {HOME}, SITE)
    assert mended == BEFORE[2:] + written


def test_a_rebuild_that_starts_with_a_listing_keeps_the_pages_under_it() -> None:
    written = entries(HOME, "home") + entries(OTHER, "other") + entries(LIST, "list, edited")
    mended = mended_entries(BEFORE, written, {LIST}, SITE)
    assert pages_of(mended) == [HOME, ITEM, OTHER, LIST]
    assert [e["text"] for e in mended if e["location"] == LIST] == ["list, edited"]
    assert [e for e in mended if e["location"].startswith(ITEM)] == entries(ITEM, "item", 2)


def test_a_page_rebuilt_after_the_first_is_found_once_with_its_new_sections() -> None:
    # Material kept the item's old run and appended its new one, which has one section fewer.
    written = BEFORE + entries(LIST, "list, edited") + entries(ITEM, "item, edited", 1)
    mended = mended_entries(BEFORE, written, {LIST, ITEM}, SITE)
    assert pages_of(mended) == [HOME, OTHER, LIST, ITEM]
    assert [e for e in mended if e["location"].startswith(ITEM)] == entries(ITEM, "item, edited", 1)


def test_a_page_the_site_no_longer_has_leaves_the_index_and_a_new_one_joins_it() -> None:
    new = "playbooks/a-new-one/"
    written = BEFORE + entries(LIST, "list, edited") + entries(new, "new")
    mended = mended_entries(BEFORE, written, {LIST, new}, SITE - {ITEM} | {new})
    assert pages_of(mended) == [HOME, OTHER, LIST, new]
