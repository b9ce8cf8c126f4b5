"""MkDocs hook: check the playbooks before anything is written, then add the generated pages.

Thin glue over `handbook.pages`; a bad playbook fails the build here, before `site/` is touched.
Under `mkdocs serve` it does not fail: the preview keeps the last good pages, logs every located
problem on every rebuild, and writes them to `handbook-status.json`, which a script on every served
page shows on top of it. (A failed build would make the server hold every request.)
"""

from __future__ import annotations

import json
import logging
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from handbook.backing import BuiltPages, MacroPages, Written, write_changed
from handbook.canonical import remembering
from handbook.chunks import PieceCache, Seeding, render_in_pieces
from handbook.collection import DeferredCollection
from handbook.generate import site_files
from handbook.incremental import Generation
from handbook.loader import load_handbook_cached
from handbook.pages import GeneratedPage
from handbook.printing import content_version, public_url, qr_svg
from handbook.problems import HandbookError
from handbook.render import check_templates
from handbook.searchindex import IndexText
from handbook.templatecache import MemoryBytecodeCache, ThemeListing, compile_settings

_pages: dict[str, GeneratedPage] = {}
_generation: list[Generation] = []  # the last one, while serving
_data: dict[str, str] = {}
_generated_from: tuple[object, ...] = ()  # the handbook and templates `_pages` were made from
_written: Written = {}
_built = BuiltPages(_written)
_macro_pages = MacroPages()
_compiled: dict[object, MemoryBytecodeCache] = {}
_theme_listing = ThemeListing()
_collection = DeferredCollection()
_converted = PieceCache()
_seeding = Seeding(_converted)
_index_text = IndexText()
_version = ""
_marked: list[Page] = []
_rebuilt: set[str] = set()
_dirty = False
_serving = False
_problems: list[str] = []
log = logging.getLogger(f"mkdocs.plugins.{__name__}")
STATUS_FILE = "handbook-status.json"


def on_startup(command: str, dirty: bool) -> None:
    global _dirty, _serving
    _dirty = dirty
    _serving = command == "serve"
    if _serving:
        # Every rebuild makes a Page per file, each working out the same canonical address again.
        Page._set_canonical_url = remembering(Page._set_canonical_url)  # type: ignore[method-assign,assignment]
    if dirty:
        # `mkdocs serve --dirty` warns on every rebuild that it is dirty, which `strict` would count
        # as a failure; that one warning is expected here, and every other still counts.
        logging.getLogger("mkdocs.commands.build").addFilter(_expected_dirty_warning)


# How often the preview looks for a saved playbook. MkDocs polls every 0.5 s, a quarter of a second
# of waiting on average before a rebuild even starts; a stat of each watched file ten times a second
# costs a few milliseconds.
POLL_SECONDS = 0.1
# How long MkDocs waits after a change for more changes before it rebuilds (0.1 s of its own). The
# watcher reports what one poll finds at once, so an editor's save (a write, or a write and a rename)
# arrives together; a change the next poll finds starts one more rebuild, as it could before.
SETTLE_SECONDS = 0.05


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # MkDocs schedules the folders of `watch:` (playbooks, macros, CONTRIBUTING.md) after this
    # event, each polled at its observer's interval. watchdog reads the interval from `_timeout`.
    if hasattr(server.observer, "_timeout"):
        server.observer._timeout = POLL_SECONDS
    if hasattr(server, "build_delay"):
        server.build_delay = SETTLE_SECONDS
    return server


