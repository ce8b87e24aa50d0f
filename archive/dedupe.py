"""Recognise the same article under another URL, with the same text, or with small edits.

Three levels, cheapest first: `canonical_url` folds URL spellings that name one page,
`text_hash` matches identical text, and `simhash` with `near_duplicate` groups syndicated
copies and re-crawls that differ by a few words. `simhash_bands` lets the store find
near-duplicate candidates with an indexed SQLite lookup instead of a scan.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import courlan

#: Query parameters that track or share a page but never change which page it is.
TRACKING_PARAMETERS = {
    "share",        # WordPress share buttons: ?share=email, ?share=facebook
    "amp",          # ?amp=1 asks for the AMP rendering of the same article
    "fbclid",       # Facebook click id
    "gclid",        # Google Ads click id
    "dclid",        # Google display ads click id
    "msclkid",      # Microsoft Ads click id
    "yclid",        # Yandex click id
    "mc_cid",       # Mailchimp campaign id
    "mc_eid",       # Mailchimp subscriber id
    "igshid",       # Instagram share id
    "ref",          # referrer tag many CMSs append to internal links
    "ref_src",      # Twitter referrer
    "replytocom",   # WordPress comment-reply links to the same article
    "output",       # ?output=amp on Blogger, the same article
}
#: Query parameter prefixes that are all tracking.
TRACKING_PREFIXES = (
    "utm_",         # Google Analytics campaign tags
    "hmb_",         # HubSpot campaign tags
    "pk_",          # Matomo/Piwik campaign tags
)
#: Last path segments that are the folder's default document.
INDEX_DOCUMENTS = {"index.html", "index.htm", "index.php", "default.aspx", "default.asp"}
#: WordPress multisite serves uploads and posts under /files/YYYY/MM/...: same as /YYYY/MM/...
WORDPRESS_FILES_PREFIX = re.compile(r"^/files(/\d{4}/\d{2}/)")
#: Trailing `/amp` segment: the AMP rendering of the article at the parent path.
AMP_SUFFIX = re.compile(r"/amp/?$")
#: Characters kept unencoded in a path (everything else is percent-encoded once).
PATH_SAFE = "/:@!$&'()*+,;=~-._"
#: Host prefixes that name the same site as the bare domain.
SAME_SITE_HOST_PREFIXES = ("www.",)

#: Arabic tatweel stretches a word for looks; it is not part of the text.
TATWEEL = "\u0640"
#: Word shingle size for simhash: pairs keep some word order (unlike single words, which
#: bring unrelated articles within a few bits) yet an edited word touches only two shingles.
SHINGLE_WORDS = 2
#: The 64 bits of a simhash are split into this many bands of equal width for indexing.
SIMHASH_BANDS = 4
SIMHASH_BITS = 64
SIMHASH_MASK = (1 << SIMHASH_BITS) - 1


def canonical_url(url: str) -> str:
    """One spelling for all the URLs that name the same article."""
    url = url.strip()
    # courlan lowercases scheme and host, drops default ports, removes utm_* tags, sorts
    # the query, and tolerates odd input; when it refuses a URL we work on it as given.
    normalised = courlan.normalize_url(url) or url
    parts = urlsplit(normalised)
    # http and https serve the same articles; https is what sites redirect to today.
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    host = (parts.hostname or "").lower()
    # www.example.com and example.com are the same site.
    for prefix in SAME_SITE_HOST_PREFIXES:
        host = host.removeprefix(prefix)
    # keep only non-default ports (courlan drops :80 and :443, hostname drops the port).
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _canonical_path(parts.path)
    # tracking and share parameters do not change the page; the rest are sorted.
    query = urlencode(sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                             if not _is_tracking(name)))
    # the fragment is a place inside the page, not another page.
    return urlunsplit((scheme, host, path, query, ""))


def _canonical_path(path: str) -> str:
    # one percent-encoding: raw UTF-8 (common in Arabic URLs) and %D8%.. spellings match.
    path = quote(unquote(path), safe=PATH_SAFE)
    # repeated slashes come from sloppy link building and name the same page.
    path = re.sub(r"/{2,}", "/", path)
    # WordPress /files/2016/03/slug/ is the article at /2016/03/slug/.
    path = WORDPRESS_FILES_PREFIX.sub(r"\1", path)
    # /slug/amp/ is the AMP rendering of /slug/.
    path = AMP_SUFFIX.sub("/", path)
    # /folder/index.html is /folder/.
    head, _, last = path.rpartition("/")
    if last.lower() in INDEX_DOCUMENTS:
        path = head + "/"
    # /slug/ and /slug are the same page; the site root stays "/".
    path = path.rstrip("/") or "/"
    return path


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


class _Separators(dict):
    """A `str.translate` table filled as characters are met (a page holds a few hundred
    distinct ones): punctuation and invisible format marks become a space, tatweel goes,
    every other character stays. One C-level pass a text instead of a Python loop a character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        category = unicodedata.category(char)
        self[code] = " " if category[0] == "P" or category == "Cf" else char
        return self[code]


