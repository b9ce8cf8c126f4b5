"""The MkDocs plugin: check the playbooks before anything is written, then serve MkDocs every page
of the generation step (`handbook.generate.site_sources`). Thin glue over plain functions; its
state lives on the plugin instance, which MkDocs keeps across the rebuilds of one `mkdocs serve`.

Under `mkdocs serve` a broken playbook does not fail the build: the preview keeps the last good
pages, logs every located problem on every rebuild and writes them to `handbook-status.json`,
which `assets/preview.js` shows on top of every served page (a failed build would make the
server hold every request). Each rebuild of the preview reuses the theme's compiled templates
while none of its files changed (`keptenv.py`).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.check.handbook import Handbook
from handbook.check.loader import PlaybookFile, forget_checked_files, load_handbook, read_playbooks
from handbook.engines.keptenv import KeptEnvironment, theme_key
from handbook.engines.searchfile import Entry, mended_entries
from handbook.generate import Sources, site_sources
from handbook.pages.printing import qr_svg
from handbook.problems import HandbookError
from handbook.settings import SettingsError, settings_of
from handbook.writing import PageFolder

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
STATUS_FILE = "handbook-status.json"
PREVIEW_SCRIPT = "assets/preview.js"


class HandbookPlugin(BasePlugin):  # type: ignore[type-arg]
    """Adds the handbook's pages to a MkDocs build."""

    def __init__(self) -> None:
        self.serving = False
        self.pages: PageFolder | None = None  # where the pages are written, outside the project
        self.loaded: tuple[tuple[PlaybookFile, ...], Handbook] | None = None  # the files read, and their handbook
        self.sources: Sources | None = None
        self.problems: list[str] = []
        self.marked: list[Any] = []
        self.dirty = False
        self.rebuilt: set[str] = set()  # the addresses of the pages this build converted
        self.addresses: set[str] = set()  # the addresses of every page of this build
        self.search: list[Entry] | None = None  # under --dirty, the search index as last mended
        self.theme = KeptEnvironment()  # under `mkdocs serve`, the theme's compiled templates

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this keeps one plugin instance across the rebuilds of `mkdocs serve`.
        self.serving = command == "serve"
        self.dirty = dirty
        if dirty:
            # `mkdocs serve --dirty` warns on every rebuild that it is dirty, which `strict` would
            # count as a failure; that one warning is expected here, and every other still counts.
            logging.getLogger("mkdocs.commands.build").addFilter(_expected_dirty_warning)

    def on_shutdown(self) -> None:
        self.search = None
        if self.pages is not None:
            shutil.rmtree(self.pages.folder, ignore_errors=True)
            self.pages = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.rebuilt = set()
        try:
            settings = settings_of(config.site_url, config.site_name, config.edit_uri)
        except SettingsError as exc:
            raise PluginError(f"{Path(config.config_file_path).name}: error: {exc}") from None
        if self.serving and PREVIEW_SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(PREVIEW_SCRIPT)
        try:
            handbook = self._handbook(root / "playbooks")
        except HandbookError as exc:
            if not self.serving or self.sources is None:
                raise PluginError(exc.report()) from None
            # Not a warning: `strict` would fail the build, and a failed build holds the server.
            self.problems = [str(p) for p in exc.problems]
            for line in exc.report().splitlines():
                log.info(line)
            log.info("The preview shows the last good pages until the playbooks check clean.")
            return config
        self.problems = []
        try:
            self.sources = site_sources(root, handbook, settings)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        return config

    def _handbook(self, folder: Path) -> Handbook:
        """The checked handbook, loaded again only when a file's name or bytes changed; each file is
        read once a rebuild."""
        files = read_playbooks(folder)
        if self.loaded is None or self.loaded[0] != files:
            self.loaded = (files, load_handbook(folder, display_root=folder.parent, files=files))
        return self.loaded[1]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.sources is not None
        if self.pages is None:
            # Outside the checkout: nothing committed can redirect what is written or deleted here,
            # and a read-only checkout still builds into a writable --site-dir.
            self.pages = PageFolder(Path(tempfile.mkdtemp(prefix="handbook-pages-")))
        # Written only when their text changes, so that `--dirty` rebuilds just the pages a save touched.
        paths = self.pages.update({uri: page.markdown for uri, page in self.sources.pages.items()})
        for file in list(files.documentation_pages()):
            files.remove(file)  # each is among the sources, its macros rendered and its footer added
        for src_uri, path in paths.items():
            files.append(File.generated(config, src_uri, abs_src_path=path))
        for src_uri, text in self.sources.data.items():
            files.append(File.generated(config, src_uri, content=text))
        if not self.serving:
            # A build reads each page from its file once: nothing here is needed again, and holding
            # the whole site's Markdown beside MkDocs' own copy would double its memory.
            self.pages.forget()
            self.sources = self.loaded = None
            forget_checked_files()
            qr_svg.cache_clear()
        return files

    @event_priority(100)  # first: any other plugin's `on_env` then works on the environment kept
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.dirty:
            # Every page's address as its search entries name it (the home page's is ""), to mend them.
            self.addresses = {file.page.url for file in files.documentation_pages() if file.page is not None}
        if not self.serving:
            return env
        return self.theme.get(env, theme_key(config.theme.dirs, config.theme.locale))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if markdown.startswith("---\n") and not page.meta:
            # MkDocs renders front matter it cannot read as Markdown, silently; never let that through.
            raise PluginError(f"{page.file.src_uri}: its front matter did not reach MkDocs intact")
        return markdown

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        # A page left out of the menu (a playbook, an exercise, page 2 of a list) marks the menu
        # entry of its folder's index, so the reader sees where they are.
        if page.file.src_uri.count("/") and page not in nav.pages:
            index = f"{page.file.src_uri.split('/')[0]}/index.md"
            for entry in nav.pages:
                if entry.file.src_uri == index:
                    entry.active = True
                    self.marked.append(entry)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.rebuilt.add(page.url)
        for entry in self.marked:
            entry.active = False
        self.marked.clear()
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:
            status = Path(config.site_dir) / STATUS_FILE
            status.write_text(json.dumps({"problems": self.problems}), encoding="utf-8")
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.dirty and index.is_file():
            # Under --dirty, Material's search merges a rebuild into its last index by the first
            # rebuilt page's address, which can drop other pages or keep a page twice; its index file
            # is read back and written again from the last mended one (searchfile.py).
            data = json.loads(index.read_text(encoding="utf-8"))
            written = data.get("docs", [])
            self.search = mended_entries(self.search, written, self.rebuilt, self.addresses)
            if self.search != written:
                data["docs"] = self.search
                index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def _expected_dirty_warning(record: logging.LogRecord) -> bool:
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True
