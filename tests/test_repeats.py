"""Said twice: the pure part of the check, on inputs of its own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handbook.check.repeats import _long_strings, prose_sentences, repeats, sentences


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
