"""Compiled theme templates kept in memory between the preview's rebuilds.

`mkdocs serve` loads its configuration afresh for every rebuild, and with it a new theme
environment that compiles every template it renders again: about 40 of Material's, a few
hundred milliseconds of each save. Jinja's bytecode cache keys each template by its name and
checks the source's checksum, so an edited template is compiled again, never served stale.
"""

from __future__ import annotations

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
