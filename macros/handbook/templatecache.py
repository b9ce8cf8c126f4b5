"""Compiled theme templates, and the listing of the theme's files, kept in memory between the
preview's rebuilds.

`mkdocs serve` loads its configuration afresh for every rebuild, and with it a new theme
environment that compiles every template it renders again: about 40 of Material's, a few
hundred milliseconds of each save. Jinja's bytecode cache keys each template by its name and
checks the source's checksum, so an edited template is compiled again, never served stale.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """A Jinja bytecode cache in a dict, for environments made again in one process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


def compile_settings(env: jinja2.Environment) -> tuple[object, ...]:
    """What besides a template's source decides its compiled code: environments that differ here
    must not share a cache."""
    return (tuple(sorted(env.extensions)), getattr(env, "newstyle_gettext", None), env.block_start_string,
            env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
            env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
            env.keep_trailing_newline, env.optimized, env.autoescape if isinstance(env.autoescape, bool) else id(env),
            env.finalize is None)


class ThemeListing:
    """The theme's static files, listed once and kept between the preview's rebuilds.

    Before each rebuild MkDocs lists every file of the theme's folders (Material's are 14,500,
    mostly icons) and matches each against a dozen patterns to find the static files to copy: a
    tenth of a second of every save. The listing is kept while no folder of the theme changes
    (a file added, removed or renamed changes its folder's modification time).
    """

    def __init__(self) -> None:
        # Each searched folder: every folder under it, and their modification times when last walked.
        self._folders: dict[str, tuple[list[str], tuple[tuple[str, int], ...] | None]] = {}
        self._kept: tuple[object, list[str]] = (object(), [])  # the last listing, and what it was of

    def keep_for(self, theme: Any) -> None:
        """Make `theme.get_env()` give environments whose `list_templates` answers from here."""
        get_env = theme.get_env

        def env_with_kept_listing() -> jinja2.Environment:
            env = get_env()
            folders = getattr(env.loader, "searchpath", None)
            if folders is not None:
                original = env.list_templates

                def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
                    # The filter is made anew for each build from the theme's settings, so its
                    # code and the theme's static templates stand for it.
                    key = (self.stamp(folders), tuple(theme.static_templates), extensions,
                           getattr(filter_func, "__code__", filter_func))
                    if key != self._kept[0]:
                        self._kept = (key, original(extensions, filter_func))
                    return list(self._kept[1])

                env.list_templates = listing  # type: ignore[method-assign]
            return env

        theme.get_env = env_with_kept_listing

    def stamp(self, folders: list[str]) -> tuple[object, ...]:
        """The modification time of every folder under each of `folders`."""
        return tuple(self._folder_stamp(folder) for folder in folders)

    def _folder_stamp(self, folder: str) -> object:
        known = self._folders.get(folder)
        if known is not None and self._stamp(known[0]) == known[1]:
            return known[1]
        # Walked again whenever something changed, so a new subfolder is watched too.
        paths = [path for path, _, _ in os.walk(folder)]
        stamp = self._stamp(paths)
        self._folders[folder] = (paths, stamp)
        return stamp if stamp is not None else object()  # unreadable: matches nothing kept

    @staticmethod
    def _stamp(paths: list[str]) -> tuple[tuple[str, int], ...] | None:
        try:
            return tuple((path, os.stat(path).st_mtime_ns) for path in paths)
        except OSError:  # a folder went away
            return None
