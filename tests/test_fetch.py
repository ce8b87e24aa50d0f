"""`khabar fetch` against a real HTTP server on 127.0.0.1: a small news site with a feed,
sitemaps, robots.txt, a rate limit, a redirect, a missing page and a page too slow to wait for."""
from __future__ import annotations

import gzip
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from archive.fetch import FetchOptions, Seeds, fetch_into_archive
from archive.location import database_path
from archive.store import Store
from cli.fetch import fetch
from cli.main import cli
from indexer.whoosh_engine import open_engine
from tests.conftest import parsed

if "fetch" not in cli.commands:  # the lead registers it in cli/main.py
    cli.add_command(fetch)

ARTICLE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Rojava Observer</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Rojava Observer">
<meta property="article:published_time" content="{date}T09:30:00+03:00">
<meta name="author" content="{author}">
</head><body>
<header><a href="/">Rojava Observer</a>
<nav><a href="/category/syria/">Syria</a> <a href="/tag/water/">Water</a>
<a href="/login">Log in</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author} · <time datetime="{date}">{date}</time></p>
{body}
</article>
<aside><h3>Share this</h3><a href="https://twitter.com/intent/tweet">Tweet</a></aside>
</main>
<footer>© 2024 Rojava Observer · <a href="/about">About us</a> · <a href="/contact">Contact</a></footer>
</body></html>
"""

STORIES = {
    "/news/alouk-water-station": ("en", "Alouk water station stops pumping again", "Aynur Muhammad",
        "2024-05-02", [
        "HASAKAH — The Alouk water station, which supplies nearly a million people in Hasakah "
        "province, stopped pumping on Monday for the third time this year, local officials said.",
        "Engineers from the water directorate said the electricity line feeding the station from "
        "Ras al-Ain had been cut overnight, leaving the pumps idle and the reservoirs emptying.",
        "Families in the Tal Hajar and Ghweiran neighbourhoods said they were buying water from "
        "private tankers at five times last year's price, a cost many could not afford.",
        "Aid agencies warned that the shortage raised the risk of disease in the summer heat and "
        "called on all sides to keep the station out of the conflict."]),
    "/news/qamishli-bakery": ("en", "Qamishli bakeries cut hours as flour runs short", "Baran Ali",
        "2024-05-03", [
        "QAMISHLI — Bakeries across Qamishli shortened their opening hours this week after "
        "deliveries of subsidised flour fell by almost half, bakers told reporters.",
        "Queues formed before dawn outside the bakery on Munir Habib street, where residents said "
        "they waited up to three hours for a bundle of bread.",
        "The local economy committee said a shipment of wheat from the Derik silos was delayed by "
        "fuel shortages and promised that normal hours would return within ten days."]),
    "/news/kobani-rebuilding": ("en", "Kobani school reopens ten years after the siege", "Rojda Sheikho",
        "2024-05-04", [
        "KOBANI — A primary school destroyed during the 2014 siege of Kobani reopened its doors on "
        "Sunday, welcoming more than four hundred pupils to rebuilt classrooms.",
        "Teachers said many of the children had studied in tents and half-ruined houses for years, "
        "and that the new building finally had heating, windows and a library.",
        "The reconstruction was paid for by families from the town living in Europe, who collected "
        "donations over two years, the school's headmaster said."]),
    "/news/derik-olive-harvest": ("en", "Derik olive farmers count losses after a dry winter",
        "Hevi Mustafa", "2024-05-05", [
        "DERIK — Olive farmers around Derik expect their smallest harvest in a decade after a "
        "winter with almost no rain, the agricultural union said on Tuesday.",
        "Many trees on the hills towards the Tigris shed their blossoms in April, and farmers said "
        "they could not afford to water the groves from wells as diesel prices climbed.",
        "The union asked the local administration to delay loan repayments for the season."]),
    "/news/amuda-harvest": ("en", "Amuda farmers bring in an early wheat harvest", "Baran Ali",
        "2024-05-06", [
        "AMUDA — Farmers around Amuda began cutting wheat two weeks earlier than usual this year "
        "because of the heat, the agricultural committee said.",
        "Combine harvesters worked through the night to save fields threatened by fires, which "
        "burned hundreds of hectares near the Turkish border last summer.",
        "The committee said it would buy the crop at a fixed price announced before the season."]),
    "/news/الحسكة-مياه": ("ar", "انقطاع المياه عن مدينة الحسكة للمرة الثالثة", "آينور محمد",
        "2024-05-07", [
        "الحسكة — توقفت محطة مياه علوك التي تغذي نحو مليون شخص في محافظة الحسكة عن الضخ يوم "
        "الاثنين للمرة الثالثة هذا العام بحسب مسؤولين محليين.",
        "وقال مهندسون في مديرية المياه إن خط الكهرباء الذي يغذي المحطة قطع ليلاً ما أدى إلى "
        "توقف المضخات وتناقص المخزون في الخزانات.",
        "وقالت عائلات في حي تل حجر إنها تشتري المياه من الصهاريج الخاصة بأسعار مضاعفة."]),
    "/private/leak": ("en", "Leaked memo on Hasakah water contracts", "Staff", "2024-05-01", [
        "HASAKAH — A memo seen by this newspaper describes the water contracts in detail, and "
        "this page is one that the site asks robots not to fetch.",
        "It should never be requested by a polite crawler that reads robots.txt first."]),
    "/news/old-story": ("en", "Hasakah council meets on water in 2019", "Staff", "2019-03-01", [
        "HASAKAH — The council met to discuss the water supply in a story from 2019 that a "
        "sitemap lists with an old date, so --since leaves it out.",
        "Members agreed to study the problem again in the spring."]),
}


def article_html(path: str, edition: int = 1) -> bytes:
    lang, title, author, date, paragraphs = STORIES[path]
    if edition > 1:
        paragraphs = paragraphs + [f"Update {edition}: officials said pumping resumed on Thursday "
                                   "after repairs to the electricity line near Ras al-Ain."]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return ARTICLE.format(lang=lang, title=title, author=author, date=date, body=body).encode()


def rss(base: str) -> bytes:
    items = [("/news/alouk-water-station", "Thu, 02 May 2024 09:30:00 +0300"),
             ("/news/qamishli-bakery", "Fri, 03 May 2024 09:30:00 +0300"),
             ("/news/moved", "Sat, 04 May 2024 09:30:00 +0300"),
             ("/news/busy", "Sun, 05 May 2024 09:30:00 +0300"),
             ("/news/الحسكة-مياه", "Tue, 07 May 2024 09:30:00 +0300"),
             ("/news/missing", "Tue, 07 May 2024 10:30:00 +0300"),
             ("/news/slow", "Tue, 07 May 2024 11:30:00 +0300"),
             ("/private/leak", "Wed, 01 May 2024 09:30:00 +0300")]
    entries = "".join(f"<item><title>Story</title><link>{base}{path}</link>"
                      f"<pubDate>{date}</pubDate></item>" for path, date in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Rojava Observer</title><link>{base}/</link>{entries}</channel></rss>").encode()


def sitemap_index(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2024-05-06</lastmod></sitemap>"
            f"<sitemap><loc>{base}/sitemap-2019.xml</loc><lastmod>2019-03-02</lastmod></sitemap>"
            f"</sitemapindex>").encode()


def news_sitemap(base: str) -> bytes:
    urls = [("/news/kobani-rebuilding", "2024-05-04T09:30:00+03:00"),
            ("/news/amuda-harvest", "2024-05-06T09:30:00+03:00"),
            ("/news/old-story", "2019-03-01T09:30:00+03:00")]
    entries = "".join(f"<url><loc>{base}{path}</loc><news:news><news:publication>"
                      f"<news:name>Rojava Observer</news:name><news:language>en</news:language>"
                      f"</news:publication><news:publication_date>{date}</news:publication_date>"
                      f"<news:title>Story</news:title></news:news></url>" for path, date in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{entries}</urlset>").encode()


CATEGORY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Syria | Rojava Observer</title></head>
<body><h1>Syria</h1><ul>
<li><a href="/news/amuda-harvest">Amuda farmers bring in an early wheat harvest</a></li>
<li><a href="/news/derik-olive-harvest#comments">Derik olive farmers count losses</a></li>
<li><a href="/private/leak">Leaked memo</a></li>
<li><a href="/tag/water/">More on water</a></li>
<li><a href="/news/sponsored" rel="nofollow sponsored">Sponsored</a></li>
<li><a href="https://elsewhere.example/news/x">Elsewhere</a></li>
<li><a href="/files/report.pdf">Report (PDF)</a></li>
</ul></body></html>"""


