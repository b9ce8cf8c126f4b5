"""What a printed page carries so that paper leads back: the page's public address, a QR code of
it, and the version of the content it was printed from. Made at build time, without network.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import segno

from handbook.check.handbook import Handbook

# A run of dark modules in a row of a QR code's matrix (0 is light).
_DARK_RUN = re.compile(rb"[^\x00]+")
# The address a site has when no setting gives one: `mkdocs serve`'s.
LOCAL_SITE_URL = "http://127.0.0.1:8000/"


def page_url(src_uri: str) -> str:
    """The address of a page under the site's root, with directory URLs: `a/b.md` is `a/b/`."""
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


def public_url(site_url: str, page_url: str) -> str:
    """The public address of a page: `site_url` (the one setting the deploy sets) and its path."""
    if not urlsplit(site_url).scheme:
        raise ValueError(f"site_url must be a full address, not {site_url!r}")
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", page_url.lstrip("/"))


@lru_cache(maxsize=16384)
def qr_svg(url: str, label: str = "QR code of this page's address") -> str:
    """A QR code of `url` as inline SVG, with the quiet zone scanners need; it says its size in
    modules (`--hb-qr-modules`) so print.css gives every module the same width on paper. `label`
    is what a screen reader says of it: our own words, never playbook text.

    Error correction is low: on paper the modules are what a phone's camera must resolve, and
    the fewer they are, the bigger each prints (a code of a handbook address then decodes from a
    150 dpi scan; with medium correction it needed 200 dpi). The mask is fixed: any mask
    decodes, and choosing the best of eight is most of segno's time (21 ms of 23 ms a code, which
    thousands of exercise pages would feel). The path is one horizontal run per group of dark modules.
    """
    code = segno.make(url, error="l", boost_error=False, micro=False, mask=0)
    border = 4
    size = len(code.matrix) + 2 * border
    runs = [f"M{run.start() + border} {y + border}h{run.end() - run.start()}v1h{run.start() - run.end()}z"
            for y, row in enumerate(code.matrix) for run in _DARK_RUN.finditer(bytes(row))]
    return (f'<svg class="hb-qr" viewBox="0 0 {size} {size}" style="--hb-qr-modules: {size}" role="img" '
            f'aria-label="{label}">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>')


def content_version(handbook: Handbook) -> str:
    """A short fingerprint of every playbook file: the same content prints the same version."""
    digest = hashlib.sha256()
    for playbook in sorted(handbook.playbooks.values(), key=lambda p: p.id):
        digest.update(f"{playbook.id}:{playbook.digest}\n".encode())
    return digest.hexdigest()[:10]
