"""The whole handbook on one page: each playbook in reading order with its 'In short', sized to
print on one sheet of A4 or Letter (print.css)."""

from __future__ import annotations

from markupsafe import Markup

from handbook.check.handbook import Handbook
from handbook.pages.frontmatter import front_matter
from handbook.pages.render import render

SUMMARY_PAGE = "summary/index.md"
SUMMARY_PLAYBOOKS = 9  # a longer handbook ends the page with a link to every playbook


def render_summary(handbook: Handbook, limit: int = SUMMARY_PLAYBOOKS) -> str:
    """The one-page summary: the first `limit` playbooks in reading order, each with its lines to remember."""
    ordered = handbook.ordered()
    return render("summary.md.j2", front_matter=front_matter("The handbook on one page", printable=True),
                  playbooks=ordered[:limit], total=len(ordered), root=Markup("../"))
