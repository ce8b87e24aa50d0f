"""The WARC file a fetch writes its exchanges into, and the journal of pages fetched, which
lets a re-run fetch only what is missing."""
from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from warcio.warcwriter import WARCWriter

from archive import dedupe
from archive.fetch.recording import Exchange
from archive.model import KIND_HTML, Capture


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
