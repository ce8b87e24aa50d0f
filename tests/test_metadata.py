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


@pytest.mark.parametrize("title, home, url, want", [
    # Sorani, the site named in its own script by its logo: the domain alone cannot tell
    ("ڕووداو - دروێنەی گەنم لە حەسەکە زوو دەستی پێکرد", '<a href="/"><img src="logo.png" alt="ڕووداو"></a>',
     "https://www.rudaw.net/sorani/news/x", "دروێنەی گەنم لە حەسەکە زوو دەستی پێکرد"),
    # Kurmanji, the agency's short name on its home link, first and behind "::"
    ("ANHA :: Dirûna genim li Hesekê zû dest pê kir", '<a href="https://hawarnews.com/">ANHA</a>',
     "https://hawarnews.com/kr/x", "Dirûna genim li Hesekê zû dest pê kir"),
    ("حصاد القمح يبدأ مبكرا في الحسكة « عنب بلدي", '<a href="/">عنب بلدي</a>',
     "https://www.enabbaladi.net/x", "حصاد القمح يبدأ مبكرا في الحسكة"),
    # a home link naming a word of the headline cuts nothing when no separator sets it apart
    ("Syria: Kurds take the town of Manbij", '<a href="/">Syria</a>', "https://a.example/x",
     "Syria: Kurds take the town of Manbij"),
])
def test_the_site_name_its_home_link_gives_is_cut_from_the_title(title, home, url, want):
    raw = (f"<html><head><title>{title}</title></head><body><header>{home}</header>"
           f"<article>{BODY}</article></body></html>").encode()
    assert clean_bytes(raw, url=url, kind=KIND_HTML).title == want


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
    from archive.clean.published import settle_day_month

    assert settle_day_month(found, text) == want


def date_of(raw: bytes, url: str = "https://a.example/news/wheat.html") -> str | None:
    return clean_bytes(raw, url=url, kind=KIND_HTML).date


def test_a_stamp_of_the_last_change_is_never_the_publication_date():
    # og:updated_time is htmldate's fallback before it reads the page's <time> elements
    raw = page('<meta property="og:updated_time" content="2022-01-27T18:34:20+0100">'
               "<title>Wheat harvest comes early in Hasakah</title>",
               '<p class="meta">Published <time datetime="2022-01-26">26 January 2022</time></p>'
               + BODY)
    assert date_of(raw) == "2022-01-26"


def test_a_bare_meta_date_gives_way_to_the_date_the_page_shows():
    # <meta name="date"> is the day the CMS last saved the page; the article shows its own
    raw = page('<meta name="date" content="2022-01-21T15:38:44+01:00">'
               "<title>Wheat harvest comes early in Hasakah</title>",
               '<span class="news-date"><time itemprop="datePublished" datetime="2022-01-27">'
               "27.01.2022</time></span>" + BODY)
    assert date_of(raw) == "2022-01-27"


@pytest.mark.parametrize("other", [
    "",
    # a teaser's date in JSON-LD that the page does not show
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bread queues", '
    '"datePublished": "2020-01-10T16:50:00+00:00"}</script>',
])
def test_a_bare_meta_date_stays_when_the_page_shows_no_other(other):
    raw = page('<meta name="date" content="2022-01-21T15:38:44+01:00">'
               f"<title>Wheat harvest comes early in Hasakah</title>{other}")
    assert date_of(raw) == "2022-01-21"


def test_a_utc_stamp_is_read_on_the_publishers_calendar():
    raw = page("<meta property='article:published_time' content='2023-11-09T02:11:03+00:00'>"
               "<title>Wheat harvest comes early in Hasakah</title>",
               '<time datetime="2023-11-08T21:11:03-05:00" itemprop="datePublished">'
               "November 8, 2023</time>" + BODY)
    assert date_of(raw, "https://a.example/news/wheat/") == "2023-11-08"


@pytest.mark.parametrize("stamp, want", [
    ("2023-10-31T08:47:16+00:00", "2023-10-31"),   # the URL's "/3-questions" is not a day
    ("2023-10-04T01:10:00+00:00", "2023-10-03"),   # a UTC stamp past midnight: the URL's day
])
def test_a_url_day_and_the_pages_stamp_of_the_same_month(stamp, want):
    raw = page(f'<meta property="article:published_time" content="{stamp}">'
               "<title>Three questions on the wheat harvest</title>")
    assert date_of(raw, "https://a.example/2023/10/3-questions-on-wheat/") == want


def test_a_url_without_a_day_does_not_overrule_the_pages_date():
    # htmldate takes the first date meta; the URL's month holds another stamp of the page
    raw = page('<meta name="pubdate" content="2020-01-06">'
               '<meta property="article:published_time" content="2020-01-03T09:48:24Z">'
               "<title>Goats ruled this island</title>")
    assert date_of(raw, "https://a.example/environment/2020/01/goats-ruled-this-island") == "2020-01-06"


def test_the_url_month_stops_a_day_and_month_swap():
    # htmldate reads the markup's 2023-10-03; the page writes "10.03.2023" elsewhere (a
    # photo credit), but the URL says October
    raw = page('<meta property="article:published_time" content="2023-10-03T08:47:16+02:00">'
               "<title>Wheat harvest comes early in Hasakah</title>",
               "<p>Photo taken 10.03.2023 in Hasakah.</p>" + BODY)
    assert date_of(raw, "https://a.example/2023/10/wheat-harvest/") == "2023-10-03"
