"""Title, author and date of pages whose templates nobody here wrote."""
from __future__ import annotations

import pytest

from archive.clean import clean_bytes
from archive.clean.metadata import byline, clean_title
from archive.model import KIND_HTML

BODY = ("<p>Farmers in the countryside of Hasakah brought in the wheat harvest early this year "
        "because of the heat, the local council said on Sunday.</p>"
        "<p>The silos of the city were already full by the end of May, and traders from Qamishli "
        "came to buy what was left at the price the council had set.</p>")


def page(head: str, body: str = BODY) -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


@pytest.mark.parametrize("title, site, url", [
    ("ARA News :: Wheat harvest comes early in Hasakah", "ARA News", None),
    ("Wheat harvest comes early in Hasakah | ARA News", None, None),
    ("Wheat harvest comes early in Hasakah - ARA News", "ARA News", None),
    ("ARA News - Wheat harvest comes early in Hasakah", None, "https://aranews.net/2016/06/x/"),
    ("Rudaw » Wheat harvest comes early in Hasakah", None, "https://www.rudaw.net/english/x"),
])
def test_site_name_is_cut_from_the_title_wherever_it_stands(title, site, url):
    assert clean_title(title, site, url) == "Wheat harvest comes early in Hasakah"


@pytest.mark.parametrize("title, site", [
    ("حصاد القمح يبدأ مبكرا في الحسكة | روداو", "روداو"),
    ("روداو - حصاد القمح يبدأ مبكرا في الحسكة", "روداو"),
])
def test_arabic_titles_lose_the_site_name(title, site):
    assert clean_title(title, site) == "حصاد القمح يبدأ مبكرا في الحسكة"


def test_headline_with_a_colon_stays_whole():
    assert clean_title("Syria: Kurds take the town of Manbij", None) == "Syria: Kurds take the town of Manbij"


def test_og_title_that_is_only_the_site_name_gives_way_to_the_headline():
    raw = page('<meta property="og:title" content="ARA News">'
               '<meta property="og:site_name" content="ARA News">'
               "<title>Wheat harvest comes early in Hasakah | ARA News</title>")
    article = clean_bytes(raw, url="https://aranews.net/2016/06/wheat/", kind=KIND_HTML)
    assert article.title == "Wheat harvest comes early in Hasakah"


@pytest.mark.parametrize("line, name", [
    ("By Aynur Muhammad", "Aynur Muhammad"),
    ("بقلم: أحمد علي", "أحمد علي"),
    ("كتب: أحمد علي", "أحمد علي"),
    ("نووسینی: ئازاد محەمەد", "ئازاد محەمەد"),
    ("Nivîskar: Şêrîn Hesen", "Şêrîn Hesen"),
    ("ji aliyê Şêrîn Hesen ve hatiye nivîsîn", "Şêrîn Hesen"),
    ("Ji aliyê Şêrîn Hesen ve", "Şêrîn Hesen"),
    ("By Jon Porter@JonPorty Jul 3, 2019, 4:22am EDT", "Jon Porter"),
    ("By April Roach; Daniel O'Mahony", "April Roach; Daniel O'Mahony"),
])
def test_bylines_in_four_languages(line, name):
    assert byline(line) == name


@pytest.mark.parametrize("author", ["ARA News", "admin", "Editorial Team", "المحرر"])
def test_site_or_section_is_never_the_author(author):
    raw = page(f'<meta name="author" content="{author}"><meta property="og:site_name" content="ARA News">'
               "<title>Wheat harvest comes early in Hasakah</title>")
    article = clean_bytes(raw, url="https://aranews.net/2016/06/wheat/", kind=KIND_HTML)
    assert article.author is None


def test_author_from_json_ld_and_rel_author():
    json_ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Wheat harvest",'
               ' "author": {"@type": "Person", "name": "Aynur Muhammad"}}</script>')
    article = clean_bytes(page(json_ld + "<title>Wheat harvest</title>"), url="https://a.example/x",
                          kind=KIND_HTML)
    assert article.author == "Aynur Muhammad"
    rel = page("<title>Wheat harvest</title>",
               '<p class="meta">Posted by <a rel="author" href="/author/jane">Jane Doe</a></p>' + BODY)
    assert clean_bytes(rel, url="https://a.example/x", kind=KIND_HTML).author == "Jane Doe"


@pytest.mark.parametrize("text, evidence, want", [
    ("05.10.2016", "", "2016-10-05"),            # dotted: day first
    ("25/10/2016", "", "2016-10-25"),            # only one reading is a date
    ("10/25/2016", "", "2016-10-25"),
    ("05/10/2016", "Updated 12/25/2016", "2016-05-10"),   # the page writes month first
    ("05/10/2016", "Updated 25/12/2016", "2016-10-05"),   # the page writes day first
    ("05/10/2016", "", None),                    # nothing settles it: no guess
])
def test_numeric_dates_are_read_from_the_pages_evidence(text, evidence, want):
    from archive.clean.metadata import parse_date

    assert parse_date(text, evidence=evidence) == want


def test_dump_date_that_reads_both_ways_is_settled_by_the_dump():
    body = "\n\n".join(["The council met on Sunday in Qamishli to agree on the price of wheat for "
                        "the coming season.", "Its next meeting, the council said, is set for 12/20/2016."])
    dump = f"Wheat price agreed in Qamishli\nBy Jane Doe\n05/10/2016\n\n{body}"
    article = clean_bytes(dump.encode(), url="dump.txt", kind="text")
    assert article.date == "2016-05-10"
    assert "05/10/2016" not in article.text


def test_markup_date_read_the_wrong_way_round_is_settled_by_the_page_text():
    raw = page('<meta name="date" content="11/01/2023 12:43:42"><title>Trinkwasser belastet</title>',
               "<p>Erstellt am: 01.11.2023</p>" + BODY)
    assert clean_bytes(raw, url="https://a.example/news/43157.html", kind=KIND_HTML).date == "2023-11-01"


def test_a_spaced_dotted_date_is_day_first():
    # "4. 2. 2022" (German: 4 February), thin-spaced: htmldate's parser reads it as 2 April
    raw = page("<title>Davis Cup: Kohlmann nominiert zwei Neulinge</title>",
               '<div class="att-publish-date">Von <span>Deutscher Tennis Bund</span> '
               "4.&thinsp;2.&thinsp;2022.</div>" + BODY)
    assert clean_bytes(raw, url="https://a.example/news/kader.html", kind=KIND_HTML).date == "2022-02-04"


@pytest.mark.parametrize("found, text, want", [
    ("2023-01-11", "am 11.01.2023", "2023-01-11"),          # the page agrees
    ("2023-01-11", "01.11.2023 und 11.01.2023", "2023-01-11"),  # both written: no change
    ("2023-01-11", "", "2023-01-11"),                      # no evidence: no change
    ("2023-01-25", "01.25.2023", "2023-01-25"),            # cannot be swapped
])
def test_day_and_month_are_exchanged_only_on_evidence(found, text, want):
    from archive.clean.metadata import settle_day_month

    assert settle_day_month(found, text) == want