class Site:
    """What the server serves and what it was asked, per path."""

    def __init__(self):
        self.hits: list[tuple[str, str]] = []   # (path, User-Agent)
        self.editions: dict[str, int] = {}
        self.release = threading.Event()        # ends the slow page's wait at teardown
        self.base = ""

    def asked(self, path: str) -> int:
        return sum(1 for hit, _ in self.hits if hit == path)


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
                 headers: dict | None = None, compress: bool = False):
            if compress:
                body = gzip.compress(body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if compress:
                self.send_header("Content-Encoding", "gzip")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = unquote(self.path)
            state.hits.append((path, self.headers.get("User-Agent", "")))
            base = state.base
            if path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/feed.xml":
                self.send(200, rss(base), "application/rss+xml", compress=True)
            elif path == "/sitemap_index.xml":
                self.send(200, sitemap_index(base), "application/xml")
            elif path == "/sitemap-news.xml":
                self.send(200, news_sitemap(base), "application/xml")
            elif path == "/sitemap-2019.xml":
                self.send(200, news_sitemap(base).replace(b"2024-05", b"2019-01"), "application/xml")
            elif path == "/category/syria/":
                self.send(200, CATEGORY.encode())
            elif path == "/news/moved":
                self.send(301, headers={"Location": "/news/kobani-rebuilding"})
            elif path == "/news/busy" and state.asked(path) == 1:
                self.send(429, b"slow down", "text/plain", headers={"Retry-After": "1"})
            elif path == "/news/busy":
                self.send(200, article_html("/news/derik-olive-harvest"))
            elif path == "/news/slow":
                state.release.wait(5)
                try:
                    self.send(200, article_html("/news/amuda-harvest"))
                except OSError:  # the client gave up long ago
                    pass
            elif path in STORIES:
                self.send(200, article_html(path, state.editions.get(path, 1)),
                          compress=path == "/news/qamishli-bakery")
            else:
                self.send(404, b"<html><body><h1>Not found</h1></body></html>")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


FAST = ("--delay", "0", "--timeout", "0.5", "--jobs", "1")


def run_fetch(khabar, *args):
    return khabar("fetch", *FAST, "--json", *args)


def warcs(archive_dir: Path) -> list[Path]:
    return sorted((archive_dir / "fetched").glob("*.warc.gz"))


def records(path: Path) -> list:
    with open(path, "rb") as fh:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                 r.http_headers.get_statuscode() if r.http_headers and r.rec_type == "response" else None,
                 dict(r.rec_headers.headers), r.content_stream().read())
                for r in ArchiveIterator(fh)]


