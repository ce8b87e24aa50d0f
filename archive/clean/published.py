"""The publication date of an HTML page: htmldate's answer, checked against the page's own evidence.

htmldate (run inside trafilatura's metadata reader) looks for the original date with
`original_date=True`. Where its order of evidence is known to go wrong, the page is
read again:

* a stamp of the last change (`og:updated_time`, `article:modified_time`,
  `itemprop="dateModified"`) is removed first: asked for the original date, htmldate
  falls back on it before it reads JSON-LD and the page's `<time>` elements;
* a bare `<meta name="date">` (or `dc.date`, `dcterms.date`) is often the date a CMS
  last saved the page: when the page's visible text writes another date that htmldate
  finds in the body's date elements, that one is taken;
* a time stamp given in UTC that the page also gives with its own offset is read on the
  publisher's calendar ("2023-11-09T02:11Z" is 8 November in Boston);
* a numeric date read month first where the page writes it day first is turned round.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from archive.clean.structure import drop

# htmldate's options: the original publication date, not an "Updated" stamp; its extensive
# search of the page's text when markup and the URL say nothing.
DATE_OPTIONS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%d"}

# Markup naming when a page was last changed (Open Graph, article:, Dublin Core, schema.org).
MODIFIED_STAMP = re.compile(r"modif|updat|lastmod|revis|^utime$", re.I)
# A stamp element holds a date and a time, not a paragraph.
MAX_STAMP_CHARS = 60
# Meta names that say "a date" without saying which.
GENERIC_DATE_NAMES = ("date", "dc.date", "dcterms.date")
LOOSE_ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})")

# A time stamp with its zone: "2023-11-08T21:11:03-05:00", "2020-12-24 23:59:50+00:00".
TIME_STAMP = re.compile(r"(?P<day>(?:19|20)\d\d-\d\d-\d\d)[T ](?P<clock>\d\d:\d\d)(?::\d\d(?:\.\d+)?)?"
                        r"(?P<zone>Z|[+-]\d\d:?\d\d)\b")
UTC_ZONES = ("Z", "+00:00", "+0000", "-00:00")
JSON_LD_XPATH = "//script[@type='application/ld+json']/text()"
# Stamps that say "published": Open Graph's article:, schema.org's datePublished.
PUBLISHED_XPATH = ("//meta[@property='article:published_time']/@content"
                   " | //*[@itemprop='datePublished']/@content | //*[@itemprop='datePublished']/@datetime")
JSON_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
# A stamp's day, and its zone when it has one (none is read as UTC).
STAMP_DAY = re.compile(r"(?P<day>(?:19|20)\d\d-\d\d-\d\d)(?:[T ][\d:.]+(?P<zone>Z|[+-]\d\d:?\d\d)?)?")
# A date in a URL's path: /2016/06/ or /2016/06/21/ (read by htmldate too; also for dumps).
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>\d{1,2})(?:[/-](?P<d>\d{1,2}))?(?:/|-|$)")
# The text a reader sees: no scripts, styles or attributes.
VISIBLE_TEXT = "//body//text()[not(ancestor::script or ancestor::style)]"

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")


def date_options() -> dict:
    """htmldate's options for a page cleaned today (no date after today)."""
    return dict(DATE_OPTIONS, max_date=date.today().isoformat())


def drop_modified_stamps(tree) -> None:
    """Remove the page's stamps of its last change, so htmldate never takes one for the
    original date (they are not article text either)."""
    for element in list(tree.iter("meta", "time")):  # tree.iter: faster than XPath's //
        key = element.get("property") or element.get("name") or element.get("itemprop")
        if key and MODIFIED_STAMP.search(key) and len(element.text_content()) <= MAX_STAMP_CHARS:
            drop(element)


def published_date(found: str | None, tree, url: str | None) -> str | None:
    """htmldate's date `found` for the parsed page `tree`, checked against the page."""
    if not found:
        return None
    found = _instead_of_generic_meta(found, tree, url)
    found = _instead_of_url_day(found, tree, url)
    if _url_month(url) != found[:7]:  # else the URL settles day and month
        found = settle_day_month(found, tree.text_content)
    return _local_date(found, tree)


def _url_month(url: str | None) -> str | None:
    match = URL_DATE.search(url or "")
    return f"{match['y']}-{int(match['m']):02d}" if match and 1 <= int(match["m"]) <= 12 else None


def _instead_of_url_day(found: str, tree, url: str | None) -> str:
    """A URL's day ("/2023/10/3-questions/" read as 3 October) gives way to the page's own
    publication stamp of the same month: the URL's year and month confirm the stamp."""
    match = URL_DATE.search(url or "")
    if not match or not match["d"] or f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}" != found:
        return found  # htmldate's date is not the URL's day
    stamps = tree.xpath(PUBLISHED_XPATH) + [
        match.group(1) for script in tree.xpath(JSON_LD_XPATH) for match in JSON_PUBLISHED.finditer(script)]
    days = {match["day"] for stamp in stamps for match in STAMP_DAY.finditer(stamp)
            if match["day"][:7] == found[:7] and not _shifted(match, found)}
    return days.pop() if len(days) == 1 and found not in days else found


