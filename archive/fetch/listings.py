"""Feeds (RSS, Atom) and sitemaps: the pages they list, with their dates, read without
letting a document declare its own entities."""
from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from archive import readers
from archive.fetch.recording import MAX_RESPONSE_BYTES, _gunzip
from archive.model import DATE


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


def since_date(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it names (ValueError otherwise)."""
    if not DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date like 2016, 2016-03 or 2016-03-21")
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


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