SEPARATORS = _Separators({ord(TATWEEL): ""})


def normalised_words(text: str) -> list[str]:
    """The words of a text with case, punctuation, tatweel and spacing differences removed."""
    return unicodedata.normalize("NFKC", text).casefold().translate(SEPARATORS).split()


def text_hash(text: str) -> str:
    """sha256 of the normalised text: equal for copies that differ only in spacing, case or punctuation."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


#: Bit-sliced counting: each bit of a shingle's hash gets a 16-bit lane in one big integer,
#: so adding the spread integers counts every bit position at once (a shingle's 8 bytes
#: take 8 table lookups instead of 64 bit tests).
LANE_BITS = 16
BYTE_LANES = [sum((byte >> i & 1) << (i * LANE_BITS) for i in range(8)) for byte in range(256)]
#: Lanes count up to 2**16 - 1 shingles: longer texts are fingerprinted by their beginning.
MAX_SHINGLES = (1 << LANE_BITS) - 1


def simhash(text: str) -> int:
    """A 64-bit SimHash over word shingles; close texts get hashes a few bits apart.

    Each shingle is hashed with blake2b (stable across processes, unlike `hash()`); each
    bit of the result is the majority vote of that bit over all shingles.
    """
    words = normalised_words(text)
    if not words:
        return 0
    size = min(SHINGLE_WORDS, len(words))
    shingles = min(len(words) - size + 1, MAX_SHINGLES)
    ones = 0
    for start in range(shingles):
        shingle = " ".join(words[start:start + size]).encode("utf-8")
        digest = hashlib.blake2b(shingle, digest_size=8).digest()
        for position, byte in enumerate(reversed(digest)):  # least significant byte first
            ones += BYTE_LANES[byte] << (position * 8 * LANE_BITS)
    lane = (1 << LANE_BITS) - 1
    return sum(1 << bit for bit in range(SIMHASH_BITS)
               if 2 * (ones >> (bit * LANE_BITS) & lane) > shingles)


def hamming_distance(a: int, b: int) -> int:
    """How many bits two simhashes differ in.

    Masked to 64 bits so a hash read back from SQLite as a signed integer compares right.
    """
    return ((a ^ b) & SIMHASH_MASK).bit_count()


def near_duplicate(a: int, b: int, max_distance: int = 3) -> bool:
    """True when two simhashes are within `max_distance` bits: the same article, lightly edited."""
    return hamming_distance(a, b) <= max_distance


def simhash_bands(h: int) -> list[int]:
    """The simhash cut into 4 bands of 16 bits, each tagged with its band number.

    Two hashes at most 3 bits apart agree on at least one whole band (3 differing bits
    cannot touch all 4 bands), so looking up rows that share any band value finds every
    near-duplicate candidate. Each value is `band_number << 16 | band_bits`, so the four
    bands can live in one indexed integer column.
    """
    width = SIMHASH_BITS // SIMHASH_BANDS
    mask = (1 << width) - 1
    h &= SIMHASH_MASK  # the same bands for a hash stored as a signed 64-bit integer
    return [band << width | (h >> (band * width)) & mask for band in range(SIMHASH_BANDS)]
