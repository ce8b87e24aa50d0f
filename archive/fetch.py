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
"""
from __future__ import annotations

import contextlib
import email.utils
import functools
import http.client
import io
import json
import re
import signal
import socket
import ssl
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import lxml.html
from lxml import etree
from warcio.warcwriter import WARCWriter

from archive import dedupe, readers
from archive.ingest import Index, add_paths
from archive.location import FETCHED_FOLDER, JOURNAL
from archive.model import DATE, KIND_HTML, Capture
from archive.store import Store


DEFAULT_DELAY = 1.0       # seconds between two requests to one host
DEFAULT_TIMEOUT = 30.0    # seconds for a whole response, connection included
DEFAULT_RETRIES = 3       # further attempts after a 429, a 5xx or a dropped connection
MAX_REDIRECTS = 5         # hops followed from one URL (RFC 9309 asks at least 5 for robots.txt)
#: Sitemap indexes followed below a seed sitemap: the protocol allows one level; a few more
#: forgive odd sites, and a chain of sitemaps pointing at sitemaps ends here.
MAX_SITEMAP_DEPTH = 3
#: The most hex digits a chunk size may have: 16 hold any size a 64-bit server sends.
MAX_CHUNK_SIZE_DIGITS = 16
#: The longest chunk-size line read, extensions included (http.client's bound on a line).
MAX_CHUNK_LINE_BYTES = 65536
#: The largest response read off the wire; the same bound the readers put on a payload.
MAX_RESPONSE_BYTES = readers.MAX_PAYLOAD_BYTES
#: The longest Retry-After honoured; a server asking for more is given up on for this run.
MAX_RETRY_AFTER = 300.0
#: Back-off without Retry-After: this many seconds, doubled on every further attempt.
BACKOFF_SECONDS = 1.0
DEFAULT_USER_AGENT = (f"khabar/{version('khabar')} "
                      "(news archive for journalists; obeys robots.txt)")

#: Answers worth asking again after a pause.
RETRY_STATUSES = {
    429,  # Too Many Requests: the server wants us slower (usually says when in Retry-After)
    500,  # Internal Server Error: often a passing failure under load
    502,  # Bad Gateway: a proxy in front of the site lost its backend
    503,  # Service Unavailable: maintenance or overload, usually with Retry-After
    504,  # Gateway Timeout: the backend was too slow for the proxy
}
#: Answers that send us elsewhere with a Location header.
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
#: What the request says it takes. Only gzip is offered because it is what every site
#: supports and what khabar decodes for feeds and link discovery (readers decode more).
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Connection": "close",  # one connection per request: its bytes are exactly one response
}

#: Link targets --follow never takes: files that are not articles.
NOT_ARTICLE_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico",  # images
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",  # documents: not pages
    ".mp3", ".mp4", ".m4a", ".ogg", ".webm", ".avi", ".mov",   # audio and video
    ".zip", ".gz", ".rar", ".7z", ".exe", ".apk", ".dmg",      # downloads
    ".css", ".js", ".json", ".xml", ".rss", ".atom",           # page assets and feeds
)
#: Link paths --follow never takes: site machinery, not articles (matched on the path).
NOT_ARTICLE_PATHS = re.compile(
    r"/(?:"
    r"tag|tags|author|authors"             # lists of articles by keyword or writer
    r"|search|login|logout|register|signin|signup|account|cart"  # forms and user pages
    r"|wp-admin|wp-login\.php|wp-json|xmlrpc\.php"               # WordPress machinery
    r"|feed|rss|comments/feed|print|share|amp"                   # other renderings of pages
    r")(?:/|$)", re.IGNORECASE)

#: The RDF namespace: an RSS 1.0 item names its article in rdf:about.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: Elements that date a feed item, whatever their namespace.
FEED_DATES = {
    "pubdate",      # RSS 2.0 pubDate (RFC 822)
    "date",         # Dublin Core dc:date in RSS 1.0 and many RSS 2.0 feeds (ISO 8601)
    "published",    # Atom, first publication
    "updated",      # Atom, last change
}
#: Elements that date a sitemap entry.
SITEMAP_DATES = {
    "lastmod",           # the sitemap protocol's last modification
    "publication_date",  # Google News sitemaps: news:news/news:publication_date
}

#: What a job asks for: an article page, a feed of articles or a sitemap of pages.
PAGE, FEED, SITEMAP = "page", "feed", "sitemap"


@dataclass
class Seeds:
    """What the user asked to fetch."""

    pages: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


@dataclass
class FetchOptions:
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    user_agent: str = DEFAULT_USER_AGENT
    follow: int = 0                # levels of same-site links followed from the pages
    since: str | None = None       # YYYY-MM-DD: only feed and sitemap entries dated on or after
    refresh: bool = False          # fetch pages again even if this archive fetched them
    max_bytes: int = MAX_RESPONSE_BYTES


@dataclass
class FetchReport:
    warc: str | None = None        # the WARC this run wrote (None if it fetched nothing)
    requests: int = 0              # every request made, robots.txt, retries and redirects included
    fetched: list[dict] = field(default_factory=list)  # {url, final_url}: pages that came back whole
    added: int = 0                 # new articles
    new_captures: int = 0          # new captures of articles the archive had (changed pages)
    unchanged: int = 0             # pages the archive already held byte for byte
    not_articles: int = 0          # pages the cleaner found no article in (kept as captures)
    recovered: int = 0             # articles added from a WARC an interrupted run left behind
    skipped: list[dict] = field(default_factory=list)  # {url, reason}: not fetched on purpose
    failed: list[dict] = field(default_factory=list)   # {url, reason}: could not be fetched
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in (
            "warc", "requests", "fetched", "added", "new_captures", "unchanged", "not_articles",
            "recovered", "skipped", "failed")}


Progress = Callable[[FetchReport, str], None]


def fetch_into_archive(store: Store, index: Index, archive_dir: Path, seeds: Seeds,
                       options: FetchOptions, *, crawl: str | None = None, jobs: int | None = None,
                       progress: Progress | None = None) -> FetchReport:
    """Fetch `seeds` into a new WARC in the archive, then add it (and any left-over WARC)."""
    folder = Path(archive_dir) / FETCHED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    report = FetchReport()
    leftovers = sorted(folder.glob("*.warc.gz"))
    if leftovers:  # the ledger skips every WARC already added, by content hash
        earlier = add_paths(store, index, leftovers, jobs=jobs)
        report.recovered = earlier.added
        if earlier.interrupted:
            report.interrupted = True
            return report
    fetcher = _Fetcher(folder, store, options, report, progress)
    try:
        with _stop_on_ctrl_c(fetcher.warc):
            fetcher.start(seeds)
            fetcher.run()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        fetcher.close()
    # after Ctrl-C the WARC is kept as it is and added at the start of the next run: adding
    # it now could take minutes the person asked not to wait
    if report.warc and not report.interrupted:
        added = add_paths(store, index, [report.warc], crawl=crawl, jobs=jobs)
        report.added, report.new_captures = added.added, added.duplicates + added.updated
        report.not_articles = added.rejected
        report.interrupted = report.interrupted or added.interrupted
    return report


@contextlib.contextmanager
def _stop_on_ctrl_c(warc: "_WarcFile"):
    """Ctrl-C stops the fetch at once, but never inside a WARC record being written."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; elsewhere Ctrl-C cannot arrive
        return

    def on_interrupt(signum, frame):
        if warc.writing:
            warc.interrupted = True
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def since_date(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it names (ValueError otherwise)."""
    if not DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date like 2016, 2016-03 or 2016-03-21")
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


# ---------------------------------------------------------------- URLs

def normalise_url(url: str) -> str | None:
    """An http(s) URL in the ASCII form a request line needs, without fragment; else None.

    Feeds and pages often carry Arabic or Kurdish slugs and IDN hosts as they are; those are
    percent-encoded (UTF-8) and punycoded here. Existing %XX escapes are kept.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or port == 0:
        return None  # port 0 is no port: connecting would silently go to the default one
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if ":" in ascii_host:  # an IPv6 literal
        ascii_host = f"[{ascii_host}]"
    netloc = ascii_host + (f":{port}" if port is not None else "")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


#: The port a URL without one connects to.
DEFAULT_PORTS = {"http": 80, "https": 443}


def _site(url: str) -> tuple[str, str, int | None]:
    """A URL's scheme, host without `www.` and port (the scheme's default when none is
    written): pages of one site share all three, so another port is another site."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    for prefix in dedupe.SAME_SITE_HOST_PREFIXES:
        host = host.removeprefix(prefix)
    scheme = parts.scheme.lower()
    return scheme, host, parts.port or DEFAULT_PORTS.get(scheme)



def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def article_links(html: bytes, page_url: str, charset: str | None = None) -> list[str]:
    """Same-site links of a page that may lead to articles, absolute, in page order.

    `charset` is the one the HTTP header names: without it a page that declares none in
    its markup would be read as Latin-1, and its Arabic links requested double-encoded.
    A page whose robots meta tag says `nofollow` gives none, and `rel=nofollow` links are
    left out, as their authors ask. Time and memory grow linearly with the links.
    """
    try:
        parser = lxml.html.HTMLParser(encoding=charset) if charset else None
    except LookupError:  # a charset lxml does not know: let it guess, as without a header
        parser = None
    try:
        document = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError, LookupError):
        return []
    for meta in document.iterfind(".//meta[@name]"):
        if meta.get("name", "").lower() == "robots" and \
                {"nofollow", "none"} & set(re.split(r"[\s,]+", meta.get("content", "").lower())):
            return []
    base = page_url
    for tag in document.iterfind(".//base[@href]"):
        base = urljoin(page_url, tag.get("href", "").strip())
        break
    site, page, links = _site(page_url), normalise_url(page_url), {}
    seen_hrefs: set[str] = set()  # menus repeat links: each href is resolved once
    for anchor in document.iterfind(".//a[@href]"):
        href = anchor.get("href", "").strip()
        if href in seen_hrefs or "nofollow" in anchor.get("rel", "").lower().split():
            continue
        seen_hrefs.add(href)
        try:
            url = normalise_url(urljoin(base, href))
        except ValueError:
            continue
        if url is None or _site(url) != site:
            continue
        path = urlsplit(url).path
        if path.lower().endswith(NOT_ARTICLE_SUFFIXES) or NOT_ARTICLE_PATHS.search(path):
            continue
        if url != page:
            links.setdefault(url)  # a dict: ordered, and a repeat costs no scan of the rest
    return list(links)


# ---------------------------------------------------------------- feeds and sitemaps

@dataclass(frozen=True)
class Entry:
    """One link from a feed or a sitemap, with its date (YYYY-MM-DD) when it has one."""

    url: str
    date: str | None
    kind: str = PAGE   # SITEMAP for the children of a sitemap index


def feed_entries(xml: bytes) -> list[Entry]:
    """The article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed; ValueError if not a feed."""
    root = _parse_xml(xml)
    kind = etree.QName(root).localname.lower()
    if kind not in ("rss", "rdf", "feed"):
        raise ValueError(f"not an RSS or Atom feed (the document is <{kind}>)")
    entries = []
    for item in _descendants(root, {"item", "entry"}):
        link = None
        for child in _children(item, {"link"}):
            if child.get("href"):  # Atom: the alternate link is the article
                if child.get("rel", "alternate") == "alternate":
                    link = child.get("href")
                    break
            elif (child.text or "").strip():  # RSS: the link is the element's text
                link = child.text.strip()
                break
        if link is None:
            for guid in _children(item, {"guid", "id"}):
                if guid.get("isPermaLink", "true") != "false" and \
                        (guid.text or "").strip().startswith(("http://", "https://")):
                    link = guid.text.strip()
        if link is None and item.get(f"{{{RDF}}}about"):
            link = item.get(f"{{{RDF}}}about")
        if link:
            dates = [_entry_date(c.text) for c in _children(item, FEED_DATES)]
            entries.append(Entry(link, max((d for d in dates if d), default=None)))
    return entries


def sitemap_entries(xml: bytes) -> list[Entry]:
    """The pages of a sitemap, or the sitemaps of a sitemap index; ValueError otherwise."""
    if xml.startswith(readers.GZIP_MAGIC):  # sitemap.xml.gz served as a file, not an encoding
        xml = _gunzip(xml, MAX_RESPONSE_BYTES)
    root = _parse_xml(xml)
    kind = etree.QName(root).localname.lower()
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap (the document is <{kind}>)")
    entries = []
    for item in _children(root, {"url", "sitemap"}):
        locations = [c.text.strip() for c in _children(item, {"loc"}) if (c.text or "").strip()]
        if locations:
            dates = [_entry_date(c.text) for c in _descendants(item, SITEMAP_DATES)]
            entries.append(Entry(locations[0], max((d for d in dates if d), default=None),
                                 SITEMAP if kind == "sitemapindex" else PAGE))
    return entries


def _parse_xml(xml: bytes):
    """A feed or sitemap parsed without entities or network access, forgiving small faults."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                             huge_tree=False)
    try:
        root = etree.fromstring(xml.lstrip(b"\xef\xbb\xbf \t\r\n"), parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"not XML: {error}") from None
    if root is None:
        raise ValueError("not XML")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(dtd.iterentities(), None) is not None:
        # feeds and sitemaps need no entities of their own; an attack (billion laughs, XXE) does
        raise ValueError("declares its own XML entities, which khabar does not expand "
                         "(a billion-laughs or XXE document?); nothing read from it")
    return root


def _children(element, names: set[str]) -> Iterator:
    return (c for c in element if isinstance(c.tag, str) and etree.QName(c).localname.lower() in names)


def _descendants(element, names: set[str]) -> Iterator:
    return (c for c in element.iter() if isinstance(c.tag, str)
            and etree.QName(c).localname.lower() in names)


def _entry_date(text: str | None) -> str | None:
    """YYYY-MM-DD of an ISO 8601 (sitemaps, Atom) or RFC 822 (RSS) date, as written."""
    text = (text or "").strip()
    iso = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    if iso:
        return iso.group(1)
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# ---------------------------------------------------------------- HTTP, recorded

class FetchFailed(Exception):
    """A request that got no complete answer; `retry` says whether trying again may help."""

    def __init__(self, reason: str, *, retry: bool):
        reason = " ".join(reason.split())[:300]  # http.client quotes what the server sent
        super().__init__(reason)
        self.reason, self.retry = reason, retry


class _TooLarge(Exception):
    """An answer over the size bound, found before its bytes were read where possible."""


class _Malformed(Exception):
    """An answer that breaks HTTP framing (a chunk size that is no size)."""


class _Tap(io.RawIOBase):
    """A socket's incoming bytes, kept as they arrive, within a size and a time budget."""

    def __init__(self, sock: socket.socket, received: bytearray, limit: int, deadline: float):
        # a file of its own keeps the socket open until the response is read, as http.client expects
        self.sock, self.raw = sock, sock.makefile("rb", buffering=0)
        self.received, self.limit, self.deadline = received, limit, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        self.sock.settimeout(remaining)
        count = self.raw.readinto(buffer)
        self.received += memoryview(buffer)[:count]
        if len(self.received) > self.limit:
            raise _TooLarge()
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


class _TappedResponse(http.client.HTTPResponse):
    """http.client's response parser reading through a `_Tap`, with every length it reads
    (Content-Length, chunk sizes) checked against the size bound before it allocates."""

    def __init__(self, sock, *, received: bytearray, limit: int, deadline: float, **kwargs):
        super().__init__(sock, **kwargs)
        tapped = io.BufferedReader(_Tap(sock, received, limit, deadline))
        self.fp.close()
        self.fp = tapped
        self.limit = limit

    def begin(self) -> None:
        super().begin()
        if self.length is not None and self.length > self.limit:
            raise _TooLarge()

    def _read_next_chunk_size(self) -> int:
        line = self.fp.readline(MAX_CHUNK_LINE_BYTES + 1)
        if not line:
            raise http.client.IncompleteRead(b"")  # the connection closed: worth another try
        if len(line) > MAX_CHUNK_LINE_BYTES:
            raise _Malformed(f"a chunk-size line over {MAX_CHUNK_LINE_BYTES} bytes")
        size = line.split(b";", 1)[0].strip()  # chunk extensions are ignored
        if not re.fullmatch(rb"[0-9A-Fa-f]{1,%d}" % MAX_CHUNK_SIZE_DIGITS, size):
            raise _Malformed(f"a chunk size that is not a hexadecimal size "
                             f"({size[:20].decode('ascii', 'backslashreplace')!r})")
        if int(size, 16) > self.limit:
            raise _TooLarge()
        return int(size, 16)


class _SentBytes:
    """Keeps every byte a connection sends: the request exactly as it went out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = bytearray()

    def send(self, data) -> None:
        self.sent += data
        super().send(data)


class _HTTPConnection(_SentBytes, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_SentBytes, http.client.HTTPSConnection):
    pass


@dataclass
class Exchange:
    """One request and its complete response, as bytes on the wire and as parsed."""

    url: str
    sent: bytes
    received: bytes
    status: int
    headers: http.client.HTTPMessage
    body: bytes            # transfer encoding undone, content encoding not
    peer: str | None

    def payload(self, limit: int) -> bytes | None:
        """The body with its content encoding undone (what the readers archive), or None."""
        encoding = (self.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding == "identity":
            return self.body
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(self.body, limit)
        return None

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        return self.headers.get_content_charset()


def _gunzip(data: bytes, limit: int) -> bytes | None:
    """Gzip data decompressed, or None if damaged or larger than `limit` (no bombs)."""
    try:
        output = zlib.decompressobj(wbits=31).decompress(data, limit + 1)
    except zlib.error:
        return None
    return output if len(output) <= limit else None


def exchange(url: str, *, user_agent: str, timeout: float, max_bytes: int) -> Exchange:
    """GET `url` (already normalised) and keep both directions' bytes; FetchFailed if no answer."""
    parts = urlsplit(url)
    connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    received = bytearray()
    deadline = time.monotonic() + timeout
    target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.connect()
        peer = connection.sock.getpeername()[0]
        connection.response_class = functools.partial(
            _TappedResponse, received=received, limit=max_bytes, deadline=deadline)
        connection.request("GET", target, headers={"User-Agent": user_agent, **REQUEST_HEADERS})
        response = connection.getresponse()
        body = response.read()
    except _TooLarge:  # declared or found while reading: one reason, whichever came first
        size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
        raise FetchFailed(f"larger than {size}", retry=False) from None
    except _Malformed as error:
        raise FetchFailed(f"not a valid HTTP answer: {error}", retry=False) from None
    except TimeoutError:
        raise FetchFailed(f"no complete answer within {timeout:g} s", retry=False) from None
    except socket.gaierror as error:
        raise FetchFailed(f"cannot find host {parts.hostname}: {error.strerror}", retry=False) from None
    except ssl.SSLError as error:
        raise FetchFailed(f"TLS failed: {error.reason or error}", retry=False) from None
    except (OSError, http.client.HTTPException) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise FetchFailed(f"connection failed: {reason}", retry=True) from None
    finally:
        connection.close()
    return Exchange(url=url, sent=bytes(connection.sent), received=bytes(received),
                    status=response.status, headers=response.headers, body=body, peer=peer)


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta seconds or an HTTP date), or None."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


