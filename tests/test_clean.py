"""The cleaner, as a user of `khabar clean` / `khabar add` sees it: real files, real extractors."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from archive.clean import clean, clean_bytes
from archive.clean.encoding import decode
from archive.clean.language import detect
from archive.clean.noise import strip_noise
from archive.model import KIND_HTML, KIND_RECORD, KIND_TEXT, Capture, CleanError
from tests.conftest import SEED

REPO = Path(__file__).resolve().parents[1]
TRUTH = REPO / "bench/cleaning/truth.json"


@pytest.fixture(scope="module")
def seed_article():
    return clean(Capture(url="https://aranews.net/2016/06/hasakah-turmoil/", raw=SEED.read_bytes(),
                         kind=KIND_TEXT, source_file=str(SEED)))


def test_seed_metadata(seed_article):
    assert seed_article.title == ("Hasakah in turmoil as violence intensifies between "
                                  "pro-Assad forces and ISIS")
    assert seed_article.author == "Aynur Muhammad"
    assert seed_article.source == "ARA News"
    assert seed_article.place == "Hasakah, Syria"
    assert seed_article.lang == "en"


def test_seed_caption_is_kept_apart(seed_article):
    assert any(c.endswith("File photo") and "makeshift oil refinery" in c
               for c in seed_article.captions)
    assert "makeshift oil refinery" not in seed_article.text


def test_seed_keeps_every_paragraph_and_quote(seed_article):
    lines = SEED.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Hasakah, Syria"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Reporting by:"))
    paragraphs = [line.strip() for line in lines[start:end] if line.strip()]
    assert len(paragraphs) >= 9
    body = " ".join(seed_article.text.split())
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in body
    assert seed_article.text.count("“") >= 4  # the quotes


def test_seed_drops_everything_after_source(seed_article):
    text = seed_article.text
    for noise in ("Leave a comment", "3 + ten =", "Reporting by", "Source:"):
        assert noise not in text
    assert text.rstrip().endswith("without causing any casualties.")
    reasons = {r.reason for r in seed_article.removed}
    assert reasons  # --explain has something to show


CAPTCHAS = [
    "3 + ten =", "3 + = ten", "seven − 2 =", "4 × five =", "٣ + خمسة =", "سێ + ٤ =",
    "çar + 3 =", "What is three plus 8?", "five7four1eight", "۶ - ۲ =", "nine + ٧ =",
    "ثلاثة × ۲ =", "Math question", "twelve + 3 = ?",
]


@pytest.mark.parametrize("captcha", CAPTCHAS)
def test_captcha_shapes_are_removed(captcha):
    body = ("The council met in Qamishli on Monday to discuss the water supply.\n\n"
            f"Leave a Reply\n\n{captcha}\n\nThe meeting ended without a decision.")
    text, removed = strip_noise(body)
    assert captcha not in text
    assert "The meeting ended without a decision." in text
    assert any(captcha.strip() in r.text for r in removed)


@pytest.mark.parametrize("sentence", [
    "The children solved 3 + 4 = 7 on the board",
    # a paragraph may open with a sum: only a line that is nothing but one is a captcha
    "3 + 4 = 7 was the sum the teacher wrote on the board before the shelling began.",
    "٣ + ٤ = ٧ كتبها المعلم على السبورة قبل القصف.",
    "seven − 2 = 5, the children chanted in the rebuilt school of Kobani.",
    "Prices rose 2 + 3 = 5 percent over two years, the ministry said.",
    "Ten families returned to the village on Sunday.",
    "What is next for the displaced families of Hasakah?",
])
def test_article_arithmetic_and_questions_survive(sentence):
    text, _ = strip_noise(f"First paragraph of the report.\n\n{sentence}\n\nLast paragraph.")
    assert sentence in text


@pytest.mark.parametrize("chrome", [
    "Your email address will not be published. Required fields are marked *",
    "Δ", "Leave a comment", "اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.",
    "لێدوان بنووسە", "Şîroveyekê binivîse",
])
def test_comment_chrome_lines_are_removed(chrome):
    text, _ = strip_noise(f"A long first paragraph about the town.\n\n{chrome}\n\nMore text here.")
    assert chrome not in text


WORDPRESS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Water returns to Qamishli after two weeks | Rojava Daily</title>
<meta property="og:site_name" content="Rojava Daily">
<meta property="article:published_time" content="2016-06-23T10:00:00+00:00">
<meta property="article:modified_time" content="2016-07-02T10:00:00+00:00">
<meta name="author" content="Jiyan Ehmed">
</head><body>
<nav class="breadcrumbs"><a href="/">Home</a> » <a href="/news">News</a></nav>
<article><h1>Water returns to Qamishli after two weeks</h1>
<figure><img src="a.jpg"><figcaption>Residents fill tanks in Qamishli. File photo</figcaption></figure>
<p>QAMISHLI — Running water returned on Thursday to most neighbourhoods of Qamishli after a
two-week cut that forced families to buy water from private tankers, local officials said.</p>
<p>“We repaired the main pipe near the station,” an engineer of the water directorate told
reporters, adding that the southern districts would follow by the weekend.</p>
<p>The children solved 3 + 4 = 7 on the board while the schools stayed open during the cut.</p>
<p>Residents said the price of a tanker load had doubled during the outage and many families
had rationed drinking water for days.</p>
<div class="sharedaddy"><h3>Share this:</h3><a href="#">Twitter</a><a href="#">Facebook</a></div>
<div id="jp-relatedposts"><h3>Related</h3><a href="/x">Power cuts in Amuda</a></div>
<span class="tags-links">Tags: <a rel="tag" href="/t/water">water</a></span>
</article>
<div id="comments"><h3>Leave a Reply</h3>
<form action="https://example.org/wp-comments-post.php" id="commentform">
<p>Your email address will not be published. Required fields are marked *</p>
<p class="math-captcha-form"><label>Math Captcha</label> 3 + ten = <input name="mc-value"></p>
<p class="akismet_comment_form_privacy_notice">This site uses Akismet to reduce spam.</p>
</form></div>
<div class="cookie-notice">We use cookies. <a href="#">Accept</a></div>
</body></html>"""


