"""`khabar export`: articles out of the archive, in a form other tools (or khabar) read.

JSON Lines carries each article's cleaned fields and is what `khabar add`
reads back; CSV is for spreadsheets; WARC writes the original captures, bytes
as crawled, so the raw evidence can travel with a selection.
"""
from __future__ import annotations

import csv
import io
import json
from typing import BinaryIO, Callable

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.model import ARTICLE_FIELDS, KIND_HTML, KIND_RECORD, KIND_TEXT, Article
from archive.store import Store

#: The columns of JSON Lines and CSV exports, in order (`khabar add` reads these names).
FIELDS = ("id", *ARTICLE_FIELDS)
#: The content type of a `resource` record holding a capture of each kind (the readers map
#: them back).
RESOURCE_TYPES = {KIND_HTML: "text/html", KIND_TEXT: "text/plain", KIND_RECORD: "application/json"}


def write_export(store: Store, ids: list[str], fmt: str, stream: BinaryIO, *,
                 escape: Callable[[str], str]) -> int:
    """Write the articles `ids` to `stream` as `fmt` (jsonl, csv or warc); returns the count.

    `escape` makes each JSON line and CSV cell safe to print: crawled text can carry
    terminal controls, and an export often goes to a terminal or a pager.
    """
    if fmt == "warc":
        return _write_warc(store, ids, stream)
    articles = store.get_articles(ids)
    ordered = [articles[i] for i in ids if i in articles]
    if fmt == "jsonl":
        for article in ordered:
            record = {"id": article.id, **Article.to_dict(article)}
            stream.write((escape(json.dumps(record, ensure_ascii=False)) + "\n").encode("utf-8"))
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(FIELDS)
        for article in ordered:
            writer.writerow([escape(_cell(getattr(article, name))) for name in FIELDS])
        stream.write(text.getvalue().encode("utf-8"))
    return len(ordered)


def _write_warc(store: Store, ids: list[str], stream: BinaryIO) -> int:
    """Each selected article's captures as WARC records: `response` for pages, `resource` else."""
    writer = WARCWriter(stream, gzip=True)
    written = 0
    for article_id in ids:
        for capture in store.capture_records(article_id):
            payload = io.BytesIO(capture.raw)
            warc_headers = {"WARC-Date": _warc_date(capture.captured_at)} \
                if capture.captured_at else None
            if capture.kind == KIND_HTML and capture.http_headers:
                status, *lines = capture.http_headers.splitlines()
                headers = [tuple(line.split(":", 1)) for line in lines if ":" in line]
                # the stored bytes are decoded already: drop encodings that no longer apply
                headers = [(k, v.strip()) for k, v in headers
                           if k.lower() not in ("transfer-encoding", "content-encoding",
                                                "content-length")]
                http = StatusAndHeaders(status.split(" ", 1)[1] if " " in status else status,
                                        headers, protocol=status.split(" ", 1)[0])
                record = writer.create_warc_record(capture.url, "response", payload=payload,
                                                   http_headers=http,
                                                   warc_headers_dict=warc_headers)
            else:
                record = writer.create_warc_record(capture.url, "resource", payload=payload,
                                                   warc_content_type=RESOURCE_TYPES[capture.kind],
                                                   warc_headers_dict=warc_headers)
            writer.write_record(record)
        written += 1
    return written


def _cell(value) -> str:
    """A CSV cell: a list (the captions) one item per line."""
    return "\n".join(value) if isinstance(value, list) else value or ""


def _warc_date(iso: str) -> str:
    """WARC-Date wants UTC with a Z."""
    return iso.replace("+00:00", "Z") if iso.endswith("+00:00") else iso
