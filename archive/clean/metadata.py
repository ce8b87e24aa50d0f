"""Article metadata: title, publication date, author(s), site name, dateline place.

HTML pages: JSON-LD and meta tags (through trafilatura's metadata reader), the
publication date through htmldate checked against the page (`published`), then a
date in the URL, then the capture date. Text lines
("By …", "Reporting by: …", "كتب: …", "Source: …", datelines) are read by the
patterns below, shared with the plain-text dump reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from archive.clean import published
from archive.scripts import ARABIC_SCRIPT

# Lines naming the author, per language; group "name" is the author list.
BYLINE_PATTERNS = (
    re.compile(r"^\s*(?:reporting|reported|written|text|story|words)\s+by\s*:?\s*(?P<name>.{2,120}?)\s*$", re.I),  # English credit lines
    re.compile(r"^\s*[Bb][Yy]\s*:?\s+(?P<name>[A-Z][^.!?\n]{1,80}?)\s*$"),  # "By Jane Doe" (capitalised name)
    re.compile(r"^\s*(?:author|writer)\s*:\s*(?P<name>.{2,80}?)\s*$", re.I),  # "Author: …"
    re.compile(r"^\s*(?:كتب|كتبت|كتابة|بقلم|إعداد|تقرير)\s*:?\s*(?P<name>[^.!؟\n]{2,60}?)\s*$"),  # Arabic bylines
    re.compile(r"^\s*(?:نووسینی|نووسەر|ئامادەکردنی|ڕاپۆرتی)\s*:?\s*(?P<name>[^.!؟\n]{2,60}?)\s*$"),  # Sorani bylines
    re.compile(r"^\s*ji aliyê\s+(?P<name>[^.!?,\n]{2,60}?)\s+ve\b[^.!?\n]{0,40}[.!]?\s*$", re.I),  # "ji aliyê X ve (hatiye nivîsîn)"
    re.compile(r"^\s*(?:ji aliyê|nûçegihan|nivîsîn|nivîskar|amadekar)\s*:?\s*(?P<name>[^.!?,\n]{2,60}?)\s*$", re.I),  # Kurmanji bylines
    re.compile(r"^\s*(?:مراسل|مراسلة|پەیامنێر|پەیامنێری)\s*:\s*(?P<name>[^.!؟\n]{2,60}?)\s*$"),  # "correspondent:" in Arabic, Sorani
)

# Where a byline stops naming people: a social handle, a digit, a month before a day number.
BYLINE_RUN_ON = re.compile(
    r"@|\d|\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d", re.I)

# Separators and punctuation that bylines leave around a name ("Şêrîn Hesen · 12.04.2018").
AUTHOR_EDGE_JUNK = " \t·•|-–—,;:.،؛"

# Lines naming the source agency or site; everything after such a line in a dump is not article.
SOURCE_PATTERN = re.compile(
    r"^\s*(?:source|via|المصدر|مصدر|سەرچاوە|çavkanî)\s*:\s*(?P<name>.{2,80}?)\s*$", re.I)

_ARABIC = ARABIC_SCRIPT.pattern
# A dateline opening the first paragraph: "Hasakah, Syria – …", "QAMISHLI — …", "الحسكة – …".
DATELINE = re.compile(
    r"^\s*(?P<place>"
    r"[A-Z][\w'’.-]*(?:[ -][A-Za-z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})?"
    rf"|{_ARABIC}(?:{_ARABIC}|[\u200c ]){{1,30}}?(?:،\s*{_ARABIC}(?:{_ARABIC}|[\u200c ]){{1,20}}?)?"
    r")\s*(?:\([^)]{1,30}\)\s*)?[–—-]{1,2}\s+\S"
)

# Caption lines in dumps: a short line ending in a photo credit.
CAPTION_LINE = re.compile(
    r"(?:file photo|archive photo|photo:.*|photo by .*|\(photo.*\)|\(file\)|"
    r"صورة أرشيفية|صورة من الأرشيف|\(أرشيف\)|وێنەی ئەرشیف|wêneyê arşîvê|wêne:.*)\s*\.?\s*$",
    re.I,
)

# Lines with only a date stamp; "Updated" stamps are recognised so they are not taken.
UPDATED_LINE = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|تحديث|آخر تحديث|نوێکراوەتەوە|nûkirin)\b", re.I)
PUBLISHED_LINE = re.compile(r"^\s*(?:published|posted|date|تاريخ النشر|نشر في|بڵاوکراوەتەوە|hate weşandin)\s*:?\s*", re.I)

MONTHS = {name: number for number, names in enumerate((
    "jan january", "feb february", "mar march", "apr april", "may", "jun june",
    "jul july", "aug august", "sep sept september", "oct october", "nov november",
    "dec december"), start=1) for name in names.split()}
# 06.11.2015 or 11/06/2015: day first (Kurdish, Arabic, European) or month first (American);
# read by `_numeric_order` from the page's own evidence.
NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b")
ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")
DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>(?:19|20)\d\d)\b")
MONTH_DAY_YEAR = re.compile(r"\b(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")

# Site-name separators in <title>: "Headline | Site", "Site :: Headline", "Headline - Site",
# "Site » Headline" (Arabic and Kurdish sites use the same marks, and "|" unspaced).
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»«•~/]|::|//)\s+|\s*\|\s*|\s+::\s*")
# Longer than this, a home link's text is not a site name.
MAX_SITE_NAME_CHARS = 40
# Words that name a section, a role or the site, never a person who wrote the article.
NOT_AN_AUTHOR = re.compile(
    r"^(?:admin(?:istrator)?|editor(?:ial)?(?: (?:team|staff|board))?|staff(?: writer| reporter)?|"
    r"news(?: desk| team| staff)?|newsroom|web ?desk|webmaster|guest|anonymous|unknown|"
    r"المحرر|التحرير|فريق التحرير|هيئة التحرير|أخبار|إدارة الموقع|"
    r"دەستەی نووسەران|هەواڵ|nûçe|redaksiyon|edîtor)$", re.I)


@dataclass
class Metadata:
    """What the detectors found; None where nothing was found."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    place: str | None = None
    lang_hint: str | None = None
    url: str | None = None          # the page's canonical address (link rel=canonical, og:url)