def test_wordpress_page_is_cleaned():
    article = clean(Capture(url="https://rojavadaily.example/2016/06/23/water-qamishli/",
                            raw=WORDPRESS_PAGE.encode("utf-8"), kind=KIND_HTML,
                            source_file="page.html"))
    assert article.title == "Water returns to Qamishli after two weeks"
    assert article.date == "2016-06-23"  # the published date, not the modified one
    assert article.author == "Jiyan Ehmed"
    assert article.source == "Rojava Daily"
    assert article.place == "Qamishli"
    assert article.lang == "en"
    assert "Running water returned on Thursday" in article.text
    assert "We repaired the main pipe" in article.text
    assert "The children solved 3 + 4 = 7 on the board" in article.text
    for noise in ("Leave a Reply", "3 + ten", "Akismet", "Share this", "Power cuts in Amuda",
                  "cookies", "Your email address", "File photo"):
        assert noise not in article.text
    assert any("Residents fill tanks" in c for c in article.captions)
    reasons = {r.reason for r in article.removed}
    assert {"comment section", "share buttons", "related posts"} <= reasons


def test_form_wrapping_the_whole_page_is_kept():
    paragraphs = "".join(f"<p>Paragraph {i} of the report from Hasakah about the aid convoy "
                         f"that reached the camp on Tuesday morning.</p>" for i in range(8))
    page = (f"<html><body><form id='aspnetForm' action='/page.aspx'><article><h1>Aid convoy "
            f"reaches Hol camp</h1>{paragraphs}</article></form></body></html>")
    article = clean_bytes(page.encode(), url="https://example.org/a")
    assert "Paragraph 7 of the report" in article.text


ARABIC = ("الحسكة – قالت مصادر محلية إن المياه عادت إلى أحياء مدينة القامشلي يوم الخميس بعد انقطاع "
          "دام أسبوعين، وأكد مسؤولون في مديرية المياه أن الإصلاحات شملت الخط الرئيسي.")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1256", "iso8859-6"])
def test_arabic_page_in_any_encoding(encoding):
    page = f"<html><body><article><h1>عودة المياه</h1><p>{ARABIC}</p><p>{ARABIC}</p></article></body></html>"
    if encoding == "iso8859-6":
        page = page.replace("–", "-")  # ISO-8859-6 has no en dash
    article = clean_bytes(page.encode(encoding), url="https://example.org/ar")
    assert "القامشلي" in article.text
    assert article.lang == "ar"
    assert article.place == "الحسكة"


def test_kurmanji_cp1254_and_mojibake_are_repaired():
    kurmanji = "Şervanên li Qamişlo ji bo çêkirina avahiyê kar dikin û dibêjin ku ew ê zû biqedînin."
    assert decode(kurmanji.encode("cp1254"))[0] == kurmanji
    mojibake = ARABIC.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode(mojibake)[0] == ARABIC
    sorani = "ئەمڕۆ\u200cش لە کۆبانێ"
    assert decode(sorani.encode("utf-8"))[0] == sorani  # ZWNJ kept