def _expected_dirty_warning(record: logging.LogRecord) -> bool:
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    if _serving:
        _seeding.stop()
        _collection.pause()
        _theme_listing.keep_for(config.theme)
    try:
        handbook = load_handbook_cached(root / "playbooks")
    except HandbookError as exc:
        if not _serving or not _pages:
            raise PluginError(exc.report()) from None
        # Not a warning: `strict` would fail the build, and a failed build holds the server.
        _problems[:] = [str(p) for p in exc.problems]
        for line in exc.report().splitlines():
            log.info(line)
        log.info("The preview shows the last good pages until the playbooks check clean.")
        return config
    _problems.clear()
    global _generated_from, _version
    # `load_handbook_cached` gives the same handbook object while no playbook changed: a rebuild
    # for another file (a page in docs/, CONTRIBUTING.md) keeps the pages already generated.
    # The contributing guide is written once, in CONTRIBUTING.md, and shown on the site too.
    guide = root / "CONTRIBUTING.md"
    inputs = (id(handbook), handbook, check_templates(), guide.read_bytes() if guide.is_file() else None)
    if inputs != _generated_from:
        # The preview keeps the last generation, so that a save makes again only the pages it can
        # change; a build has no next generation to keep it for.
        pages, data, generation = site_files(root, handbook, _generation[0] if _generation else None)
        _generation[:] = [generation] if _serving else []
        _pages.clear()
        _pages.update(pages)
        _data.clear()
        _data.update(data)
        _generated_from = inputs
    _version = content_version(handbook)
    _rebuilt.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Backed by files that change only with their text, so that `--dirty` rebuilds just those pages.
    folder = Path(config.config_file_path).parent / ".cache" / "handbook" / "pages"
    paths = write_changed({uri: page.markdown for uri, page in _pages.items()}, folder, _written)
    if _serving:
        # A page of docs/ that calls the handbook's macros changes with the handbook, not only with its file.
        for file in files.documentation_pages():
            file.is_modified = partial(_macro_pages.modified, file.src_uri, _version,  # type: ignore[method-assign]
                                       file.is_modified)
    for src_uri, path in paths.items():
        if src_uri in files.src_uris:
            source = _pages[src_uri].source
            where = f"{source}:1:1: error: its page {src_uri} clashes with docs/{src_uri}" if source else (
                f"docs/{src_uri}:1:1: error: this page is generated from the playbooks")
            raise PluginError(f"{where}; rename or delete one of them")
        file = File.generated(config, src_uri, abs_src_path=path)
        if _serving:
            # Whether the page needs building again is known here; MkDocs would ask the disk.
            file.is_modified = partial(_built.modified, src_uri, file.is_modified)  # type: ignore[method-assign]
        files.append(file)
    for src_uri, text in _data.items():
        files.append(File.generated(config, src_uri, content=text))
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # Each rebuild of `mkdocs serve` makes a new theme environment; keep what it compiled.
    if _serving:
        env.bytecode_cache = _compiled.setdefault(compile_settings(env), MemoryBytecodeCache())
    return env


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # Before any page is converted: what a piece's HTML depends on besides its text. A link
    # resolves against the files there are.
    if _serving:
        _converted.set_context((repr(config.markdown_extensions), repr(config.mdx_configs), repr(config.validation),
                                [(file.src_uri, file.url) for file in files]))
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _rebuilt.add(page.url)
    generated = _pages.get(page.file.src_uri)
    if generated is not None and generated.markdown.startswith("---\n") and "title" not in page.meta:
        # MkDocs renders front matter it cannot read as Markdown, silently; never let that through.
        raise PluginError(f"{page.file.src_uri}: its front matter did not reach MkDocs intact")
    if generated is not None and config.edit_uri and "/edit/" in config.edit_uri:
        # Edit the YAML a page came from; an index drawn from every playbook opens the folder.
        repo, branch = config.edit_uri.split("/edit/", 1)
        branch = branch.split("/", 1)[0]
        if generated.source:
            page.edit_url = f"{repo}/edit/{branch}/{generated.source}"
        else:
            page.edit_url = f"{repo}/tree/{branch}/playbooks"
    if generated is not None and _serving:
        # The preview converts again only the parts of a generated page that a save changed.
        page.render = partial(render_in_pieces, page, cache=_converted, seeding=_seeding)  # type: ignore[method-assign]
    return markdown


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    # What paper carries back to the site: the public address, the content version and, on the
    # pages made for printing, a QR code of the address.
    url = public_url(config.site_url or "http://127.0.0.1:8000/", page.url)
    context["hb_serving"] = _serving
    context["hb_print"] = {"url": url, "version": _version,
                           "qr": Markup(qr_svg(url)) if page.meta.get("printable") else ""}  # noqa: S704
    # A page left out of the menu (a playbook, an exercise, page 2 of a list) marks the menu entry
    # of its folder's index, so the reader sees where they are.
    if page.file.src_uri.count("/") and page not in nav.pages:
        index = f"{page.file.src_uri.split('/')[0]}/index.md"
        for entry in nav.pages:
            if entry.file.src_uri == index:
                entry.active = True
                _marked.append(entry)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _serving:
        _built.built(page.file.src_uri)
        if page.meta.get("render_macros"):
            _macro_pages.built(page.file.src_uri, _version)
    for entry in _marked:
        entry.active = False
    _marked.clear()
    return output


def on_build_error(error: Exception) -> None:
    if _serving:
        _collection.resume_later()
        _seeding.start()


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    if _serving:
        _collection.resume_later()
        _seeding.start()
        status = Path(config.site_dir) / STATUS_FILE
        status.write_text(json.dumps({"problems": _problems}), encoding="utf-8")
    search: Any = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", None)
    if _dirty and previous is not None:
        # Material's search keeps the last index under --dirty but only drops the entries of the
        # first page rebuilt; drop those of every rebuilt page, or they show up twice.
        previous.entries = [e for e in previous.entries
                            if e["location"].split("#", 1)[0] not in _rebuilt]
    index = getattr(search, "search_index", None)
    if _serving and index is not None and hasattr(index, "generate_search_index"):
        # Serialise only the entries this rebuild made; Material serialises every entry every time.
        index.generate_search_index = partial(_index_text.generate, index)
