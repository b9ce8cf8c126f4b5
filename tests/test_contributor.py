"""The whole path of a contributor's first playbook, played as they would play it.

Scaffold, every usual mistake with the exact line it must produce, the fix, the preview answering
while the file is broken (the real `mkdocs serve`, real HTTP), the build, and the new playbook on
its page, in the reading path, in the indexes and in search. The expected lines are written here
from the text the test saves, never read back from the checker.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from handbook.schema.models import Playbook
from tests.conftest import ROOT, copy_project, git_clone_of, mkdocs_serve, page_text, run_handbook, run_mkdocs, wait_for
from tests.pages import read_page

NEW = "playbooks/code-review-trust.yaml"
UNIQUE = ("ids are unique across the handbook, so choose another, or delete this definition and use the "
          "existing item by writing just its id")

# What a contributor writes once the TODOs are gone: new items of their own, shared ones by id.
GOOD = """\
# yaml-language-server: $schema=../docs/schema/playbook.schema.json
title: "Code review builds trust"
summary: "Turn code review into a place where peers learn to trust your asks."
order: 90
audience:
  - senior-ic
tags:
  - trust
  - code-review
situations:
  - id: reviews-pile-up
    title: "My pull requests wait days for a review"
    sources: [contributor-notes]
    across: peer
    first_line: review-within-a-day
    phrases: [reviews pile up, nobody reviews my code, waiting on review]
sources:
  - id: contributor-notes
    title: "A contributor's own notes"
motivators:
  - reciprocity-and-trust
patterns:
  - id: review-within-a-day
    title: "Review within a day"
    summary: "Fast reviews earn the goodwill that later asks draw on."
    sources: [contributor-notes]
    body: |
      Answer every review request within one working day; the word quasquicentennial marks this
      playbook for the search test.
    scripts:
      - when: "A peer thanks you for a quick review"
        say: "Glad to. Would you have a look at mine this week too?"
        moment: keeping-relationships
anti_patterns:
  - offloading-grunt-work
when_not_to_use:
  - no-credibility-yet
exercises:
  - id: review-three-prs
    title: "Review three pull requests"
    sources: [contributor-notes]
    summary: "Practise fast, kind reviews."
    first_week: true
    time: "45 minutes"
    prepare:
      - "The open pull requests of your team"
    steps:
      - "Pick three pull requests by peers."
      - "Review each within a day."
    reflect:
      - "Who thanked you, and who reviewed yours sooner?"
    practises:
      - review-within-a-day
      - reciprocity-and-trust
references:
  - nemawashi-article
stories:
  - id: three-reviews-returned
    title: "Three reviews, returned"
    source: contributor-notes
    setting: "A contributor's pull requests waited days for a review."
    moments:
      - said: "They reviewed three of their peers' pull requests within a day."
        shows: [review-within-a-day]
      - said: "They asked one of those peers to look at theirs."
        answered: "The peer reviewed it that afternoon."
        shows: [reciprocity-and-trust]
    ending: "Their next pull request was reviewed the same day."
    situations: [reviews-pile-up]
in_short:
  - "Review within a day."
  - "Ask for a review after giving one."
  - "Trust grows from small, kept promises."