@pytest.mark.parametrize("text, lang", [
    ("The water directorate said the pipe was repaired and the supply restored to the town.", "en"),
    (ARABIC, "ar"),
    ("ئاو گەڕایەوە بۆ گەڕەکەکانی شاری قامشلۆ دوای دوو هەفتە لە بڕینی، بەپێی بەرپرسانی ناوچەکە.", "ckb"),
    ("Av piştî du hefteyan vegeriya taxên bajarê Qamişlo, li gorî berpirsên herêmê ku dibêjin.", "kmr"),
    ("Le conseil municipal a décidé de rouvrir la station de pompage dans la ville.", "fr"),
])
def test_language_is_told_apart(text, lang):
    assert detect(text) == lang


def test_json_record_keeps_given_fields_and_fills_the_rest():
    record = {"url": "https://example.org/2019/10/12/kobani", "title": "Kobani market reopens",
              "text": "KOBANI — The covered market of Kobani reopened on Saturday after "
                      "repairs, traders said.\n\nLeave a comment\n\n4 × five =",
              "source": "North Press"}
    article = clean(Capture(url=record["url"], raw=json.dumps(record).encode(), kind=KIND_RECORD,
                            source_file="x.jsonl"))
    assert article.title == "Kobani market reopens"
    assert article.source == "North Press"
    assert article.date == "2019-10-12"
    assert article.place == "Kobani"
    assert "4 × five" not in article.text and "Leave a comment" not in article.text
    assert "The covered market of Kobani reopened" in article.text


def test_empty_input_is_not_an_article():
    with pytest.raises(CleanError):
        clean_bytes(b"   \n", url="empty.txt")


def _bench_module():
    spec = importlib.util.spec_from_file_location("extraction_bench", REPO / "bench/extraction_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not TRUTH.exists(), reason="bench/cleaning/truth.json not written yet")
def test_project_pages_meet_their_ground_truth():
    results = _bench_module().score_truth_pages(TRUTH)
    assert len(results["pages"]) >= 1
    failures = [p for p in results["pages"] if p["missing"] or p["leaked"]]
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:4000]
    for field in ("title", "date", "author", "lang"):
        assert results["accuracy"][field] >= 0.95, (field, results["wrong"][field][:10])


DUMP_BODY = [
    "Hasakah, Syria – Farmers in the countryside of Hasakah brought in the wheat harvest early "
    "this year because of the heat.",
    "The local council said that the silos of the city were already full by the end of May.",
    "“We sold everything at the price the council set,” said one farmer from the village of Tal Tamr.",
]


@pytest.mark.parametrize("header", [
    "Source: ARA News\nBy Aynur Muhammad\n2016-06-14",
    "ARA News\nSource: ARA News\nPublished: 14 June 2016",
    "By Aynur Muhammad\nSource: ARA News",
])
def test_dump_with_source_at_the_top_keeps_its_body(header):
    dump = "Wheat harvest comes early in Hasakah\n" + header + "\n\n" + "\n\n".join(DUMP_BODY)
    article = clean_bytes(dump.encode(), url="dump.txt", kind=KIND_TEXT)
    assert article.title == "Wheat harvest comes early in Hasakah"
    assert article.source == "ARA News"
    for paragraph in DUMP_BODY:
        assert paragraph in article.text
    assert "Source:" not in article.text


def test_source_line_inside_a_dump_cuts_only_furniture():
    dump = ("Wheat harvest comes early in Hasakah\n\n" + DUMP_BODY[0] + "\n\nSource: ARA News\n\n"
            + "\n\n".join(DUMP_BODY[1:]) + "\n\nSource: ARA News\nHome\nPolitics\nMost read stories")
    article = clean_bytes(dump.encode(), url="dump.txt", kind=KIND_TEXT)
    for paragraph in DUMP_BODY:
        assert paragraph in article.text
    assert "Most read stories" not in article.text and "Source:" not in article.text


def test_credit_block_after_the_furniture_still_names_the_author():
    dump = ("Wheat harvest comes early in Hasakah\n\n" + "\n\n".join(DUMP_BODY)
            + "\n\nSource: ARA News\nHome\nPolitics\n\nBy Aynur Muhammad\n2016-06-14")
    article = clean_bytes(dump.encode(), url="dump.txt", kind=KIND_TEXT)
    assert article.author == "Aynur Muhammad"
    assert "Politics" not in article.text and DUMP_BODY[-1] in article.text


def test_page_full_of_nul_bytes_is_rejected_with_its_reason():
    raw = b"<html><head><title>abc</title></head><body><p>" + b"\x00" * 4000 + b"</p></body></html>"
    with pytest.raises(CleanError, match=r"junk\.html: not an article: .*control"):
        clean_bytes(raw, url="junk.html", kind=KIND_HTML)