def _shifted(match: re.Match, url_day: str) -> bool:
    """A UTC stamp a day from the URL's day: both may be right, on two sides of midnight."""
    gap = abs((date.fromisoformat(match["day"]) - date.fromisoformat(url_day)).days)
    return gap <= 1 and (match["zone"] or "Z") in UTC_ZONES


def _instead_of_generic_meta(found: str, tree, url: str | None) -> str:
    """The date of the body's date elements when a bare <meta name="date"> said otherwise and
    the page's visible text writes the body's date."""
    generic = [meta for meta in tree.iter("meta") if (meta.get("name") or "").lower() in GENERIC_DATE_NAMES]
    if not any(_numeric_written(found, _padded(meta.get("content") or "")) for meta in generic):
        return found  # htmldate's date is not the bare meta's
    from htmldate import find_date

    for element in generic:  # trafilatura has read the page's metadata: they can go
        drop(element)
    try:
        body_date = find_date(tree, url=url, **dict(date_options(), extensive_search=False))
    except (ValueError, TypeError):
        return found
    if not body_date or body_date == found:
        return found
    visible = " ".join(" ".join(tree.xpath(VISIBLE_TEXT)).split())
    return body_date if written(body_date, visible) else found


def _padded(stamp: str) -> str:
    """An ISO day with its month and day in two digits ("2022-1-26T14:32" -> "2022-01-26T14:32")."""
    return LOOSE_ISO_DAY.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", stamp, count=1)


def written(iso: str, text: str) -> bool:
    """The date `iso` is written in `text`: ISO, dotted day first, or with an English month name."""
    if _numeric_written(iso, text):
        return True
    y, m, d = iso.split("-")
    month = MONTH_NAMES[int(m) - 1]
    forms = (rf"(?<!\d)0?{int(d)}(?:st|nd|rd|th)?\.?\s+{month[:3]}[a-z]*\.?,?\s+{y}(?!\d)",
             rf"\b{month[:3]}[a-z]*\.?\s+0?{int(d)}(?:st|nd|rd|th)?,?\s+{y}(?!\d)")
    return any(re.search(form, text, re.I) for form in forms)


def settle_day_month(iso: str, text) -> str:
    """`iso`, or the date with day and month exchanged when the page's text writes only
    that one in an unambiguous form (ISO, or dotted day first): a numeric date in the markup
    (11/01/2023) read the other way round than the page's own "01.11.2023". `text` may be
    a function that returns it (read only when the date could be turned round)."""
    year, month, day = iso.split("-")
    if month == day or int(day) > 12:
        return iso
    swapped = f"{year}-{day}-{month}"
    text = text() if callable(text) else text
    if _numeric_written(swapped, text) and not _numeric_written(iso, text):
        return swapped
    return iso


def _numeric_written(iso: str, text: str) -> bool:
    """ISO or dotted day first; digits only as borders: text_content() runs blocks together
    ("01.11.2023Farmers"), and a dotted date may be spaced ("4.&thinsp;2.&thinsp;2022")."""
    y, m, d = iso.split("-")
    forms = (rf"(?<!\d){y}-{m}-{d}(?!\d)", rf"(?<![\d.])0?{int(d)}\.\s?0?{int(m)}\.\s?{y}(?!\d)")
    return any(re.search(form, text) for form in forms)


def _local_date(found: str, tree) -> str:
    """The publisher's calendar date when the page gives its time stamp twice, in UTC and with
    its own offset, and htmldate took the UTC one: "2023-11-09T02:11Z" is 8 November in Boston."""
    stamps = [match for value in _stamp_values(tree) for match in TIME_STAMP.finditer(value)]
    utc = {_instant(match) for match in stamps
           if match["day"] == found and match["zone"] in UTC_ZONES}
    for match in stamps:
        if match["zone"] not in UTC_ZONES and match["day"] != found and _instant(match) in utc:
            return match["day"]
    return found


def _stamp_values(tree) -> list[str]:
    """Where pages put machine-readable time stamps: meta content, <time datetime>, JSON-LD."""
    values = []
    for element in tree.iter("meta", "time", "script"):
        if element.tag == "script":
            if element.get("type") == "application/ld+json" and element.text:
                values.append(element.text)
        else:
            value = element.get("content" if element.tag == "meta" else "datetime") or ""
            if value[:2] in ("19", "20"):
                values.append(value)
    return values


def _instant(match: re.Match) -> datetime:
    zone = "+00:00" if match["zone"] in UTC_ZONES else match["zone"]
    return datetime.fromisoformat(f"{match['day']}T{match['clock'][:5]}{zone[:3]}:{zone[-2:]}")
