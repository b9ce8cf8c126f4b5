"""Reading built HTML pages: their links, ids and visible text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import urldefrag, urljoin, urlsplit


@dataclass
class Page:
    """What a test needs of one built page."""

    url: str
    links: list[str] = field(default_factory=list)
    link_texts: list[str] = field(default_factory=list)  # the text of each of `links`
    ids: set[str] = field(default_factory=set)
    text: str = ""
    nav_links: list[str] = field(default_factory=list)

    def resolved_links(self) -> list[str]:
        """Every link of the page resolved against its URL, as site paths like '/a/b/#x'."""
        return [normpath_url(urljoin(self.url, href)) for href in self.links]

    def links_to(self, target: str) -> bool:
        return any(urldefrag(link)[0] == target for link in self.resolved_links())


def normpath_url(url: str) -> str:
    path, fragment = urldefrag(url)
    if "://" in path:
        return url
    trailing = path.endswith("/")
    path = normpath(path)
    if trailing and not path.endswith("/"):
        path += "/"
    return f"{path}#{fragment}" if fragment else path


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skip = 0
        self.in_nav = 0
        self.parts: list[str] = []
        self.link_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "nav":
            self.in_nav += 1
        if tag == "a" and values.get("href") is not None:
            self.page.links.append(values["href"] or "")
            self.link_text = []
            if self.in_nav:
                self.page.nav_links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if tag == "nav":
            self.in_nav -= 1
        if tag == "a" and self.link_text is not None:
            self.page.link_texts.append(" ".join("".join(self.link_text).split()))
            self.link_text = None

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)
            if self.link_text is not None:
                self.link_text.append(data)


def read_page(site: Path, url: str) -> Page:
    """Parse the page of `site` at `url` ('/playbooks/x/')."""
    file = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url.lstrip("/")
    page = Page(url)
    reader = _Reader(page)
    reader.feed(file.read_text(encoding="utf-8"))
    page.text = " ".join(" ".join(reader.parts).split())
    return page


def all_pages(site: Path) -> list[str]:
    """The URL of every built HTML page of `site`."""
    urls = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        urls.append("/" + relative.removesuffix("index.html") if relative.endswith("index.html")
                    else "/" + relative)
    return urls


def _site_path() -> str:
    """The path of the public address (`site_url` in mkdocs.yml), where the 404 page's links start."""
    text = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    url = re.search(r'^site_url: !ENV \[HANDBOOK_SITE_URL, "([^"]+)"\]', text, re.M)
    return urlsplit(url.group(1)).path if url else "/"


SITE_PATH = _site_path()


def broken_links(site: Path) -> tuple[dict[str, Page], list[str]]:
    """Every page of `site` (assets aside), and each link of theirs to a page or anchor that is not
    there, or off the site other than by https or mailto."""
    pages = {url: read_page(site, url) for url in all_pages(site) if not url.startswith("/assets/")}
    broken = []
    for url, page in pages.items():
        for href, link in zip(page.links, page.resolved_links(), strict=True):
            scheme = urlsplit(href).scheme
            if scheme:
                if scheme not in ("https", "mailto"):
                    broken.append(f"{url}: {href} (external links must be https)")
                continue
            path, fragment = urldefrag(link)
            if href.startswith("/"):
                # Only the 404 page links absolutely, from the path of the public address.
                if not path.startswith(SITE_PATH):
                    broken.append(f"{url}: {href} (outside the site's path {SITE_PATH})")
                    continue
                path = "/" + path.removeprefix(SITE_PATH)
            target = site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{url}: {href} (no such page)")
            elif fragment and target.suffix == ".html":
                ids = pages[path].ids if path in pages else read_page(site, path).ids
                if fragment not in ids:
                    broken.append(f"{url}: {href} (no such anchor)")
    return pages, broken