def test_control_characters_never_reach_title_or_text():
    page = ("<html><head><title>Market\x07 reopens\x00 in Kobani</title></head><body><article>"
            "<h1>Market\x07 reopens\x00 in Kobani</h1><p>" + " ".join(DUMP_BODY) + "\x1b[31m</p>"
            "</article></body></html>")
    for kind, raw in ((KIND_HTML, page.encode()),
                      (KIND_TEXT, ("Market\x07 reopens\x00 in Kobani\n\n" + "\n\n".join(DUMP_BODY)
                                   + "\x1b[2J").encode())):
        article = clean_bytes(raw, url="page", kind=kind)
        for value in (article.title, article.text):
            assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in value), (kind, value)
        assert article.title == "Market reopens in Kobani"


@pytest.mark.parametrize("opening", ["<style>body{color:red}</style>", "<script>var a=1;</script>"])
def test_pages_opening_with_style_or_script_are_html(opening):
    page = (opening + "<title>Water cut in Qamishli</title><div>" + "<br>".join(DUMP_BODY)
            + "</div>")
    article = clean_bytes(page.encode(), url="page.html")
    assert article.title == "Water cut in Qamishli"
    assert "<style>" not in article.text and "var a" not in article.text


def test_ruby_readings_do_not_stay_inline():
    """Both extractors read the pruned page: the readings must be gone from it."""
    from archive.clean.extract import parse
    from archive.clean.structure import prune

    ruby = "<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>"
    sentence = ruby + "は中国から伝わった文字で、新聞の記事にも多くの" + ruby + "が使われています。"
    tree = parse("<html><body><article><p>" + sentence + "</p></article></body></html>")
    prune(tree)
    assert tree.text_content() == "漢字は中国から伝わった文字で、新聞の記事にも多くの漢字が使われています。"


def test_page_swallowed_by_a_stray_noscript_keeps_its_article():
    """`<noscript><div></noscript>` leaves the div open: the parser puts the page inside it."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in DUMP_BODY)
    page = ("<html><head><title>Wheat harvest comes early</title></head><body><noscript>"
            f"<div id='nojs'></noscript><div id='main'><div class='text'>{body}</div></div></body></html>")
    article = clean_bytes(page.encode(), url="https://a.example/x", kind=KIND_HTML)
    for paragraph in DUMP_BODY:
        assert paragraph in article.text


def test_a_page_of_links_is_not_an_article():
    links = "".join(f'<li><a href="/news/{n}">Farmers in Amuda count losses {n}</a></li>' for n in range(8))
    page = f"<html><head><title>Syria | Observer</title></head><body><h1>Syria</h1><ul>{links}</ul></body></html>"
    with pytest.raises(CleanError, match="no article text found"):
        clean_bytes(page.encode(), url="https://a.example/category/syria/", kind=KIND_HTML)


@pytest.mark.parametrize("codec, text", [
    ("iso-8859-6", "الحسكة"),         # read as cp1256 it turned into another word (انحسمة)
    ("windows-1251", "Камышлы"),      # read as cp1254 it was Latin mojibake
    ("koi8-r", "Вода в Камышлы"),
])
def test_an_xml_declaration_names_the_encoding_of_a_page_without_meta(codec, text):
    raw = (f'<?xml version="1.0" encoding="{codec}"?>\n'
           f"<html><body><p>{text}</p></body></html>").encode(codec)
    decoded, _ = decode(raw)
    assert f"<p>{text}</p>" in decoded


# Scripts written without spaces between words: a sentence is one "word" to str.split.
UNSPACED_DUMPS = {
    "ja": ("新しい図書館が開館\n\n市は土曜日、駅前に新しい図書館を開館したと発表した。"
           "館内には約三万冊の本が並び、子ども向けの読書室も設けられた。\n\n"
           "館長は、多くの市民に利用してほしいと話した。", "子ども向けの読書室"),
    "zh": ("新图书馆开放\n\n市政府星期六宣布，火车站附近的新图书馆正式开放。"
           "馆内约有三万册图书，还设有儿童阅览室。\n\n馆长表示，希望更多市民来这里读书。",
           "儿童阅览室"),
}


@pytest.mark.parametrize("language", sorted(UNSPACED_DUMPS))
def test_a_dump_in_a_script_without_spaces_keeps_its_body(language):
    dump, phrase = UNSPACED_DUMPS[language]
    article = clean_bytes(dump.encode(), url="dump.txt", kind=KIND_TEXT)
    assert phrase in article.text and article.title == dump.split("\n", 1)[0]