def by_url(items: list[dict]) -> dict[str, str]:
    return {item["url"]: item["reason"] for item in items}


def test_a_feed_is_fetched_politely_into_a_valid_warc_and_becomes_searchable(site, khabar, archive_dir):
    base = site.base
    result = run_fetch(khabar, "--feed", f"{base}/feed.xml")
    assert result.exit_code == 3, result.stderr  # some URLs failed
    report = parsed(result)

    fetched = {item["url"]: item["final_url"] for item in report["fetched"]}
    arabic = f"{base}/news/{quote('الحسكة-مياه')}"
    assert fetched == {
        f"{base}/news/alouk-water-station": f"{base}/news/alouk-water-station",
        f"{base}/news/qamishli-bakery": f"{base}/news/qamishli-bakery",
        f"{base}/news/moved": f"{base}/news/kobani-rebuilding",   # the redirect was followed
        f"{base}/news/busy": f"{base}/news/busy",                 # after the 429 and its Retry-After
        arabic: arabic,                                           # an Arabic slug, percent-encoded
    }
    assert report["added"] == 5 and report["unchanged"] == 0
    failed = by_url(report["failed"])
    assert failed == {f"{base}/news/missing": "HTTP 404 Not Found",
                      f"{base}/news/slow": "no complete answer within 0.5 s"}
    assert by_url(report["skipped"]) == {f"{base}/private/leak": "robots.txt forbids it"}
    assert "failed: " + f"{base}/news/missing: HTTP 404 Not Found" in result.stderr

    # polite: robots.txt first, the forbidden page never asked for, khabar named in every request
    assert site.hits[0][0] == "/robots.txt"
    assert site.asked("/private/leak") == 0
    assert site.asked("/news/busy") == 2
    assert all(agent.startswith("khabar/") for _, agent in site.hits)

    (warc,) = warcs(archive_dir)
    assert warc.name[:8].isdigit()  # named by time, never by what was crawled
    with pytest.raises(SystemExit) as checked:  # `warcio check`: every block and payload digest
        warcio_main(["check", str(warc)])
    assert checked.value.code == 0
    kept = records(warc)
    assert kept[0][0] == "warcinfo"
    responses = {(uri, status) for kind, uri, status, _, _ in kept if kind == "response"}
    assert {(f"{base}/robots.txt", "200"), (f"{base}/feed.xml", "200"),
            (f"{base}/news/moved", "301"), (f"{base}/news/kobani-rebuilding", "200"),
            (f"{base}/news/busy", "429"), (f"{base}/news/busy", "200"),
            (f"{base}/news/missing", "404")} <= responses
    assert not any((uri or "").endswith("/news/slow") for _, uri, _, _, _ in kept)  # never answered whole
    requests = [headers for kind, _, _, headers, _ in kept if kind == "request"]
    assert len(requests) == len(responses) and all("WARC-Concurrent-To" in h for h in requests)
    assert all("WARC-Payload-Digest" in headers for kind, _, _, headers, _ in kept if kind == "response")
    # the gzip-encoded feed and article are kept compressed, as the server sent them
    feed_body = next(body for kind, uri, _, _, body in kept if kind == "response" and uri.endswith("feed.xml"))
    assert b"<rss" in feed_body

    hits = parsed(khabar("search", "Alouk", "--exact", "--json"))["hits"]
    assert [hit["url"] for hit in hits] == [f"{base}/news/alouk-water-station"]
    assert parsed(khabar("search", "bakeries", "--json"))["total"] == 1  # from the gzip response
    assert parsed(khabar("search", "الحسكة", "--json"))["total"] >= 1


