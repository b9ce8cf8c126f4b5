"""What an id is: every item's id and every playbook's file name (`<id>.yaml`) follow this rule.

Kept apart from the models so the command line can name the rule without importing pydantic.
"""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
ID_HELP = "lower-case letters, digits and single hyphens, like 'reciprocity-and-trust'"
