"""The theme's templates, compiled once per `mkdocs serve` (engines/keptenv.py): a kept environment
renders what a fresh one would, whatever changes in the theme's folders."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from handbook.engines.keptenv import KeptEnvironment, theme_key
from tests.conftest import FIXTURES, copy_project, mkdocs_serve, page_text, wait_for


def fresh(folder: Path) -> jinja2.Environment:
    # As MkDocs makes a theme's environment: HTML templates of the theme's own, autoescape off.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)  # noqa: S701


def later(path: Path) -> None:
    """Move `path`'s modification time a second on, as a save a second later would."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_kept_environment_reads_an_edited_template_again(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("first")
    kept = KeptEnvironment()
    key = theme_key([str(tmp_path)], "en")
    environment = kept.get(fresh(tmp_path), key)
    assert environment.get_template("page.html").render() == "first"
    (tmp_path / "page.html").write_text("second")
    later(tmp_path / "page.html")
    assert theme_key([str(tmp_path)], "en") == key  # an edit in place changes no folder
    again = kept.get(fresh(tmp_path), key)
    assert again is environment
    assert again.get_template("page.html").render() == "second"


def test_a_template_added_anywhere_or_another_locale_makes_a_fresh_environment(tmp_path: Path) -> None:
    nested = tmp_path / "partials" / "deeper"
    nested.mkdir(parents=True)
    kept = KeptEnvironment()
    first = kept.get(fresh(tmp_path), theme_key([str(tmp_path)], "en"))
    assert kept.get(fresh(tmp_path), theme_key([str(tmp_path)], "en")) is first
    assert kept.get(fresh(tmp_path), theme_key([str(tmp_path)], "de")) is not first
    second = kept.get(fresh(tmp_path), theme_key([str(tmp_path)], "en"))
    (nested / "new.html").write_text("new")
    later(nested)
    assert kept.get(fresh(tmp_path), theme_key([str(tmp_path)], "en")) is not second


def test_a_translation_file_changed_in_place_makes_a_fresh_environment(tmp_path: Path) -> None:
    messages = tmp_path / "locales" / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "messages.mo").write_bytes(b"one")
    before = theme_key([str(tmp_path)], "de")
    (messages / "messages.mo").write_bytes(b"other")
    later(messages / "messages.mo")
    assert theme_key([str(tmp_path)], "de") != before


def test_the_preview_shows_a_theme_override_added_then_edited_while_it_serves(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    playbook = project / "playbooks" / "asking-peers.yaml"
    text = playbook.read_text()
    # Material's footer includes this partial; the handbook does not override it.
    override = project / "overrides" / "partials" / "copyright.html"
    assert not override.exists()
    url_of = "{}/playbooks/asking-peers/"
    with mkdocs_serve(project, tmp_path / "serve.log") as (base, server):
        url = url_of.format(base)
        wait_for(lambda: "Asking peers" in page_text(url))
        for round_, marker in enumerate(["kept-theme-first", "kept-theme-second"]):
            override.write_text(f"<div>{marker}</div>\n")
            later(override)
            # The theme is not watched; a playbook saved after the template brings the rebuild.
            title = f"Asking peers, round {round_}"
            playbook.write_text(text.replace("title: Asking peers", f"title: {title}", 1))
            wait_for(lambda title=title: title in page_text(url), timeout=30)
            page = page_text(url)
            assert marker in page
            assert round_ == 0 or "kept-theme-first" not in page
        assert server.poll() is None
