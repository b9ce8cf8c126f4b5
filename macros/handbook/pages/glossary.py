"""The glossary page, and the link from the first use of each of its terms on a playbook page.

Links are made on text already escaped (render.inline), in one pass over it, so a term's link
can never be matched again nor let playbook text become markup: the link's words are the
escaped words of the page and its address is built from the term's id.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from handbook.check.glossary import defined_terms
from handbook.check.handbook import Handbook
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import Layout
from handbook.pages.render import anchor, inline, render

GLOSSARY_PAGE = "glossary/index.md"


class Terms:
    """Every form of every term, and the one pattern that finds them: made once for a handbook, not
    once a page (each page would read every playbook again)."""

    def __init__(self, handbook: Handbook) -> None:
        self.by_form: dict[str, str] = {}
        for _, _, term in defined_terms(handbook):
            for form in [term.term, *term.also]:
                self.by_form.setdefault(str(inline(form)).lower(), term.id)
        forms = sorted(self.by_form, key=len, reverse=True)  # the longest form first: 'pre-wiring' before 'pre-wire'
        self.pattern = re.compile(r"(?<![\w&#])(" + "|".join(map(re.escape, forms)) + r")(?![\w])",
                                  re.I) if forms else None


class Gloss:
    """Links the first use of each term on one page; called on escaped text, in page order."""

    def __init__(self, terms: Terms, root: str) -> None:
        self.terms = terms
        self.root = root
        self.linked: set[str] = set()

    def __call__(self, text: Any) -> Markup:
        escaped = inline(text) if not isinstance(text, Markup) else text
        if self.terms.pattern is None:
            return escaped

        def link(match: re.Match[str]) -> str:
            term_id = self.terms.by_form[match.group(1).lower()]
            if term_id in self.linked:
                return match.group(0)
            self.linked.add(term_id)
            return f"[{match.group(1)}]({self.root}{GLOSSARY_PAGE}#{anchor(term_id)})"

        return Markup(self.terms.pattern.sub(link, str(escaped)))  # noqa: S704 - escaped text, links built from ids


def render_glossary(handbook: Handbook, layout: Layout) -> str:
    """The glossary: every term the playbooks define, alphabetically, each with its credit."""
    terms = sorted(defined_terms(handbook), key=lambda found: found[2].term.lower())
    credits = {term.id: [handbook.items[s].item for s in term.sources if s in handbook.items]
               for _, _, term in terms}
    return render("glossary.md.j2", front_matter=front_matter("Glossary"), terms=terms, credits=credits,
                  root=Markup("../"), layout=layout)
