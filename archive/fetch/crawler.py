"""The crawl: seeds and options, the polite per-host scheduler (robots.txt, delays, retries,
redirects), and `fetch_into_archive`, which records every exchange and adds the WARC."""
from __future__ import annotations

import contextlib
import http.client
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from archive import dedupe, readers
from archive.fetch.links import _origin, article_links, normalise_url
from archive.fetch.listings import FEED, PAGE, SITEMAP, feed_entries, sitemap_entries
from archive.fetch.recording import Exchange, FetchFailed, MAX_RESPONSE_BYTES, exchange, retry_after
from archive.fetch.warc import _Journal, _WarcFile
from archive.ingest import Index, add_paths
from archive.location import FETCHED_FOLDER, JOURNAL
from archive.model import KIND_HTML, Capture
from archive.store import Store


DEFAULT_DELAY = 1.0       # seconds between two requests to one host
DEFAULT_TIMEOUT = 30.0    # seconds for a whole response, connection included
DEFAULT_RETRIES = 3       # further attempts after a 429, a 5xx or a dropped connection
MAX_REDIRECTS = 5         # hops followed from one URL (RFC 9309 asks at least 5 for robots.txt)
#: Sitemap indexes followed below a seed sitemap: the protocol allows one level; a few more
#: forgive odd sites, and a chain of sitemaps pointing at sitemaps ends here.
MAX_SITEMAP_DEPTH = 3
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
                self._admit(url, kind, 0, invalid=self._fail)

    def _admit(self, url: str, kind: str, depth: int, *,
               invalid: Callable[[str, str], None]) -> None:
        normal = normalise_url(url)
        if normal is None:
            invalid(url, "not an http(s) URL")
            return
        key = (kind, dedupe.canonical_url(normal))
        if key in self.seen:
            return
        self.seen.add(key)
        # pages whose links --follow needs are fetched again: that is how new articles are found
        if kind == PAGE and depth >= self.options.follow and not self.options.refresh:
            if self.journal.when(normal) is not None:
                self._skip(normal, "already fetched (--refresh fetches it again)")
                return
        self._queue(_Job(normal, kind, depth, asked=normal))

    def _queue(self, job: _Job, *, first: bool = False) -> None:
        host = urlsplit(job.url).netloc
        queue = self.queues.setdefault(host, deque())
        queue.appendleft(job) if first else queue.append(job)

    def _fail(self, url: str, reason: str) -> None:
        self.report.failed.append({"url": url, "reason": reason})

    def _skip(self, url: str, reason: str) -> None:
        self.report.skipped.append({"url": url, "reason": reason})

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
            self._fail(job.asked, robots)
            return
        if not robots.can_fetch(self.options.user_agent, job.url):
            self._skip(job.asked, "robots.txt forbids it")
            return
        try:
            answer = self._get(job.url)
        except FetchFailed as failure:
            if failure.retry and job.attempt < self.options.retries:
                self._retry(job, host, BACKOFF_SECONDS * 2 ** job.attempt)
            else:
                self._fail(job.asked, failure.reason)
                self._rest(host, 0)
            return
        self._rest(host, 0)
        if answer.status in RETRY_STATUSES and job.attempt < self.options.retries:
            wait = retry_after(answer.headers.get("Retry-After"))
            if wait is not None and wait > MAX_RETRY_AFTER:
                self._fail(job.asked,
                           f"HTTP {answer.status}; the site asks to wait {wait:.0f} s")
            else:
                self._retry(job, host, BACKOFF_SECONDS * 2 ** job.attempt if wait is None else wait)
            return
        location = answer.headers.get("Location")
        if answer.status in REDIRECT_STATUSES and location:
            self._redirect(job, location)
        elif answer.status != 200:
            tries = f" after {job.attempt + 1} tries" if job.attempt else ""
            self._fail(job.asked, f"HTTP {answer.status} "
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
            self._fail(job.asked, "redirected to a URL that is not a valid http(s) URL "
                       f"({location[:200]})")
        elif job.hops >= MAX_REDIRECTS:
            self._fail(job.asked, f"more than {MAX_REDIRECTS} redirects")
        else:
            self._queue(_Job(target, job.kind, job.depth, job.asked, job.hops + 1), first=True)

    def _took(self, job: _Job, answer: Exchange) -> None:
        """A whole 200 answer: an article page to archive, or a feed or sitemap to read."""
        payload = answer.payload(self.options.max_bytes)
        if payload is None:
            self._fail(job.asked, "the answer cannot be decompressed "
                       f"({answer.headers.get('Content-Encoding')}) or is too large")
            return
        if job.kind != PAGE:
            self._read_listing(job, payload)
            return
        if answer.content_type and answer.content_type not in readers.HTML_CONTENT_TYPES:
            self._skip(job.asked,
                       f"not a web page ({answer.content_type}); kept in the WARC only")
            return
        self.report.fetched.append({"url": job.asked, "final_url": job.url})
        state = self.store.capture_state(Capture(job.url, payload, KIND_HTML, ""))
        if state is not None and not state.pending:
            self.report.unchanged += 1
        self.journal.remember(job.asked, job.url, self.warc.path, payload)
        if job.depth < self.options.follow:
            for link in article_links(payload, job.url, answer.charset):
                self._admit(link, PAGE, job.depth + 1, invalid=self._skip)

    def _read_listing(self, job: _Job, payload: bytes) -> None:
        try:
            entries = feed_entries(payload) if job.kind == FEED else sitemap_entries(payload)
        except ValueError as error:
            self._fail(job.asked, str(error))
            return
        since = self.options.since
        for entry in entries:
            if since and entry.date is None and entry.kind == PAGE:
                self._skip(entry.url, f"undated in the {job.kind} (--since)")
            elif since and entry.date is not None and entry.date < since:
                # a child sitemap last changed before --since lists nothing newer either
                self._skip(entry.url, "dated before --since")
            elif entry.kind == SITEMAP and job.depth >= MAX_SITEMAP_DEPTH:
                self._skip(entry.url,
                           f"sitemap nested more than {MAX_SITEMAP_DEPTH} levels below the first")
            else:  # a child sitemap is one level deeper; pages start --follow's count at 0
                self._admit(entry.url, entry.kind, job.depth + 1 if entry.kind == SITEMAP else 0,
                            invalid=self._skip)

    def close(self) -> None:
        self.warc.close()
