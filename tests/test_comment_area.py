"""Where the noise pass stops: the comment area's limits, and lines too long to be chrome."""
from __future__ import annotations

import pytest

from archive.clean.noise import TAIL_MAX_CHARS, strip_noise

PARAGRAPHS = [f"Paragraph {n} of the report on the water supply of Hasakah and its villages."
              for n in range(1, 11)]


@pytest.mark.parametrize("share", [0.3, 0.5, 0.55])
def test_a_comment_heading_in_the_first_part_of_an_article_cuts_nothing(share):
    """A "Leave a comment" line that is not near the end is a stray line, not the comment area."""
    at = round(share * len(PARAGRAPHS))
    body = "\n\n".join(PARAGRAPHS[:at] + ["Leave a comment"] + PARAGRAPHS[at:])
    text, removed = strip_noise(body)
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert [r.reason for r in removed] == ["comment form"]  # the stray line alone


def test_the_comment_area_at_the_end_is_cut_whole():
    comments = ["Dilovan says: thank you for this report", "Reply", "Amina says: the same in Amuda"]
    body = "\n\n".join(PARAGRAPHS + ["Leave a comment"] + comments)
    text, removed = strip_noise(body)
    assert all(paragraph in text for paragraph in PARAGRAPHS)
    assert not any(comment in text for comment in comments)
    assert [r.reason for r in removed] == ["comment area"]


def test_a_heading_on_the_first_line_of_the_last_40_percent_opens_the_comment_area():
    lines = [f"Line {n} of the report on the water supply." for n in range(12)]
    lines += ["Leave a comment"] + [f"Reader {n}: thank you." for n in range(7)]  # 13th of 20
    text, removed = strip_noise("\n".join(lines))
    assert text.splitlines() == lines[:12]
    assert [r.reason for r in removed] == ["comment area"]


def test_a_long_text_after_a_late_heading_is_judged_line_by_line():
    """More than TAIL_MAX_CHARS after the heading is read comments or article text, not a
    comment form: only the chrome lines go."""
    sentence = "the council discussed the water supply again."
    long_paragraphs = [f"Paragraph {n}: " + " ".join([sentence] * 8) for n in range(6)]
    body = "\n\n".join(PARAGRAPHS + ["Leave a comment"] + long_paragraphs)
    text, removed = strip_noise(body)
    assert all(paragraph in text for paragraph in PARAGRAPHS + long_paragraphs)
    assert [r.reason for r in removed] == ["comment form"]


def test_a_late_stray_heading_does_not_hide_the_comment_area_after_it():
    lines = [f"Line {n} of the report on the water supply." for n in range(30)]
    lines.insert(5, "Leave a comment")  # a stray line early on
    comments = ["Leave a comment", "Dilovan: thank you.", "Amina: the same in Amuda."]
    text, removed = strip_noise("\n".join(lines + comments))
    assert text.splitlines() == lines[:5] + lines[6:]
    assert [r.reason for r in removed] == ["comment area", "comment form"]


def exact(prefix: str, length: int) -> str:
    return prefix + "." * (length - len(prefix))


@pytest.mark.parametrize("extra, cut", [(0, True), (1, False)])
def test_the_comment_area_holds_at_most_tail_max_chars(extra, cut):
    article = [f"Line {n} of the report on the water supply." for n in range(10)]
    comments = [exact(f"Reader {n} says the water came back on Tuesday", 296) for n in range(5)]
    comments[-1] += "." * extra
    tail = ["Leave a comment"] + comments
    assert len("\n".join(tail)) == TAIL_MAX_CHARS + extra
    text, removed = strip_noise("\n".join(article + tail))
    assert text.splitlines() == (article if cut else article + comments)
    if cut:  # what --explain shows of it: its first 200 characters
        assert [(r.reason, len(r.text)) for r in removed] == [("comment area", 200)]


@pytest.mark.parametrize("length, removed", [(200, True), (201, False)])
def test_a_line_over_200_characters_is_never_chrome(length, removed):
    note = exact("Editor's note: this report was updated on Tuesday with the council's answer", length)
    text, removals = strip_noise(f"First paragraph of the report.\n\n{note}\n\nLast paragraph.")
    assert (note not in text) == removed
    assert [r.reason for r in removals] == (["comment form"] if removed else [])
