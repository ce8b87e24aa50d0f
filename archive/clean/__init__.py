"""The cleaner: a `Capture` in, an `Article` (body text and metadata) out.

HTML pages go through encoding → structural pruning → extraction → the noise
pass → metadata; plain-text dumps through encoding → the dump reader → the
noise pass; JSON records keep their given fields and fill the missing ones with
the same detectors. trafilatura is imported only when an HTML page is cleaned.
"""
from __future__ import annotations

import json
import re

from archive.clean import language, metadata as meta
from archive.clean.encoding import decode
from archive.clean.noise import strip_noise
from archive.clean.text_dump import parse_dump
from archive.model import KIND_HTML, KIND_RECORD, KIND_TEXT, Article, Capture, CleanError

__all__ = ["clean", "clean_bytes"]

# Space characters that carry no meaning in a stored article body.
ODD_SPACES = {ord(ch): " " for ch in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}

# An article body shorter than this (in characters) is not an article.
MIN_TEXT_CHARS = 40

# C0 and C1 control characters but tab and line breaks, and the replacement character a failed
# decoding leaves: they never reach a stored field.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
# A capture whose non-space characters are more than this share control or replacement
# characters is junk (a file full of NUL bytes, a binary read as text), not an article.
MAX_JUNK_SHARE = 0.2


def clean(capture: Capture) -> Article:
    """Clean one capture; raises CleanError when it holds no article."""
    if capture.kind == KIND_RECORD:
        return _scrubbed(_clean_record(capture))
    text, _ = decode(capture.raw, capture.http_headers)
    text = _without_controls(text, capture.url)
    if capture.kind == KIND_HTML:
        return _scrubbed(_clean_html(text, capture.url, capture.captured_at))
    if capture.kind == KIND_TEXT:
        return _scrubbed(_clean_text(text, capture.url, capture.captured_at))
    raise CleanError(f"{capture.url}: unknown capture kind {capture.kind!r}")


def _scrubbed(article: Article) -> Article:
    """No control character reaches a stored field, wherever it came from (entities, records)."""
    for name in ("title", "text", "author", "source", "place"):
        value = getattr(article, name)
        if value:
            setattr(article, name, CONTROL_CHARS.sub("", value))
    article.captions = [CONTROL_CHARS.sub("", caption) for caption in article.captions]
    return article


def _without_controls(text: str, url: str) -> str:
    """The text without control and replacement characters; CleanError when they are most of it."""
    if CONTROL_CHARS.search(text) is None:  # the common case: one scan, no list
        return text
    junk = len(CONTROL_CHARS.findall(text))
    visible = len(text) - sum(text.count(ch) for ch in " \t\r\n")
    if junk > MAX_JUNK_SHARE * max(visible, 1):
        raise CleanError(f"{url or 'input'}: not an article: {junk / max(visible, 1):.0%} of "
                         "its characters are control or replacement characters")
    return CONTROL_CHARS.sub("", text)


def clean_bytes(raw: bytes, *, url: str | None = None, kind: str | None = None) -> Article:
    """Clean bytes from a file or stdin (`khabar clean`); the kind is guessed when None."""
    kind = kind or guess_kind(raw)
    return clean(Capture(url=url or "", raw=raw, kind=kind, source_file=url or "-"))


