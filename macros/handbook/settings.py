"""The site settings the generated pages carry, read and checked like content.

The generation step needs the public address (for printed pages and their QR codes), the site's
name, and where a page's source can be edited. The MkDocs plugin takes them from MkDocs' own
config; `handbook generate` reads the same mkdocs.yml, `!ENV` values included.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from handbook.pages.printing import LOCAL_SITE_URL
from handbook.problems import visible
from handbook.schema.values import check_link


class SettingsError(ValueError):
    """A setting that the handbook refuses, with the one line that says why and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """What every generated page needs to know about the site it is part of."""

    site_url: str
    site_name: str
    edit_uri: str  # the address that a file's path under the repository is appended to


def checked_address(name: str, value: str) -> str:
    """`value` if it is a plain http(s) address, ending in '/'; else SettingsError naming `name`."""
    if not value.startswith(("https://", "http://")):
        raise SettingsError(f"{name} {visible(value)!r} is refused: it must be a full https:// or http:// address")
    try:
        check_link(value)
    except ValueError as exc:
        raise SettingsError(f"{name} {visible(value)!r} is refused: {exc}") from None
    parts = urlsplit(value)
    if parts.query or parts.fragment or any(ch in value for ch in "\"'<>` \\"):
        raise SettingsError(f"{name} {visible(value)!r} is refused: give a plain address without quotes, "
                            "brackets, spaces, a query or a fragment")
    return value if value.endswith("/") else value + "/"


def settings_of(site_url: str | None, site_name: str, edit_uri: str | None) -> Settings:
    """Settings from MkDocs' values, each address checked (SettingsError if one is refused)."""
    url = checked_address("site_url", site_url or LOCAL_SITE_URL)
    edit = checked_address("edit_uri", edit_uri) if edit_uri else ""
    return Settings(url, site_name, edit)


class _ConfigLoader(yaml.SafeLoader):
    """YAML's safe loader, with MkDocs' `!ENV [NAME, default]` tag read from the environment."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else [*names, None]
    for variable in variables:
        if variable in os.environ:
            return os.environ[variable]
    return default


_ConfigLoader.add_constructor("!ENV", _env)


def read_settings(config_file: Path) -> Settings:
    """The settings of `config_file` (mkdocs.yml), as MkDocs would read them."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a safe loader
    return settings_of(config.get("site_url"), config.get("site_name", ""), config.get("edit_uri"))