def byline(line: str) -> str | None:
    """The author(s) named by a byline, joined by "; ", or None."""
    for pattern in BYLINE_PATTERNS:
        match = pattern.match(line)
        if match:
            return _join_authors(match.group("name"))
    return None


def _join_authors(names: str) -> str:
    # a byline runs on into a handle and a time stamp: "Jon Porter@JonPorty Jul 3, 2019"
    names = BYLINE_RUN_ON.split(names, maxsplit=1)[0]
    parts = re.split(r"\s*(?:,| and | & |;|؛| و )\s*", names.strip().rstrip("."))
    parts = (part.strip(AUTHOR_EDGE_JUNK) for part in parts)
    return "; ".join(part for part in parts if part)


def source_line(line: str) -> str | None:
    match = SOURCE_PATTERN.match(line)
    return match.group("name").strip().rstrip(".") if match else None


def dateline_place(paragraph: str) -> str | None:
    """The place a dateline opens a paragraph with, e.g. "Hasakah, Syria"."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip()
    if place.isupper() and len(place) > 3:
        place = place.title()  # "QAMISHLI" -> "Qamishli"
    return place


def parse_date(text: str, evidence: str = "") -> str | None:
    """The first calendar date in `text`, as YYYY-MM-DD.

    A numeric date that reads both ways (05/10/2016) is settled by the other numeric dates
    in `evidence` (the whole page or dump) written with the same separator; dotted dates
    are day first; a slashed one nothing settles is left out rather than guessed."""
    for pattern in (ISO_DATE, NUMERIC_DATE, DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if pattern is NUMERIC_DATE:
            order = _numeric_order(match, evidence or text)
            if order is None:
                continue
            groups = dict(groups, d=groups[order[0]], m=groups[order[1]])
        month = int(groups["m"]) if "m" in groups else MONTHS.get(groups["mon"].lower())
        if not month:
            continue
        iso = _valid(int(groups["y"]), month, int(groups["d"]))
        if iso:
            return iso
    return None


def _numeric_order(match: re.Match, evidence: str) -> tuple[str, str] | None:
    """("a", "b") when the date is day first, ("b", "a") when month first, None when unsettled."""
    day_first, month_first = ("a", "b"), ("b", "a")
    a, b, sep = int(match["a"]), int(match["b"]), match["sep"]
    if a > 12 or b > 12:
        return day_first if a > 12 else month_first
    votes = set()
    for other in NUMERIC_DATE.finditer(evidence):
        if other["sep"] == sep and (int(other["a"]) > 12) != (int(other["b"]) > 12):
            votes.add(day_first if int(other["a"]) > 12 else month_first)
    if len(votes) == 1:
        return votes.pop()
    return day_first if sep == "." else None


def date_from_url(url: str | None) -> str | None:
    match = published.URL_DATE.search(url or "")
    if not match:
        return None
    return _valid(int(match.group("y")), int(match.group("m")), int(match.group("d") or 1))


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def clean_title(title: str | None, site_name: str | tuple | None, url: str | None = None) -> str | None:
    """A headline without the site name that <title> tags often add before or after it
    (`site_name` may be several names the page gives its site)."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = [part for part in TITLE_SEPARATORS.split(title) if part.strip()]
    names = site_name if isinstance(site_name, tuple) else (site_name,)
    if len(parts) > 1:
        kept = [p for p in parts if not any(is_site_name(p, name, url) for name in names)]
        if 0 < len(kept) < len(parts):
            return " - ".join(kept)
        # Without a known site name, drop a short last part ("… | ARA News").
        if len(parts[-1].split()) <= 3 and len(parts[0].split()) >= 3:
            return " - ".join(parts[:-1])
    return title


