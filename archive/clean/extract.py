"""Main-content extraction: structural pruning, then trafilatura, then a second opinion.

trafilatura runs with `include_comments=False` (its default keeps reader
comments) and `favor_precision=True`. When its output is empty or implausibly
short beside what readability-lxml finds, readability's text is taken instead;
when both find next to nothing, trafilatura's recall setting has a last try.
trafilatura and readability are imported on first use: they are slow to import
and only the cleaner needs them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html as lxml_html

from archive.clean.metadata import CAPTION_LINE
from archive.clean.structure import drop, prune
from archive.model import Removal
from archive.scripts import word_count

# trafilatura options shared by every call (and by the benchmark script).
TRAFILATURA_OPTIONS = dict(include_comments=False, favor_precision=True,
                           include_tables=True, output_format="txt")

# When readability finds this many times more text than trafilatura (and at least
# SECOND_OPINION_MIN_CHARS), trafilatura is taken to have missed part of the article.
SECOND_OPINION_RATIO = 1.8
SECOND_OPINION_MIN_CHARS = 400

# Shorter than this, what both extractors found is next to nothing: a last try with recall,
# taken only when it is as long and holds prose (a line of PROSE_MIN_WORDS words), not the
# link list of a category page.
LAST_RESORT_CHARS = 200
PROSE_MIN_WORDS = 15

# Elements whose text makes up readability's output, as this module reads it.
TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")

# Caption containers whose text goes to Article.captions rather than the body.
# (a class naming a caption holds "cap"; the rest are blocks around an image: the XPath picks
# both in C, `_is_caption_block` decides)
CAPTION_XPATH = ("//figcaption | //*[self::p or self::span or self::div][@class]"
                 "[contains(translate(@class, 'CAP', 'cap'), 'cap') or .//img]")
# Class tokens of caption blocks (WordPress "wp-caption-text", themes' "imgcap", …).
CAPTION_CLASS = re.compile(r"(?:^|[-_])(?:caption|imgcap|img-cap|photocap|photo-cap|piccap)(?:$|[-_])|"
                           r"^wp-caption-text$", re.I)

# HTML comments and processing instructions inside paragraphs split their text for
# trafilatura, so they are dropped while parsing.
PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)

# trafilatura drops characters Python does not call printable, among them the zero-width
# non-joiner and joiner that Sorani and Persian spelling needs; they travel through it
# as printable stand-ins that news text does not use.
JOINER_STAND_INS = (("\u200c", "\u2e2c"),  # ZWNJ <-> SQUARED FOUR DOT PUNCTUATION
                    ("\u200d", "\u2e2d"))  # ZWJ <-> FIVE DOT MARK

# Longer than this, an element with a caption class is not a caption.
CAPTION_MAX_CHARS = 400

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass
class Extraction:
    """The article body found in a page, and what was cut on the way."""

    text: str
    captions: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    extractor: str = "trafilatura"


def parse(html: str) -> etree._Element | None:
    """Parse a page into an lxml tree (None when there is no markup to speak of)."""
    html = XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html, parser=PARSER)
    except (etree.ParserError, ValueError):
        return None


def extract_tree(tree: etree._Element, *, url: str | None = None) -> Extraction:
    """Article body of a parsed page; `tree` is pruned in place."""
    import trafilatura  # heavy: only the cleaner's HTML path needs it

    removed = prune(tree)
    captions = _take_captions(tree)
    text = trafilatura.extract(tree, url=url, **TRAFILATURA_OPTIONS) or ""  # works on a copy
    result = Extraction(text=text.strip(), captions=captions, removed=removed)
    # readability returns at most the page's block text, which is at most the page's text
    # (but for a separator per block): the cheap bound settles most pages
    if _implausible(len(result.text), len(tree.text_content())) and \
            _implausible(len(result.text), _block_text_length(tree)):
        other = _readability_text(tree)
        if other and _implausible(len(result.text), len(other)):
            result.text, result.extractor = other, "readability"
    if len(result.text) < LAST_RESORT_CHARS:
        # both found next to nothing: trafilatura's recall setting before the page is given up
        recall = trafilatura.extract(tree, url=url, **dict(TRAFILATURA_OPTIONS, favor_precision=False,
                                                           favor_recall=True)) or ""
        if len(recall) >= LAST_RESORT_CHARS and _has_prose(recall):
            result.text, result.extractor = recall.strip(), "trafilatura-recall"
    return result


def protect_joiners(html: str) -> str:
    """Swap zero-width joiners for stand-ins before the page meets trafilatura."""
    for joiner, stand_in in JOINER_STAND_INS:
        html = html.replace(joiner, stand_in)
    return html


def restore_joiners(text: str | None) -> str | None:
    """Put back the zero-width joiners `protect_joiners` swapped out."""
    if text:
        for joiner, stand_in in JOINER_STAND_INS:
            text = text.replace(stand_in, joiner)
    return text


def _take_captions(tree: etree._Element) -> list[str]:
    captions = []
    for element in tree.xpath(CAPTION_XPATH):
        if element.getparent() is None:
            continue
        if element.tag != "figcaption" and not _is_caption_block(element):
            continue
        text = " ".join(element.text_content().split())
        if not text or len(text) > CAPTION_MAX_CHARS:
            continue  # a long "caption" block is a layout class, not a caption
        if text not in captions:
            captions.append(text)
        drop(element)
    return captions


def _block_text_length(tree: etree._Element) -> int:
    """Characters in the outermost text blocks: the most readability's text can hold."""
    xpath = "|".join(f"//{tag}[not(ancestor::{'|ancestor::'.join(TEXT_BLOCKS)})]"
                     for tag in TEXT_BLOCKS)
    return sum(len(" ".join(block.text_content().split())) + 1 for block in tree.xpath(xpath))


def _is_caption_block(element: etree._Element) -> bool:
    """A caption-classed block, or an image with a short line ending in a photo credit."""
    if any(CAPTION_CLASS.search(token) for token in element.get("class", "").split()):
        return True
    if element.find(".//img") is None:
        return False
    text = " ".join(element.text_content().split())
    return bool(text) and len(text) < 300 and bool(CAPTION_LINE.search(text))


def _readability_text(tree: etree._Element) -> str:
    """readability's text of the parsed page, read from the tree itself (it drops the page's
    hidden elements in place; trafilatura has had the page by then)."""
    from readability import Document  # second opinion: imported only when extracting

    try:
        summary = Document(tree).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on odd markup
        return ""
    tree = parse(summary)
    if tree is None:
        return ""
    blocks = []
    for element in tree.iter(*TEXT_BLOCKS):
        if element.xpath("|".join(f"ancestor::{tag}" for tag in TEXT_BLOCKS)):
            continue
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(text)
    return "\n".join(blocks)


def _has_prose(text: str) -> bool:
    return any(word_count(line) >= PROSE_MIN_WORDS for line in text.splitlines())


def _implausible(length: int, other_length: int) -> bool:
    """trafilatura's output is empty, or far shorter than the other extractor's."""
    if not length:
        return other_length > 0
    return (other_length >= SECOND_OPINION_MIN_CHARS
            and other_length > SECOND_OPINION_RATIO * length)
