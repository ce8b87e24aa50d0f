"""`khabar fetch`: capture news pages, feeds and sitemaps into a WARC, then add them.

Every request and response goes into a WARC file in the archive's `fetched/` folder as it
went over the wire (status line, headers, chunking and compression included, with block and
payload digests), so the archive keeps exactly what each site served and any WARC tool can
read it. The file then goes through `add_paths`, the same path as an imported crawl, with the
same idempotence: an unchanged page adds nothing, a changed one adds a new capture.

Politeness is the default: robots.txt (RFC 9309) is obeyed, hosts are visited one request at
a time with a delay between requests (longer if robots.txt asks), 429 and 5xx answers are
retried with back-off that honours Retry-After, and responses are size- and time-bounded.

`fetched/journal.jsonl` remembers which pages this archive has fetched, so a re-run (after
Ctrl-C, a crash or a lost connection) fetches only what is missing. A WARC that a killed or
interrupted run left behind is added at the start of the next run.

Sites are untrusted: every length an answer states (Content-Length, chunk sizes) is checked
against the size bound before anything is read or allocated, and a lying answer is that
URL's failure, never the run's.

One module per job: `recording` (HTTP, every byte recorded), `links` (URL rules, link
discovery), `listings` (feeds and sitemaps), `warc` (the WARC written and the journal) and
`crawler` (the scheduler and `fetch_into_archive`). Their public names are importable from
here.
"""
from __future__ import annotations

from archive.fetch.crawler import (DEFAULT_DELAY, DEFAULT_TIMEOUT, DEFAULT_RETRIES, MAX_REDIRECTS,
                                   MAX_SITEMAP_DEPTH, MAX_RETRY_AFTER, BACKOFF_SECONDS,
                                   DEFAULT_USER_AGENT, RETRY_STATUSES, REDIRECT_STATUSES, Seeds,
                                   FetchOptions, FetchReport, Progress, fetch_into_archive)
from archive.fetch.links import (NOT_ARTICLE_SUFFIXES, NOT_ARTICLE_PATHS, normalise_url,
                                 DEFAULT_PORTS, article_links, read_url_list)
from archive.fetch.listings import (RDF, FEED_DATES, SITEMAP_DATES, PAGE, FEED, SITEMAP,
                                    since_date, Entry, feed_entries, sitemap_entries)
from archive.fetch.recording import (MAX_CHUNK_SIZE_DIGITS, MAX_CHUNK_LINE_BYTES,
                                     MAX_RESPONSE_BYTES, REQUEST_HEADERS, FetchFailed, Exchange,
                                     exchange, retry_after)


#: Every public name of the fetch modules, importable from `archive.fetch`.
__all__ = ["DEFAULT_DELAY", "DEFAULT_TIMEOUT", "DEFAULT_RETRIES", "MAX_REDIRECTS",
           "MAX_SITEMAP_DEPTH", "MAX_RETRY_AFTER", "BACKOFF_SECONDS", "DEFAULT_USER_AGENT",
           "RETRY_STATUSES", "REDIRECT_STATUSES", "Seeds", "FetchOptions", "FetchReport",
           "Progress", "fetch_into_archive", "NOT_ARTICLE_SUFFIXES", "NOT_ARTICLE_PATHS",
           "normalise_url", "DEFAULT_PORTS", "article_links", "read_url_list", "RDF", "FEED_DATES",
           "SITEMAP_DATES", "PAGE", "FEED", "SITEMAP", "since_date", "Entry", "feed_entries",
           "sitemap_entries", "MAX_CHUNK_SIZE_DIGITS", "MAX_CHUNK_LINE_BYTES",
           "MAX_RESPONSE_BYTES", "REQUEST_HEADERS", "FetchFailed", "Exchange", "exchange",
           "retry_after"]
