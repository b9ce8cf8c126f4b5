"""Said twice: the pure part of the check, on inputs of its own."""

from __future__ import annotations

from typing import Annotated

from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field
from pydantic.fields import FieldInfo

from handbook.check.repeats import PROSE_FIELDS, _long_strings, prose_sentences, repeats, sentences
from handbook.schema.annotations import PROSE, marked_fields
from handbook.schema.items import Exercise, Strict
from handbook.schema.jsonschema import declared, limits, type_name
from handbook.schema.models import Playbook
from handbook.schema.values import Id, Line, Text


def test_a_sentence_said_twice_is_found_at_its_second_place() -> None:
    found = repeats([("a", "Documents spread knowledge, but practice is what makes it stick for good."),
                     ("b", "Short one. Documents spread knowledge; but PRACTICE is what makes it stick for good!")])
    assert [(r.first, r.again) for r in found] == [("a", "b")]
    assert found[0].sentence == "documents spread knowledge but practice is what makes it stick for good"


def test_the_same_place_repeating_itself_counts() -> None:
    text = ("Ask early and ask often, before the plan is set in stone. "
            "Ask early and ask often, before the plan is set in stone.")
    assert [(r.first, r.again) for r in repeats([("a", text)])] == [("a", "a")]


def test_short_sentences_and_different_sentences_pass() -> None:
    assert repeats([("a", "Say thank you. Say thank you."),
                    ("b", "Show the line from the task to something larger than the task."),
                    ("c", "Show the line from the task to something smaller than the task.")]) == []


def test_sentences_split_at_ends_and_blank_lines() -> None:
    text = "One two three four five six seven eight.\n\nNine ten eleven twelve thirteen fourteen fifteen sixteen"
    assert [len(words.split()) for words in sentences(text)] == [8, 8]


# Texts from a few words and every character the splitting treats specially, so sentence ends,
# blank lines, punctuation and short runs meet each other and the edges of the texts.
_WORDS = st.sampled_from(["Ask", "early", "the", "plan", "is", "set", ".", "!", "?", ",", "\u2026", "\n",
                          "\n\n", " ", "\u2019", "\u2014", "A.B", "x\n\ny"])
_TEXTS = st.lists(_WORDS, max_size=40).map(" ".join)
_PROSE = st.dictionaries(st.sampled_from(["body", "say", "title", "steps"]),
                         st.one_of(_TEXTS, st.lists(_TEXTS, max_size=3)), max_size=4)


@given(st.lists(_PROSE, max_size=4))
def test_the_sentences_of_a_playbook_are_those_of_each_of_its_texts(entries: list[dict[str, object]]) -> None:
    data = {"patterns": entries, "body": "One two three four five six seven eight"}
    # Split one text at a time: the texts joined must not run into each other.
    expected = [(loc, words) for loc, text in _long_strings(data, ()) for words in sentences(text)]
    assert prose_sentences(data) == expected


def test_the_prose_fields_are_those_the_models_mark_and_the_ones_listed_by_hand_before() -> None:
    assert marked_fields(Playbook, PROSE) == PROSE_FIELDS
    # The list repeats.py held by hand before the models marked their prose.
    assert {"body", "watch_out", "handbook_adds", "instead", "say", "answer", "adds", "steps"} == PROSE_FIELDS


class _Lesson(Strict):
    title: Line = Field(description="A one-liner, which may echo another.")
    moral: Annotated[Text, PROSE] = Field(description="Prose, marked where it is declared.")


class _WithLessons(Playbook):
    lessons: list[_Lesson | Id] = Field(default=[], description="Items of a new kind, by id or defined here.")


def test_a_prose_field_marked_on_a_new_model_is_found_without_a_list_to_edit() -> None:
    assert marked_fields(_WithLessons, PROSE) == PROSE_FIELDS | {"moral"}
    assert "title" not in marked_fields(_WithLessons, PROSE)


def test_a_mark_changes_neither_what_a_field_accepts_nor_how_the_field_reference_names_it() -> None:
    info = Exercise.model_fields["steps"]
    assert type_name(declared(info)) == "list of text"
    assert limits(info) == limits(FieldInfo.from_annotated_attribute(list[Text], Field(max_length=20, min_length=1)))
    assert _Lesson(title="t", moral="  Said once.  ").moral == "Said once."