"""


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the only line of `text` that holds `fragment`."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def check(project: Path, text: str) -> tuple[int, list[str]]:
    (project / NEW).write_text(text, encoding="utf-8")
    result = run_handbook(project, "check")
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, result.stdout.splitlines()


def errors(*lines: str) -> list[str]:
    count = f"{len(lines)} error" + ("s" if len(lines) > 1 else "")
    return [*lines, count]


def test_a_first_playbook_from_scaffold_through_every_mistake_to_every_page(tmp_path: Path) -> None:
    project = git_clone_of(copy_project(tmp_path, ROOT / "playbooks"))
    real = (ROOT / "playbooks" / "delegate-for-growth.yaml").read_text(encoding="utf-8")
    new = run_handbook(project, "new", "code-review-trust", "--title", "Code review builds trust")
    assert new.returncode == 0, new.stderr

    # 1. The untouched scaffold does not pass: every TODO and the example address, each on its line.
    scaffold = (project / NEW).read_text(encoding="utf-8")
    placeholders = {n for n, line in enumerate(scaffold.splitlines(), 1)
                    if '"TODO' in line or "todo-code-review-trust" in line}
    code, lines = check(project, scaffold)
    flagged = {int(line.split(":")[1]) for line in lines[:-1]}
    assert code == 1 and flagged == placeholders and all(line.startswith(NEW + ":") for line in lines[:-1])
    assert all("still holds the TODO from 'handbook new'; write " in line or "is a placeholder id from" in line
               for line in lines[:-1])

    # 2. Filled in, it passes.
    assert check(project, GOOD)[0] == 0

    # 3. Each usual mistake, alone, with its exact message.
    # Defining a shared item again instead of using it by its id.
    duplicate = GOOD.replace("motivators:\n  - reciprocity-and-trust\n",
                             "motivators:\n  - id: reciprocity-and-trust\n    title: \"Reciprocity\"\n"
                             "    summary: \"Help given earlier makes help easier to ask for.\"\n"
                             "    sources: [contributor-notes]\n")
    at = line_of(duplicate, "  - id: reciprocity-and-trust")
    theirs = line_of(real, "  - id: reciprocity-and-trust")
    # The new file sorts first, but it is the one git says changed: the message lands there only.
    assert check(project, duplicate)[1] == errors(
        f"{NEW}:{at}:9: error: id 'reciprocity-and-trust' is already used by the motivator 'Reciprocity and "
        f"trust' at playbooks/delegate-for-growth.yaml:{theirs}:9; {UNIQUE}")

    dedented = GOOD.replace("    practises:\n      - review-within-a-day\n      - reciprocity-and-trust\n",
                            "practises:\n  - review-within-a-day\n  - reciprocity-and-trust\n")
    exercise = line_of(GOOD, "  - id: review-three-prs")
    assert check(project, dedented) == (1, errors(
        f"{NEW}:{exercise}:5: error: missing required field 'practises' in exercises[1]: Ids of the patterns, "
        "motivators, gains and principles this exercise practises.",
        f"{NEW}:{line_of(dedented, 'practises:')}:1: error: 'practises' is not a field here but of an exercise: "
        "check its indentation, so that it sits inside the entry it belongs to (allowed here: "
        f"{', '.join(Playbook.model_fields)})"))

    # An entry indented under an unquoted one is folded into it; under a quoted one it cannot be.
    merged = GOOD.replace("  - trust\n  - code-review\n", "  - trust\n    - code-review\n")
    tag = line_of(merged, "- code-review")
    assert check(project, merged) == (1, errors(
        f"{NEW}:{tag}:5: error: this '- ' entry is indented deeper than the line above, so YAML reads it as "
        f"more words of the value on line {tag - 1}; line its '- ' up with the entries above it"))
    stray = GOOD.replace("      - \"Review each within a day.\"", "        - \"Review each within a day.\"")
    step = line_of(stray, "Review each within a day.")
    assert check(project, stray) == (1, errors(
        f"{NEW}:{step}:9: error: YAML syntax error: while parsing a block collection did not find expected "
        "'-' indicator (a list entry here does not line up with the entries above it; indent its '- ' like theirs)"))

    title = line_of(GOOD, 'title: "Review three pull requests"')
    dedented_title = GOOD.replace('    title: "Review three pull requests"', '  title: "Review three pull requests"')
    code, lines = check(project, dedented_title)
    assert code == 1 and len(lines) == 2 and lines[0].startswith(f"{NEW}:{title}:3: error: YAML syntax error: ")
    assert lines[0].endswith(" (this field is indented like the '- ' of a list entry; indent it to line up "
                             "with the fields of the entry it belongs to)")

    script_link = GOOD.replace("    title: \"A contributor's own notes\"\n",
                               "    title: \"A contributor's own notes\"\n    link: javascript:alert(1)\n")
    assert check(project, script_link) == (1, errors(
        f"{NEW}:{line_of(script_link, 'javascript:')}:11: error: 'sources[1].link': links may use https://, "
        "http:// or mailto:, not 'javascript:'"))

    bad_id = GOOD.replace("  - id: reviews-pile-up", "  - id: Reviews_Pile_Up")
    assert check(project, bad_id) == (1, errors(
        f"{NEW}:{line_of(bad_id, 'Reviews_Pile_Up')}:9: error: 'situations[1].id': 'Reviews_Pile_Up' is not a "
        "valid id; use lower-case letters, digits and single hyphens, like 'reciprocity-and-trust'"))

    # 4. The preview answers while the file is broken, says why, and recovers on the next good save.
    check(project, GOOD)
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (base, server):
        url = f"{base}/playbooks/code-review-trust/"
        wait_for(lambda: "Review within a day" in page_text(url))
        (project / NEW).write_text(dedented, encoding="utf-8")
        expected = f"{NEW}:{exercise}:5: error: missing required field 'practises'"
        wait_for(lambda: any(p.startswith(expected) for p in
                             json.loads(page_text(f"{base}/handbook-status.json") or '{"problems": []}')["problems"]),
                 timeout=30)
        started = time.monotonic()
        assert "Review within a day" in page_text(url) and time.monotonic() - started < 2
        (project / NEW).write_text(GOOD.replace("Review within a day", "Review within one day"), encoding="utf-8")
        wait_for(lambda: "Review within one day" in page_text(url), timeout=30)
        # The home page's reading path, a page of docs/ that calls the handbook's macros, follows a save too.
        renamed = GOOD.replace("title: \"Code review builds trust\"", "title: \"Code review builds lasting trust\"")
        assert renamed != GOOD and "Code review builds trust" in page_text(f"{base}/")
        (project / NEW).write_text(renamed, encoding="utf-8")
        wait_for(lambda: "Code review builds lasting trust" in page_text(f"{base}/"), timeout=30)
        assert server.poll() is None
    assert expected in log.read_text()

    # 5. The build, and the new playbook everywhere a reader looks for it.
    (project / NEW).write_text(GOOD, encoding="utf-8")
    built = run_mkdocs(project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    page = read_page(site, "/playbooks/code-review-trust/")
    assert "Code review builds trust" in page.text and "Review within a day" in page.text
    assert page.links_to("/exercises/review-three-prs/")
    assert read_page(site, "/").links_to("/playbooks/code-review-trust/"), "missing from the reading path"
    assert read_page(site, "/playbooks/").links_to("/playbooks/code-review-trust/")
    for index, anchor in (("/patterns/", "review-within-a-day"), ("/exercises/", "review-three-prs")):
        assert f"/playbooks/code-review-trust/#{anchor}" in read_page(site, index).resolved_links(), index
    assert read_page(site, "/situations/").links_to("/situations/reviews-pile-up/")
    assert read_page(site, "/situations/reviews-pile-up/").links_to("/playbooks/code-review-trust/")
    # The shared motivator it uses by id lists it among the playbooks that use it.
    assert read_page(site, "/motivators/").links_to("/playbooks/code-review-trust/")
    search = json.loads((site / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("playbooks/code-review-trust/") and "quasquicentennial" in doc["text"]
               for doc in search["docs"])