# ---------------------------------------------------------------- WARC and journal

class _WarcFile:
    """The run's WARC in the archive, created at the first response; named by time only."""

    def __init__(self, folder: Path, user_agent: str):
        self.folder, self.user_agent = folder, user_agent
        self.path: Path | None = None
        self.handle = None
        self.writer: WARCWriter | None = None
        self.writing = False      # a record is being written: Ctrl-C waits for its end
        self.interrupted = False  # Ctrl-C came while writing

    def write(self, exchange: Exchange) -> None:
        self.writing = True
        try:
            self._write(exchange)
        finally:
            self.writing = False
        if self.interrupted:
            raise KeyboardInterrupt

    def _write(self, exchange: Exchange) -> None:
        if self.writer is None:
            self._create()
        extra = {"WARC-IP-Address": exchange.peer} if exchange.peer else {}
        request = self.writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.sent), length=len(exchange.sent),
            warc_headers_dict=dict(extra))
        response = self.writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.received),
            length=len(exchange.received), warc_headers_dict=dict(extra))
        self.writer.write_request_response_pair(request, response)
        self.handle.flush()  # a killed run keeps every complete exchange

    def _create(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        for number in range(1, 1000):
            path = self.folder / (f"{stamp}.warc.gz" if number == 1 else f"{stamp}-{number}.warc.gz")
            try:
                self.handle = open(path, "xb")
                break
            except FileExistsError:
                continue
        self.path = path
        self.writer = WARCWriter(self.handle, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {
            "software": f"khabar/{version('khabar')} (warcio)",
            "format": "WARC File Format 1.0",
            "http-header-user-agent": self.user_agent,
            "robots": "obey",
            "description": "pages, feeds and sitemaps captured by khabar fetch",
        }))

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


