"""URL rules and link discovery: the form a URL is requested in, which site it belongs to,
and the article links a page holds (for --follow)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from archive import dedupe


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


def read_url_list(lines: Iterable[str]) -> list[str]:
    """URLs from a file, one a line; blank lines and `#` comments are ignored."""
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
