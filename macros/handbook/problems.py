"""The one domain error of the generator: a list of located problems."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{visible(self.path)}:{self.line}:{self.col}: error: {visible(self.message)}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation on the pull request's line.

        Properties and message are escaped as workflow commands require, so no file name or
        message can end the command early or start another.
        """
        return (f"::error file={_escape_property(visible(self.path))},line={self.line},col={self.col}"
                f"::{_escape_data(visible(self.message))}")


def visible(text: str) -> str:
    """`text` with every character a terminal would act on (newlines, escapes) written as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def shown(value: object, limit: int = 60) -> str:
    """A value from a playbook, quoted for a one-line message: control characters escaped, long ones cut."""
    text = visible(str(value))
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"'{text}'"


class HandbookError(Exception):
    """Raised when the playbooks hold problems; carries every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem on a line of its own, then the count."""
        lines = [str(p) for p in self.problems]
        lines.append(count_line(len(self.problems)))
        return "\n".join(lines)


def count_line(count: int) -> str:
    """The closing line of a report: '1 error' or 'N errors'."""
    return f"{count} error" if count == 1 else f"{count} errors"


def indefinite(noun: str) -> str:
    """`noun` with 'a' or 'an' before it, by its first sound as the handbook's nouns go:
    'an anti-pattern', 'an exercise', 'a framing pattern'."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