def test_fetching_again_skips_what_is_archived_and_a_changed_page_adds_a_capture(site, khabar, archive_dir):
    page = f"{site.base}/news/alouk-water-station"
    assert run_fetch(khabar, page).exit_code == 0

    again = run_fetch(khabar, page)
    assert again.exit_code == 0
    assert parsed(again)["skipped"] == [
        {"url": page, "reason": "already fetched (--refresh fetches it again)"}]
    assert site.asked("/news/alouk-water-station") == 1

    refreshed = parsed(run_fetch(khabar, "--refresh", page))
    assert (refreshed["added"], refreshed["new_captures"], refreshed["unchanged"]) == (0, 0, 1)

    site.editions["/news/alouk-water-station"] = 2
    changed = parsed(run_fetch(khabar, "--refresh", page))
    assert (changed["added"], changed["new_captures"], changed["unchanged"]) == (0, 1, 0)
    (hit,) = parsed(khabar("search", "Alouk", "--json"))["hits"]
    assert len(parsed(khabar("show", hit["id"], "--json"))["captures"]) == 2
    assert parsed(khabar("stats", "--json"))["articles"] == 1


def test_a_re_run_fetches_only_what_failed(site, khabar):
    pages = [f"{site.base}/news/alouk-water-station", f"{site.base}/news/slow"]
    first = run_fetch(khabar, *pages)
    assert first.exit_code == 3
    site.release.set()  # the slow page now answers at once
    second = run_fetch(khabar, *pages)
    assert second.exit_code == 0
    assert [item["url"] for item in parsed(second)["fetched"]] == [pages[1]]
    assert site.asked("/news/alouk-water-station") == 1


