"""Bytes to text: the declared charset when it is believable, detection when it is not.

Order: byte order mark, the HTTP `Content-Type` charset, the document's own
declaration (an XML declaration, `<meta charset>` or `http-equiv`; byte order marks
and declarations are found by beautifulsoup4's `EncodingDetector`), strict UTF-8, then
a choice among the legacy code pages our languages are published in, then
charset-normalizer. Afterwards UTF-8 that was
read as Latin-1/cp1252 (mojibake such as `Ø§Ù„`) is repaired, and the text is
put in NFC (which leaves the zero-width non-joiner Sorani needs untouched).
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from bs4.dammit import EncodingDetector

# Legacy code pages tried when a page is not UTF-8 and declares nothing believable.
LEGACY_CANDIDATES = (
    "cp1256",      # Arabic Windows: most undeclared Arabic and Sorani pages
    "iso8859-6",   # Arabic ISO: older Arabic sites and mail archives
    "cp1254",      # Turkish Windows: Kurmanji pages (ş, ê, î, û, ç)
    "cp1252",      # Western Windows: English and other Latin-script pages
)

# Labels that browsers treat as another code page (WHATWG encoding standard).
LABEL_ALIASES = {
    "iso-8859-1": "cp1252",    # browsers decode Latin-1 labels as windows-1252
    "latin1": "cp1252",        # same, short label
    "latin-1": "cp1252",       # same
    "us-ascii": "cp1252",      # ASCII-labelled pages often carry cp1252 quotes
    "ascii": "cp1252",         # same
    "iso-8859-9": "cp1254",    # browsers decode Turkish Latin-5 as windows-1254
    "windows-874": "cp874",    # Thai label Python spells differently
    "x-user-defined": "cp1252",  # meaningless label some CMSs emit
}

# What a UTF-8 continuation byte (0x80-0xBF) reads as in cp1252.
CONTINUATION = ("[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                "\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020"
                "\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# Characters that UTF-8 bytes turn into when read as cp1252/Latin-1: a lead byte
# (Ã Â Ø Ù Ú Û Ä Å ...) followed by one continuation byte, or two for a three-byte sequence.
MOJIBAKE = re.compile(f"[\u00c2-\u00df]{CONTINUATION}|[\u00e0-\u00ef]{CONTINUATION}{{2}}")
# A lead and one continuation: what every mojibake sequence starts with, found ten times
# faster than MOJIBAKE (a single pattern, no alternation) on the pages that hold none.
MOJIBAKE_START = re.compile(f"[\u00c2-\u00ef]{CONTINUATION}")

HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
#: How far into a page its own encoding declaration is looked for.
DECLARATION_BYTES = 8192

# Letters that make a decoding plausible, by script; anything in C1 controls or
# odd symbols makes it implausible.
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0660-\u0669\u067e\u0686\u0698\u06a4\u06a9"
                           "\u06af\u06b5\u06c6\u06cc\u06d5\u06ce\u0695]")
KURDISH_TURKISH_LATIN = re.compile("[êîûşçŞÇÊÎÛğıöüĞİÖÜ]")
IMPLAUSIBLE = re.compile("[\u0080-\u009f\u00a4\u00a6\u00a8\u00ac\u00af\u00b1-\u00b4"
                         "\u00b8-\u00be\u00d0\u00d7\u00de\u00f0\u00f7\u00fe\ufffd"
                         "\u0152\u0153\u0178\u02c6\u02dc\u2030\u2039\u203a]")


def decode(raw: bytes, http_headers: str = "") -> tuple[str, str]:
    """Return (text in NFC, name of the encoding used) for a page or text dump."""
    encoding = _declared(raw, http_headers)
    text = None
    if encoding:
        try:
            text = raw.decode(encoding)
            if encoding == "utf-8" and raw.startswith(codecs.BOM_UTF8):
                text = text[1:]
            elif encoding.startswith(("utf-16", "utf-32")):
                text = text.lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            text = None
        # A page labelled with a legacy code page that is valid UTF-8 is UTF-8.
        if text is not None and encoding not in ("utf-8",) and not encoding.startswith("utf-"):
            if _is_utf8_with_non_ascii(raw):
                encoding, text = "utf-8", raw.decode("utf-8")
            elif encoding == "cp1252":
                encoding, text = _best_legacy(raw, prefer="cp1252")
    if text is None:
        encoding, text = _detect(raw)
    repaired = repair_mojibake(text)
    if repaired != text:
        encoding += "+mojibake-repaired"
    return unicodedata.normalize("NFC", repaired), encoding


def _declared(raw: bytes, http_headers: str) -> str | None:
    """The encoding a byte order mark, the HTTP header or the page itself declares."""
    _, bom = EncodingDetector.strip_byte_order_mark(raw[:4])
    if bom:
        return _normalise_label(bom)
    header = HEADER_CHARSET.search(_content_type(http_headers))
    for label in (header.group(1) if header else None,
                  EncodingDetector.find_declared_encoding(raw[:DECLARATION_BYTES], is_html=True,
                                                          search_entire_document=True)):
        name = _normalise_label(label) if label else None
        if name:
            return name
    return None


def _content_type(http_headers: str) -> str:
    for line in http_headers.splitlines():
        if line.lower().startswith("content-type:"):
            return line
    return ""


def _normalise_label(label: str) -> str | None:
    label = label.strip().lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf_8") else name


def _is_utf8_with_non_ascii(raw: bytes) -> bool:
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(raw: bytes) -> tuple[str, str]:
    try:
        return "utf-8", raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding, text = _best_legacy(raw)
    if encoding != "cp1252":
        return encoding, text
    from charset_normalizer import from_bytes  # detection is the last resort: import late

    best = from_bytes(raw).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        guess = codecs.lookup(best.encoding).name
        if _plausibility(str(best)) >= _plausibility(text):
            return guess, str(best)
    return encoding, text


def _best_legacy(raw: bytes, prefer: str | None = None) -> tuple[str, str]:
    """The legacy code page whose decoding reads most like real text."""
    scored = []
    for order, name in enumerate(LEGACY_CANDIDATES):
        text = raw.decode(name, errors="replace")
        bonus = 0.5 if name == prefer else 0.0
        scored.append((_plausibility(text) + bonus, -order, name, text))
    _, _, name, text = max(scored)
    return name, text


def _plausibility(text: str) -> float:
    """One script's letters count for a decoding; mixed scripts and odd symbols against.

    ISO-8859-6 Arabic read as cp1256 comes out half Arabic, half accented Latin,
    so the minority script is subtracted rather than added.
    """
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F) or 1
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(KURDISH_TURKISH_LATIN.findall(text)) + sum(
        1 for ch in text if "\u00e0" <= ch <= "\u00ff" and ch not in "\u00f0\u00f7\u00fe")
    bad = len(IMPLAUSIBLE.findall(text)) * 3
    return (max(arabic, latin) - min(arabic, latin) - bad) / non_ascii


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1/cp1252, when doing so makes the text cleaner."""
    if MOJIBAKE_START.search(text) is None or len(MOJIBAKE.findall(text)) < 2:
        return text
    try:
        fixed = _as_cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return _repair_runs(text)
    return fixed if len(MOJIBAKE.findall(fixed)) < len(MOJIBAKE.findall(text)) else text


def _as_cp1252_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x100:
            out.append(ord(ch))  # Latin-1 covers the bytes cp1252 leaves undefined
        else:
            out += ch.encode("cp1252")
    return bytes(out)


NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _repair_runs(text: str) -> str:
    """Repair mojibake run by run when the text mixes it with real non-ASCII text."""
    def fix(match: re.Match) -> str:
        chunk = match.group(0)
        try:
            fixed = _as_cp1252_bytes(chunk).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return chunk
        return fixed
    return NON_ASCII_RUN.sub(fix, text)
