"""Site furniture around an article, in English, Arabic, Sorani and Kurmanji, does not reach the text."""
from __future__ import annotations

import pytest

from archive.clean import clean_bytes
from archive.clean.noise import strip_noise
from archive.model import KIND_HTML

ARTICLE = ("<p>Farmers in the countryside of Hasakah brought in the wheat harvest early this year "
           "because of the heat, the local council said on Sunday.</p>"
           "<p>The silos of the city were already full by the end of May, and traders from Qamishli "
           "came to buy what was left at the price the council had set.</p>"
           "<p>The council expects next year's harvest to be smaller if the rains fail again in the "
           "spring, as they did in the north-east of the country.</p>")


@pytest.mark.parametrize("line", [
    "Tags: Syria, Hasakah, wheat", "الوسوم: سوريا، الحسكة", "تاگەکان: سووریا، حەسەکە",
    "Etîket: Sûriye, Hesekê", "Print | Email", "طباعة | أرسل لصديق", "چاپکردن", "çap bike",
    "Sign up for our daily newsletter", "اشترك في النشرة البريدية لتصلك آخر الأخبار",
    "Subscribe to continue reading", "هذا المحتوى للمشتركين فقط", "View results",
    "استطلاع رأي", "Read more: Water cut in Qamishli again", "اقرأ أيضاً: انقطاع المياه في القامشلي",
    "هەروەها بخوێنەوە: بڕینی ئاو لە قامشلۆ", "Herwiha bixwîne: Ava Qamişlo hat birîn", "Read also",
])
def test_furniture_lines_are_removed(line):
    text, removed = strip_noise(f"The council met on Sunday.\n{line}\nIt agreed on a price.")
    assert line not in text and "It agreed on a price." in text
    assert removed and removed[0].text == line


@pytest.mark.parametrize("sentence", [
    "The vote was held on Sunday and the results were announced on Monday.",
    "Print media in the region has suffered since the war began.",
    "Tags on the boxes showed that the aid came from Erbil.",
    "Read more about the harvest in the council's report, the mayor told farmers.",
    "اقرأ أيضا ما كتبه المجلس عن الحصاد في تقريره الأخير قبل أن تقرر.",
])
def test_article_sentences_that_mention_furniture_words_stay(sentence):
    text, _ = strip_noise(sentence)
    assert text == sentence


@pytest.mark.parametrize("block", [
    '<div class="wp-polls"><p>Should the council buy the harvest?</p><ul><li>Yes</li><li>No</li></ul></div>',
    '<div class="subscription-prompt"><p>Subscribe today to read every story from the countryside.</p></div>',
    '<ol class="commentlist"><li><div class="comment-body"><p>Great reporting, thanks to the '
    'journalists who went there.</p></div></li></ol>',
    '<div class="comments"><div class="comment-content"><p>The farmers deserve better prices '
    'from the council, shame on them.</p></div></div>',
    '<h3>More news</h3><ul><li><a href="/a">Water cut in Qamishli again</a></li>'
    '<li><a href="/b">Bread queues in Raqqa</a></li></ul>',
    '<h3>آخر الأخبار</h3><ul><li><a href="/a">انقطاع المياه في القامشلي</a></li></ul>',
    '<h3>هەواڵی تر</h3><ul><li><a href="/a">بڕینی ئاو لە قامشلۆ</a></li></ul>',
    '<h3>Nûçeyên din</h3><ul><li><a href="/a">Ava Qamişlo hate birîn</a></li></ul>',
])
def test_furniture_blocks_are_pruned(block):
    """Each block is cut whole, whatever its language."""
    raw = f"<html><body><article><h1>Wheat harvest</h1>{ARTICLE}{block}</article></body></html>"
    article = clean_bytes(raw.encode(), url="https://a.example/x", kind=KIND_HTML)
    assert "the price the council had set" in article.text
    for word in ("council buy", "Subscribe today", "Great reporting", "deserve better",
                 "Water cut", "انقطاع", "بڕینی", "Ava Qamişlo"):
        assert word not in article.text


def test_article_marked_paywall_is_the_article():
    """Sites put class="paywall" on the paid text itself: it is kept."""
    aside = "".join(f'<li><a href="/n/{n}">Other news from the region, story number {n} of the '
                    "day, with a long headline about water and bread</a></li>" for n in range(12))
    raw = (f'<html><body><article><h1>Wheat harvest</h1><div class="paywall">{ARTICLE}</div>'
           f"</article><aside><ul>{aside}</ul></aside></body></html>")
    article = clean_bytes(raw.encode(), url="https://a.example/x", kind=KIND_HTML)
    assert "the price the council had set" in article.text