def is_site_name(text: str, site_name: str | None, url: str | None) -> bool:
    """`text` names the site: its given name, or its domain ("ARA News" on aranews.net)."""
    key = _letters(text)
    if not key:
        return False
    if site_name and key == _letters(site_name):
        return True
    host = re.sub(r"^(?:www\d?|m|en|ar|ku|amp)\.", "", urlsplit(url or "").hostname or "")
    labels = host.split(".")
    return bool(labels and labels[0]) and key in (_letters(labels[0]), _letters(host))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def plausible_author(author: str | None, site_name: str | None, url: str | None) -> str | None:
    """The author list without names that are the site's, a section's or a role."""
    if not author:
        return None
    names = [name for name in author.split("; ")
             if not NOT_AN_AUTHOR.match(name.strip()) and not is_site_name(name, site_name, url)
             and not name.startswith(("http://", "https://"))]
    return "; ".join(names) or None


def html_metadata(tree, url: str | None) -> Metadata:
    """Metadata of a parsed page (before pruning)."""
    from trafilatura.metadata import extract_metadata

    # trafilatura runs htmldate itself: one date search a page, with our options
    options = published.date_options()
    published.drop_modified_stamps(tree)
    try:
        found = extract_metadata(tree, default_url=url, date_config=options)
    except (ValueError, TypeError):  # htmldate on a date it cannot read
        found = extract_metadata(tree, default_url=url, date_config=dict(options, extensive_search=False))
    site = (found.sitename or "").strip() or None
    title = _headline(tree, found.title, site, url)
    when = published.published_date(found.date, tree, url)
    lang = tree.get("lang") or tree.get("xml:lang")
    author = None
    if found.author:
        author = byline(found.author) or _join_authors(found.author.replace(";", ","))
    author = plausible_author(author, site, url)
    canonical = found.url if (found.url or "").startswith(("http://", "https://")) else None
    return Metadata(title=title, date=when or date_from_url(url), author=author,
                    source=site, lang_hint=(lang or "").split("-")[0].lower() or None,
                    url=canonical)


def _headline(tree, title: str | None, site: str | None, url: str | None) -> str | None:
    """The metadata title, or when that is only the site's name (an og:title set site-wide)
    the page's <title> or first <h1>, each without the site name."""
    candidates = (title, tree.findtext(".//title"), _first_text(tree, "//h1"))
    names = (site,)
    if any(TITLE_SEPARATORS.search(candidate or "") for candidate in candidates):
        names += tuple(_home_names(tree, url))
    for candidate in candidates:
        cleaned = clean_title(candidate, names, url)
        if cleaned and not any(is_site_name(cleaned, name, url) for name in names):
            return cleaned
    return None


def _home_names(tree, url: str | None) -> list[str]:
    """Names the page gives its site beside og:site_name: the text or logo of the links to its
    home page, its application-name ("ڕووداو" on rudaw.net, "ANHA" on hawarnews.com)."""
    parts = urlsplit(url or "")
    root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
    names = tree.xpath("//meta[@name='application-name']/@content")
    for link in tree.xpath("//a[@href='/' or @href=$root or @href=$slash]", root=root or "/",
                           slash=f"{root}/" if root else "/"):
        names.extend([link.text_content(), *link.xpath(".//img/@alt")])
    names = [" ".join(name.split()) for name in names]
    return list(dict.fromkeys(name for name in names if 0 < len(name) <= MAX_SITE_NAME_CHARS))


def _first_text(tree, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else None
