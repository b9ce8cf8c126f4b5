"""The Influence Handbook generator: playbooks in YAML, checked and rendered into a handbook."""
