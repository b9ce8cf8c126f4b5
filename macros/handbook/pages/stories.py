"""Stories as pages show them: on their playbooks, on the situations they answer, and in the
reading path. Each moment links to the patterns, anti-patterns and motivators it shows, where
they are written out in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from handbook.check.handbook import Handbook, LoadedPlaybook
from handbook.check.stories import StoryRecord, stories_of
from handbook.pages.layout import page_of
from handbook.schema.stories import Story, StoryMoment


@dataclass(frozen=True)
class ShownItem:
    """An item a moment shows: its title, its kind and its full text's address from docs/."""

    title: str
    kind: str
    uri: Markup  # from docs/, built from ids


@dataclass(frozen=True)
class MomentView:
    moment: StoryMoment
    shows: list[ShownItem]


@dataclass(frozen=True)
class StoryView:
    """A story with everything a page prints of it."""

    story: Story
    home: LoadedPlaybook  # the playbook that defines it, where it is told in full
    source: Any  # the Source item it follows
    moments: list[MomentView]

    @property
    def uri(self) -> Markup:
        """Where the story is told, from docs/."""
        return Markup(f"{page_of('playbooks', self.home.id)}#{self.story.id}")  # noqa: S704 - ids


def story_view(record: StoryRecord, handbook: Handbook) -> StoryView:
    """What a page prints of one story."""
    story = record.story

    def shown(item_id: str) -> ShownItem:
        item = handbook.items[item_id]
        uri = Markup(f"{page_of('playbooks', item.defined_in)}#{item_id}")  # noqa: S704 - ids
        return ShownItem(item.item.title, item.kind.singular, uri)

    moments = [MomentView(m, [shown(i) for i in m.shows if i in handbook.items]) for m in story.moments]
    return StoryView(story, handbook.playbooks[record.defined_in], handbook.items[story.source].item, moments)


def playbook_stories(playbook: LoadedPlaybook, handbook: Handbook) -> list[StoryView]:
    """The stories a playbook's page tells, in its order."""
    return [story_view(record, handbook) for record in stories_of(playbook, handbook)]


def stories_answering(situation_id: str, handbook: Handbook) -> list[StoryView]:
    """The stories that answer a situation, by the reading order of the playbooks that define them."""
    return [story_view(record, handbook) for record in handbook.stories_answering(situation_id)]
