"""Where the comment area begins: a "Leave a comment" line inside an article cuts nothing."""
from __future__ import annotations

import pytest

from archive.clean.noise import strip_noise

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
