"""Reading built HTML pages: their links, ids and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import urldefrag, urljoin


@dataclass
class Page:
    """What a test needs of one built page."""

    url: str
    links: list[str] = field(default_factory=list)
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
            if self.in_nav:
                self.page.nav_links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if tag == "nav":
            self.in_nav -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


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
