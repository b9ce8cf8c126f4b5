"""The theme's Jinja environment, kept across the rebuilds of one `mkdocs serve`.

MkDocs makes a new environment for every build, so every rebuild of the preview compiles the
theme's templates again (about 0.2 s of a save on the real handbook). The environment a build
would make depends on the theme's folders, its locale and the template files in those folders;
the kept one is used only while all three are as they were, and it is Jinja's own `auto_reload`
overlay, which compiles again any template whose file changed. So a kept environment renders what
a fresh one would, and any change it cannot see through Jinja (a template added, removed or renamed
in any folder, another locale) makes a fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import jinja2

Key = tuple[object, ...]


def theme_key(dirs: Sequence[str], locale: object) -> Key:
    """What a theme's fresh environment depends on, beyond the contents of the templates it loads:
    its folders, its locale, and the modification time of every folder under them (which changes
    when a file in it is added, removed or renamed), and of each translation file."""
    stamps: list[object] = [tuple(dirs), str(locale)]
    for top in dirs:
        for folder, _, names in os.walk(top):
            stamps.append((folder, os.stat(folder).st_mtime_ns))
            if os.path.basename(folder) == "LC_MESSAGES":
                for name in names:
                    stat = os.stat(os.path.join(folder, name))
                    stamps.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


@dataclass
class KeptEnvironment:
    """The last build's environment, handed back while its key holds."""

    key: Key | None = None
    environment: jinja2.Environment | None = field(default=None, repr=False)

    def get(self, fresh: jinja2.Environment, key: Key) -> jinja2.Environment:
        """The kept environment when `key` is the kept one's, else `fresh` (kept from now on)."""
        if self.environment is None or key != self.key:
            # Checks each template's file on every load, as a fresh environment would read it.
            self.environment, self.key = fresh.overlay(auto_reload=True), key
        return self.environment