def guess_kind(raw: bytes) -> str:
    """HTML, a JSON record or a text dump, judged by the content."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        try:
            record = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            record = None
        if isinstance(record, dict) and ("text" in record or "html" in record):
            return KIND_RECORD
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<!--",
                        b"<style", b"<script", b"<link", b"<title", b"<noscript")):
        return KIND_HTML
    if b"<p" in raw[:65536].lower() and b"</" in raw[:65536]:
        return KIND_HTML
    return KIND_TEXT


def _clean_html(html: str, url: str, captured_at: str | None) -> Article:
    from archive.clean.extract import extract_tree, parse, protect_joiners, restore_joiners

    tree = parse(protect_joiners(html))
    if tree is None:
        raise CleanError(f"{url}: no HTML to read")
    found = meta.html_metadata(tree, url or None)
    extraction = extract_tree(tree, url=url or None)
    text, noise = strip_noise(_spaces(restore_joiners(extraction.text)).replace("\n", "\n\n"))
    if len(text) < MIN_TEXT_CHARS:
        raise CleanError(f"{url}: no article text found")
    title = restore_joiners(found.title)
    author, body = _pop_byline(_drop_title(text, title), restore_joiners(found.author))
    return Article(
        # a crawl's address (a mirror, a localhost copy) gives way to the page's own canonical one
        url=found.url or url, title=title or _first_line(body), text=body,
        lang=language.detect(body, found.lang_hint),
        date=found.date or _capture_date(captured_at), author=author,
        source=restore_joiners(found.source), place=_place(body),
        captions=[restore_joiners(c) for c in extraction.captions],
        removed=extraction.removed + noise)


def _clean_text(text: str, url: str, captured_at: str | None) -> Article:
    parts = parse_dump(text)
    if parts is None or len(parts.text) < MIN_TEXT_CHARS:
        raise CleanError(f"{url or 'text'}: no article text found")
    return Article(
        url=url, title=parts.title, text=_spaces(parts.text), lang=language.detect(parts.text),
        date=parts.date or meta.date_from_url(url) or _capture_date(captured_at),
        author=parts.author, source=parts.source, place=parts.place,
        captions=parts.captions, removed=parts.removed)


def _clean_record(capture: Capture) -> Article:
    try:
        record = json.loads(capture.raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CleanError(f"{capture.url}: not a JSON record ({error})") from error
    if not isinstance(record, dict) or not record.get("url") or not (
            record.get("text") or record.get("html")):
        raise CleanError(f"{capture.url}: a record needs url and text")
    url = record["url"]
    if record.get("html"):
        article = _clean_html(_without_controls(str(record["html"]), url), url, capture.captured_at)
    else:
        text = _without_controls(str(record["text"]), url)
        if record.get("title"):
            # The dump reader takes the first line as the title: put the given one there.
            text = f"{record['title']}\n\n{text}"
        article = _clean_text(text, url, capture.captured_at)
    for name in ("title", "author", "source"):
        if record.get(name):
            setattr(article, name, str(record[name]).strip())
    if record.get("date"):
        article.date = meta.parse_date(str(record["date"])) or article.date
    if record.get("lang"):
        article.lang = str(record["lang"]).strip().lower()
    captions = record.get("captions")
    if isinstance(captions, list):
        article.captions = [str(caption).strip() for caption in captions if str(caption).strip()]
    return article


def _pop_byline(text: str, author: str | None) -> tuple[str | None, str]:
    """A byline paragraph at the top or bottom of the body sets the author and leaves the body."""
    paragraphs = text.split("\n\n")
    for index in (0, 1, len(paragraphs) - 1):
        if 0 <= index < len(paragraphs) and len(paragraphs) > 1:
            found = meta.byline(paragraphs[index]) if len(paragraphs[index]) < 130 else None
            if found:
                del paragraphs[index]
                return author or found, "\n\n".join(paragraphs)
    return author, text


def _drop_title(text: str, title: str | None) -> str:
    """The headline is a field of its own: a body that opens with it loses it."""
    first, _, rest = text.partition("\n\n")
    if title and rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def _place(body: str) -> str | None:
    """The dateline place, looked for in the first two paragraphs (a kicker may come first)."""
    for paragraph in body.split("\n\n")[:2]:
        place = meta.dateline_place(paragraph)
        if place:
            return place
    return None


def _spaces(text: str) -> str:
    """No-break and other fixed-width spaces become plain spaces (copy-paste leaves them)."""
    return text.translate(ODD_SPACES)


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:200]
    return ""


def _capture_date(captured_at: str | None) -> str | None:
    return meta.parse_date(captured_at) if captured_at else None
