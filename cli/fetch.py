"""`khabar fetch`: capture pages, feeds and sitemaps into the archive (registered in cli.main)."""
from __future__ import annotations

import sys
from collections import defaultdict

import click

from cli import output
from cli.output import INTERRUPTED, OK, PARTIAL, USAGE, Failure, safe

#: Example URLs shown per skip reason in the summary; --json lists them all.
SHOWN_PER_REASON = 3


def _since_option(value: str | None) -> str | None:
    from archive.fetch import since_date

    if value is None:
        return None
    try:
        return since_date(value)
    except ValueError as err:
        raise click.BadParameter(str(err))


@click.command()
@click.argument("urls", nargs=-1)
@click.option("--urls", "url_file", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="A file of URLs, one a line (`-` for stdin; `#` starts a comment).")
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed: fetch the articles it links (repeat for more).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="A sitemap or sitemap index (news sitemaps too): fetch its pages (repeat).")
@click.option("--since", metavar="DATE", callback=lambda c, p, v: _since_option(v),
              help="Only feed and sitemap entries dated on or after (2016, 2016-03, 2016-03-21).")
@click.option("--follow", default=0, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Also fetch same-site article links, N levels deep from the pages.")
@click.option("--refresh", is_flag=True,
              help="Fetch pages again even if this archive has fetched them before.")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between two requests to one site (robots.txt may ask for more).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds allowed for one whole response.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(min=0),
              help="Further tries after a 429, a 5xx or a dropped connection.")
@click.option("--user-agent", metavar="TEXT", help="The User-Agent to send (default names khabar).")
@click.option("--crawl", help="Label for this crawl (default: the WARC file's name).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Cleaning processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def fetch(archive, urls, url_file, feeds, sitemaps, since, follow, refresh, delay, timeout,
          retries, user_agent, crawl, jobs, as_json) -> None:
    """Capture web pages, feeds and sitemaps into the archive, then make them searchable.

    \b
    Examples:
      khabar fetch https://www.example-news.com/2024/05/hasakah-water/
      khabar fetch --feed https://www.example-news.com/feed/
      khabar fetch --sitemap https://www.example-news.com/news-sitemap.xml --since 2024-05
      khabar fetch --follow 1 https://www.example-news.com/category/syria/
    \b
    Every request and response is kept as received in a WARC file in the archive's
    `fetched/` folder, then added like any crawl: a page the archive holds unchanged adds
    nothing, a changed page adds a new capture of the same article.
    \b
    Running it again: article pages this archive has already fetched are skipped (so an
    interrupted fetch, re-run, fetches only what is missing; --refresh fetches them again).
    Feeds, sitemaps and the pages whose links --follow reads are fetched every time: that
    is how new articles are found. Pages that failed are tried again.
    \b
    Polite by default: robots.txt is obeyed, one request at a time per site, --delay
    seconds apart, 429 and 5xx answers retried later (Retry-After honoured), responses
    bounded in size and time, only http(s).
    \b
    Exit status: 0 done, 3 some URLs failed (the rest was archived), 4 archive locked,
    130 interrupted (run the same command again to finish).
    """
    from archive.fetch import DEFAULT_USER_AGENT, FetchOptions, Seeds, fetch_into_archive, read_url_list

    pages = list(urls) + (read_url_list(url_file) if url_file else [])
    if not (pages or feeds or sitemaps):
        raise Failure("give URLs, --urls FILE, --feed URL or --sitemap URL", USAGE)
    options = FetchOptions(delay=delay, timeout=timeout, retries=retries, follow=follow,
                           since=since, refresh=refresh, user_agent=user_agent or DEFAULT_USER_AGENT)
    progress = (output.ProgressLine(_fetch_progress) if sys.stderr.isatty() and not as_json
                else None)
    with archive.writing() as (store, engine):
        report = fetch_into_archive(store, engine, archive.path,
                                    Seeds(pages=pages, feeds=list(feeds), sitemaps=list(sitemaps)),
                                    options, crawl=crawl, jobs=jobs, progress=progress)
    if progress:
        progress.done()
    if as_json:
        output.emit_json(report.to_dict())
    for line in summary_lines(report):
        output.message(line)
    if report.interrupted:
        raise Failure("interrupted; run the same command again: it adds what was fetched and "
                   "fetches what is missing", INTERRUPTED)
    raise click.exceptions.Exit(PARTIAL if report.failed else OK)


def summary_lines(report) -> list[str]:
    """What a fetch did, for a person: failures one by one, skips grouped by reason."""
    lines = [f"failed: {item['url']}: {item['reason']}" for item in report.failed]
    by_reason: dict[str, list[str]] = defaultdict(list)
    for item in report.skipped:
        by_reason[item["reason"]].append(item["url"])
    for reason, skipped in by_reason.items():
        shown = ", ".join(skipped[:SHOWN_PER_REASON]) + (", …" if len(skipped) > SHOWN_PER_REASON else "")
        lines.append(f"skipped {len(skipped)} ({reason}): {shown}")
    if report.recovered:
        lines.append(f"added {report.recovered} articles an interrupted fetch had left")
    lines.append(
        f"fetched {len(report.fetched)} pages in {report.requests} requests: added {report.added}, "
        f"new captures {report.new_captures}, unchanged {report.unchanged}, "
        f"not articles {report.not_articles}; skipped {len(report.skipped)}, "
        f"failed {len(report.failed)}" + (f" (kept in {report.warc})" if report.warc else ""))
    return [safe(line, one_line=True) for line in lines]


def _fetch_progress(report, url: str) -> str:
    """Counts and the URL being fetched."""
    return (f"{report.requests + 1} requests: {len(report.fetched)} pages, "
            f"{len(report.skipped)} skipped, {len(report.failed)} failed · "
            f"{safe(url, one_line=True)[:80]}")