def test_a_warc_left_by_a_killed_run_is_added_by_the_next(site, khabar, archive_dir, tmp_path):
    page = f"{site.base}/news/kobani-rebuilding"
    assert run_fetch(khabar, page).exit_code == 0
    # what a run killed before adding leaves: its WARC and journal, in an archive without them
    survivor = tmp_path / "survivor"
    shutil.copytree(archive_dir / "fetched", survivor / "fetched")
    result = CliRunner().invoke(cli, ["--archive", str(survivor), "fetch", *FAST, "--json", page],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    report = parsed(result)
    assert report["recovered"] == 1
    assert report["skipped"] == [{"url": page, "reason": "already fetched (--refresh fetches it again)"}]
    assert site.asked("/news/kobani-rebuilding") == 1


def test_a_sitemap_index_with_since_takes_only_recent_news(site, khabar):
    result = run_fetch(khabar, "--sitemap", f"{site.base}/sitemap_index.xml", "--since", "2024-05")
    assert result.exit_code == 0, result.stderr
    report = parsed(result)
    assert sorted(item["url"] for item in report["fetched"]) == [
        f"{site.base}/news/amuda-harvest", f"{site.base}/news/kobani-rebuilding"]
    skipped = by_url(report["skipped"])
    assert skipped == {f"{site.base}/sitemap-2019.xml": "dated before --since",
                       f"{site.base}/news/old-story": "dated before --since"}
    assert site.asked("/sitemap-2019.xml") == 0


def test_follow_takes_same_site_article_links_only(site, khabar):
    result = run_fetch(khabar, "--follow", "1", f"{site.base}/category/syria/")
    assert result.exit_code == 0, result.stderr
    report = parsed(result)
    assert [item["url"] for item in report["fetched"]] == [
        f"{site.base}/category/syria/", f"{site.base}/news/amuda-harvest",
        f"{site.base}/news/derik-olive-harvest"]
    assert by_url(report["skipped"]) == {f"{site.base}/private/leak": "robots.txt forbids it"}
    assert report["not_articles"] == 1  # the category page is kept, but is no article
    asked = {path for path, _ in site.hits}
    assert not asked & {"/tag/water/", "/news/sponsored", "/files/report.pdf", "/login"}


def test_only_http_urls_and_a_user_agent_of_ones_choice(site, khabar):
    result = run_fetch(khabar, "--user-agent", "NewsroomBot/2.0", "ftp://example.org/file",
                       f"{site.base}/news/qamishli-bakery")
    assert result.exit_code == 3
    assert parsed(result)["failed"] == [{"url": "ftp://example.org/file", "reason": "not an http(s) URL"}]
    assert {agent for _, agent in site.hits} == {"NewsroomBot/2.0"}
    assert khabar("fetch").exit_code == 2


def test_a_response_over_the_size_bound_is_not_kept(site, archive_dir):
    archive_dir.mkdir()
    store, engine = Store(database_path(archive_dir)), open_engine(archive_dir)
    try:
        report = fetch_into_archive(store, engine, archive_dir,
                                    Seeds(pages=[f"{site.base}/news/alouk-water-station"]),
                                    FetchOptions(delay=0, timeout=2, max_bytes=1000), jobs=1)
    finally:
        engine.close()
        store.close()
    assert report.failed == [{"url": f"{site.base}/news/alouk-water-station",
                              "reason": "larger than 1000 bytes"}]
    assert report.fetched == []