class _Journal:
    """Which pages this archive fetched before: one JSON line per page, appended as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.fetched: dict[str, str] = {}
        if path.exists():
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    try:
                        entry = json.loads(line)
                    except ValueError:  # a line cut short by a killed run
                        continue
                    for url in (entry.get("url"), entry.get("final_url")):
                        if url:
                            self.fetched[dedupe.canonical_url(url)] = entry.get("fetched_at", "")

    def when(self, url: str) -> str | None:
        return self.fetched.get(dedupe.canonical_url(url))

    def remember(self, url: str, final_url: str, warc: Path, payload: bytes) -> None:
        entry = {"url": url, "final_url": final_url, "warc": warc.name,
                 "fetched_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "sha256": Capture(final_url, payload, KIND_HTML, "").digest}
        with open(self.path, "a", encoding="utf-8") as journal:
            journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fetched[dedupe.canonical_url(url)] = entry["fetched_at"]
        self.fetched[dedupe.canonical_url(final_url)] = entry["fetched_at"]


# ---------------------------------------------------------------- the crawl

@dataclass
class _Job:
    url: str          # normalised; what this request asks for
    kind: str         # PAGE, FEED or SITEMAP
    depth: int        # links followed to get here (for a sitemap: sitemap indexes above it)
    asked: str        # the URL first asked for (before redirects), for reports and the journal
    hops: int = 0     # redirects followed so far
    attempt: int = 0  # retries made so far


class _Fetcher:
    """A polite queue: one request at a time, hosts taken in turn as their delay allows."""

    def __init__(self, folder: Path, store: Store, options: FetchOptions, report: FetchReport,
                 progress: Progress | None):
        self.store, self.options, self.report, self.progress = store, options, report, progress
        self.warc = _WarcFile(folder, options.user_agent)
        self.journal = _Journal(folder / JOURNAL)
        self.queues: dict[str, deque[_Job]] = {}
        self.ready_at: dict[str, float] = {}
        self.robots: dict[str, RobotFileParser | str] = {}  # a parser, or why the host is closed
        self.seen: set[tuple[str, str]] = set()

    # -- what to fetch
    def start(self, seeds: Seeds) -> None:
        for urls, kind in ((seeds.feeds, FEED), (seeds.sitemaps, SITEMAP), (seeds.pages, PAGE)):
            for url in urls:
                self._admit(url, kind, 0, invalid_is="failed")

    def _admit(self, url: str, kind: str, depth: int, *, invalid_is: str) -> None:
        normal = normalise_url(url)
        if normal is None:
            self._note(invalid_is, url, "not an http(s) URL")
            return
        key = (kind, dedupe.canonical_url(normal))
        if key in self.seen:
            return
        self.seen.add(key)
        # pages whose links --follow needs are fetched again: that is how new articles are found
        if kind == PAGE and depth >= self.options.follow and not self.options.refresh:
            if self.journal.when(normal) is not None:
                self._note("skipped", normal, "already fetched (--refresh fetches it again)")
                return
        self._queue(_Job(normal, kind, depth, asked=normal))

    def _queue(self, job: _Job, *, first: bool = False) -> None:
        host = urlsplit(job.url).netloc
        queue = self.queues.setdefault(host, deque())
        queue.appendleft(job) if first else queue.append(job)

    def _note(self, outcome: str, url: str, reason: str) -> None:
        getattr(self.report, outcome).append({"url": url, "reason": reason})

    # -- fetching
    def run(self) -> None:
        while self.queues:
            host = min(self.queues, key=lambda h: self.ready_at.get(h, 0.0))
            pause = self.ready_at.get(host, 0.0) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            job = self.queues[host][0]
            origin = _origin(job.url)
            if origin not in self.robots:
                self.robots[origin] = self._read_robots(origin)
                self._rest(host, self.options.delay)
                continue
            self.queues[host].popleft()
            if not self.queues[host]:
                del self.queues[host]
            self._run(job, host)

    def _rest(self, host: str, seconds: float) -> None:
        """The host gets no request before `seconds` from now (and never within the delay)."""
        self.ready_at[host] = time.monotonic() + max(seconds, self._delay(host))

    def _delay(self, host: str) -> float:
        delays = [self.options.delay]
        for origin, robots in self.robots.items():
            if isinstance(robots, RobotFileParser) and urlsplit(origin).netloc == host:
                delays.append(float(robots.crawl_delay(self.options.user_agent) or 0))
        return max(delays)

    def _get(self, url: str) -> Exchange:
        """One recorded request; every answer, whatever its status, goes into the WARC."""
        if self.progress:
            self.progress(self.report, url)
        self.report.requests += 1
        answer = exchange(url, user_agent=self.options.user_agent, timeout=self.options.timeout,
                          max_bytes=self.options.max_bytes)
        self.warc.write(answer)
        self.report.warc = str(self.warc.path)
        return answer

    def _read_robots(self, origin: str) -> RobotFileParser | str:
        """robots.txt of a site as RFC 9309 reads it: 4xx allows all, 5xx or silence allows none."""
        url = origin + "/robots.txt"
        for _ in range(MAX_REDIRECTS + 1):
            try:
                answer = self._get(url)
            except FetchFailed as failure:
                return f"robots.txt could not be read ({failure.reason}); try again later"
            location = answer.headers.get("Location")
            if answer.status in REDIRECT_STATUSES and location:
                url = normalise_url(urljoin(url, location)) or ""
                if not url:
                    break
                continue
            robots = RobotFileParser(url)
            if 400 <= answer.status < 500 and answer.status != 429:
                robots.allow_all = True
            elif answer.status != 200:
                return f"robots.txt answered HTTP {answer.status}; try again later"
            else:
                payload = answer.payload(self.options.max_bytes) or b""
                robots.parse(payload.decode("utf-8", "replace").splitlines())
            return robots
        return "robots.txt redirects too often or off the web; try again later"

    def _run(self, job: _Job, host: str) -> None:
        robots = self.robots[_origin(job.url)]
        if isinstance(robots, str):
            self._note("failed", job.asked, robots)
            return
        if not robots.can_fetch(self.options.user_agent, job.url):
            self._note("skipped", job.asked, "robots.txt forbids it")
            return
        try:
            answer = self._get(job.url)
        except FetchFailed as failure:
            if failure.retry and job.attempt < self.options.retries:
                self._retry(job, host, BACKOFF_SECONDS * 2 ** job.attempt)
            else:
                self._note("failed", job.asked, failure.reason)
                self._rest(host, 0)
            return
        self._rest(host, 0)
        if answer.status in RETRY_STATUSES and job.attempt < self.options.retries:
            wait = retry_after(answer.headers.get("Retry-After"))
            if wait is not None and wait > MAX_RETRY_AFTER:
                self._note("failed", job.asked,
                           f"HTTP {answer.status}; the site asks to wait {wait:.0f} s")
            else:
                self._retry(job, host, BACKOFF_SECONDS * 2 ** job.attempt if wait is None else wait)
            return
        location = answer.headers.get("Location")
        if answer.status in REDIRECT_STATUSES and location:
            self._redirect(job, location)
        elif answer.status != 200:
            tries = f" after {job.attempt + 1} tries" if job.attempt else ""
            self._note("failed", job.asked, f"HTTP {answer.status} "
                       f"{http.client.responses.get(answer.status, '')}".strip() + tries)
        else:
            self._took(job, answer)

    def _retry(self, job: _Job, host: str, wait: float) -> None:
        job.attempt += 1
        self._queue(job, first=True)
        self._rest(host, wait)

    def _redirect(self, job: _Job, location: str) -> None:
        target = normalise_url(urljoin(job.url, location))
        if target is None:
            self._note("failed", job.asked, "redirected to a URL that is not a valid http(s) URL "
                       f"({location[:200]})")
        elif job.hops >= MAX_REDIRECTS:
            self._note("failed", job.asked, f"more than {MAX_REDIRECTS} redirects")
        else:
            self._queue(_Job(target, job.kind, job.depth, job.asked, job.hops + 1), first=True)

    def _took(self, job: _Job, answer: Exchange) -> None:
        """A whole 200 answer: an article page to archive, or a feed or sitemap to read."""
        payload = answer.payload(self.options.max_bytes)
        if payload is None:
            self._note("failed", job.asked, "the answer cannot be decompressed "
                       f"({answer.headers.get('Content-Encoding')}) or is too large")
            return
        if job.kind != PAGE:
            self._read_listing(job, payload)
            return
        if answer.content_type and answer.content_type not in readers.HTML_CONTENT_TYPES:
            self._note("skipped", job.asked,
                       f"not a web page ({answer.content_type}); kept in the WARC only")
            return
        self.report.fetched.append({"url": job.asked, "final_url": job.url})
        state = self.store.capture_state(Capture(job.url, payload, KIND_HTML, ""))
        if state is not None and not state.pending:
            self.report.unchanged += 1
        self.journal.remember(job.asked, job.url, self.warc.path, payload)
        if job.depth < self.options.follow:
            for link in article_links(payload, job.url, answer.charset):
                self._admit(link, PAGE, job.depth + 1, invalid_is="skipped")

    def _read_listing(self, job: _Job, payload: bytes) -> None:
        try:
            entries = feed_entries(payload) if job.kind == FEED else sitemap_entries(payload)
        except ValueError as error:
            self._note("failed", job.asked, str(error))
            return
        since = self.options.since
        for entry in entries:
            if since and entry.date is None and entry.kind == PAGE:
                self._note("skipped", entry.url, f"undated in the {job.kind} (--since)")
            elif since and entry.date is not None and entry.date < since:
                # a child sitemap last changed before --since lists nothing newer either
                self._note("skipped", entry.url, "dated before --since")
            elif entry.kind == SITEMAP and job.depth >= MAX_SITEMAP_DEPTH:
                self._note("skipped", entry.url,
                           f"sitemap nested more than {MAX_SITEMAP_DEPTH} levels below the first")
            else:  # a child sitemap is one level deeper; pages start --follow's count at 0
                self._admit(entry.url, entry.kind, job.depth + 1 if entry.kind == SITEMAP else 0,
                            invalid_is="skipped")

    def close(self) -> None:
        self.warc.close()


def read_url_list(lines: Iterable[str]) -> list[str]:
    """URLs from a file, one a line; blank lines and `#` comments are ignored."""
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
