"""MkDocs hook: check the playbooks before anything is written, then add the generated pages.

Thin glue over `handbook.pages`; a bad playbook fails the build here, before `site/` is touched.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.loader import load_handbook_cached
from handbook.pages import GeneratedPage, generate_pages
from handbook.problems import HandbookError

_pages: dict[str, GeneratedPage] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        handbook = load_handbook_cached(root / "playbooks")
    except HandbookError as exc:
        raise PluginError(exc.report()) from None
    _pages.clear()
    _pages.update(generate_pages(handbook))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The contributing guide is written once, in CONTRIBUTING.md, and shown on the site too.
    guide = Path(config.config_file_path).parent / "CONTRIBUTING.md"
    if guide.is_file():
        _pages["contributing/index.md"] = GeneratedPage(guide.read_text(encoding="utf-8"), "CONTRIBUTING.md")
    for src_uri, page in _pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} is generated from the playbooks; delete the file")
        files.append(File.generated(config, src_uri, content=page.markdown))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _pages.get(page.file.src_uri)
    if generated is not None and config.edit_uri and "/edit/" in config.edit_uri:
        # Edit the YAML a page came from; an index drawn from every playbook opens the folder.
        repo, branch = config.edit_uri.split("/edit/", 1)
        branch = branch.split("/", 1)[0]
        if generated.source:
            page.edit_url = f"{repo}/edit/{branch}/{generated.source}"
        else:
            page.edit_url = f"{repo}/tree/{branch}/playbooks"
    return markdown
