"""archive.dedupe: URL spellings of one article, equal texts, and near-duplicate copies."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.clean import clean
from archive.dedupe import (canonical_url, hamming_distance, near_duplicate, normalised_words, simhash,
                            simhash_bands, text_hash)
from archive.readers import iter_captures
from tests.conftest import CORPUS, SEED

REPO = Path(__file__).resolve().parents[1]

ARTICLE = "https://aranews.net/2016/03/hasakah-in-turmoil"


@pytest.mark.parametrize("spelling", [
    "https://aranews.net/2016/03/hasakah-in-turmoil",
    "http://aranews.net/2016/03/hasakah-in-turmoil/",
    "https://www.aranews.net/2016/03/hasakah-in-turmoil/",
    "HTTPS://WWW.ARANEWS.NET/2016/03/hasakah-in-turmoil/",
    "https://aranews.net/files/2016/03/hasakah-in-turmoil/",
    "https://aranews.net/2016/03/hasakah-in-turmoil/?share=email",
    "https://aranews.net/2016/03/hasakah-in-turmoil/?share=facebook&utm_source=tw&utm_medium=social",
    "https://aranews.net/2016/03/hasakah-in-turmoil/?fbclid=IwAR0abc",
    "https://aranews.net/2016/03/hasakah-in-turmoil/?amp=1",
    "https://aranews.net/2016/03/hasakah-in-turmoil/amp/",
    "https://aranews.net/2016/03/hasakah-in-turmoil/#comments",
    "https://aranews.net/2016/03/hasakah-in-turmoil/index.html",
    "https://aranews.net:443/2016/03/hasakah-in-turmoil",
    "https://aranews.net//2016/03/hasakah-in-turmoil",
    "  https://aranews.net/2016/03/hasakah-in-turmoil  ",
])
def test_spellings_of_one_article_share_a_canonical_url(spelling):
    assert canonical_url(spelling) == canonical_url(ARTICLE)


def test_raw_and_percent_encoded_arabic_paths_match():
    assert canonical_url("https://example.org/أخبار/الحسكة/") == canonical_url(
        "http://www.example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9")


def test_query_order_does_not_matter_but_values_do():
    assert canonical_url("https://example.org/?p=12&lang=ar") == canonical_url("https://example.org/?lang=ar&p=12")
    assert canonical_url("https://example.org/?p=12") != canonical_url("https://example.org/?p=13")


@pytest.mark.parametrize("one, other", [
    ("https://aranews.net/2016/03/slug", "https://aranews.net/2016/04/slug"),
    ("https://aranews.net/2016/03/slug", "https://aranews.org/2016/03/slug"),
    ("https://aranews.net/2016/03/Slug", "https://aranews.net/2016/03/slug"),
    ("https://aranews.net:8080/a", "https://aranews.net/a"),
    ("https://news.aranews.net/a", "https://aranews.net/a"),
])
def test_different_pages_stay_different(one, other):
    assert canonical_url(one) != canonical_url(other)


def test_site_root_keeps_its_slash():
    assert canonical_url("http://www.example.org") == canonical_url("https://example.org/index.html") \
        == "https://example.org/"


def test_text_hash_ignores_spacing_case_and_punctuation():
    text = "Hasakah, Syria – On Thursday, the Syrian regime forces shelled several strongholds."
    assert text_hash(text) == text_hash("hasakah syria  on thursday the syrian\nregime forces shelled "
                                        "several strongholds")
    assert text_hash("الحسكة، سوريا - يوم الخميس") == text_hash("الحسكــة سوريا يوم الخميس")
    assert text_hash(text) != text_hash(text.replace("Thursday", "Friday"))


def test_normalised_words_drop_invisible_marks():
    assert normalised_words("Hasa\u200bkah! Syria") == ["hasa", "kah", "syria"]


def test_simhash_is_64_bits_and_the_same_in_another_process():
    seed = SEED.read_text(encoding="utf-8")
    here = simhash(seed)
    script = ("import sys\nfrom archive.dedupe import simhash\n"
              "print(simhash(sys.stdin.read()))\n")
    there = subprocess.run([sys.executable, "-c", script], input=seed, capture_output=True, text=True,
                           cwd=REPO, check=True, env={"PYTHONHASHSEED": "12345", "PATH": ""}).stdout
    assert int(there) == here
    assert 0 < here < 2 ** 64


def test_recrawl_where_only_the_comment_count_changed_is_a_near_duplicate():
    seed = SEED.read_text(encoding="utf-8")
    assert near_duplicate(simhash(seed + "\n\n12 comments"), simhash(seed + "\n\n13 comments"))


def test_syndicated_copy_with_small_edits_is_near_and_another_article_is_far():
    seed = SEED.read_text(encoding="utf-8")
    syndicated = seed.replace("locals reported", "locals said") + "\n\nThis article first appeared on ARA News."
    other = SEED_OTHER
    assert near_duplicate(simhash(seed), simhash(syndicated))
    assert not near_duplicate(simhash(seed), simhash(other))
    assert hamming_distance(simhash(seed), simhash(other)) > 10


SEED_OTHER = """Kurdish farmers count losses after a dry winter

Qamishli – Wheat farmers across the Jazira plain say this year's harvest will be the smallest in a decade,
after a winter with less than half the usual rain and a spring of early heat.

Speaking in the market of Qamishli, farmer Hussein Ali said the price of diesel for irrigation pumps had tripled,
so most families could water only a fraction of their fields. Traders expect bread prices to rise before summer.

Local councils have asked aid groups for seed and fuel, while agronomists urge a switch to drought-tolerant barley.
"""


@pytest.fixture(scope="module")
def benchmark_articles() -> list[str]:
    """The cleaned bodies of the shipped corpus (four languages) and the seed: 30 different stories."""
    captures = iter_captures(CORPUS, on_error=pytest.fail, on_skip=lambda source, reason: None)
    # the corpus's WARC holds second copies of pages in its folders
    bodies = [clean(capture).text for capture in captures if "/crawls/" not in capture.source_file]
    return bodies + [SEED.read_text(encoding="utf-8")]


def lightly_edited(text: str, n: int) -> str:
    """The kinds of change a syndicated copy or a re-crawl shows, one per article."""
    if n % 3 == 0:
        return "Reporting by Example Wire. " + text
    if n % 3 == 1:
        return text + "\n\n17 comments"
    words = text.split(" ")
    words[len(words) // 2] = "edited"
    return " ".join(words)


def test_near_duplicates_found_and_different_articles_never_confused(benchmark_articles):
    hashes = [simhash(text) for text in benchmark_articles]
    copies = [simhash(lightly_edited(text, n)) for n, text in enumerate(benchmark_articles)]
    found = sum(near_duplicate(h, c) for h, c in zip(hashes, copies))
    assert found >= 0.85 * len(hashes)
    for i, one in enumerate(hashes):
        for other in hashes[i + 1:]:
            assert not near_duplicate(one, other)


def test_band_lookup_in_sqlite_finds_near_duplicates(benchmark_articles):
    """The store's use: index each article's bands, look a new text's bands up, confirm by distance."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE bands (article INTEGER, band INTEGER)")
    db.execute("CREATE INDEX bands_by_value ON bands (band)")
    stored = {}
    for article, text in enumerate(benchmark_articles):
        stored[article] = simhash(text)
        db.executemany("INSERT INTO bands VALUES (?, ?)", [(article, band) for band in simhash_bands(stored[article])])
    for article, text in enumerate(benchmark_articles[:20]):
        copy = simhash(lightly_edited(text, article))
        if not near_duplicate(copy, stored[article]):
            continue  # beyond 3 bits the bands promise nothing
        bands = simhash_bands(copy)
        candidates = {row[0] for row in db.execute(
            f"SELECT DISTINCT article FROM bands WHERE band IN ({','.join('?' * len(bands))})", bands)}
        assert article in candidates
        assert [c for c in candidates if near_duplicate(copy, stored[c])] == [article]


def test_bands_are_tagged_so_equal_bits_in_different_bands_do_not_match():
    assert len(set(simhash_bands(0))) == 4
    assert simhash_bands(0xFFFF_0000_FFFF_0000) != simhash_bands(0x0000_FFFF_0000_FFFF)
    assert all(band >> 16 == number for number, band in enumerate(simhash_bands(2 ** 64 - 1)))


def test_every_hash_within_three_bits_shares_a_band():
    base = simhash(SEED.read_text(encoding="utf-8"))
    for first in range(64):
        for second in range(first, 64, 7):
            for third in range(second, 64, 11):
                flipped = base ^ (1 << first) ^ (1 << second) ^ (1 << third)
                assert set(simhash_bands(base)) & set(simhash_bands(flipped))


def test_hashes_read_back_from_sqlite_as_signed_integers_still_compare():
    seed = SEED.read_text(encoding="utf-8")
    unsigned = simhash(seed) | 1 << 63
    signed = unsigned - 2 ** 64
    db = sqlite3.connect(":memory:")
    stored = db.execute("SELECT ?", (signed,)).fetchone()[0]
    assert hamming_distance(stored, unsigned) == 0
    assert near_duplicate(stored, unsigned ^ 0b101)
    assert simhash_bands(stored) == simhash_bands(unsigned)


def test_empty_text_hashes_to_zero():
    assert simhash("") == 0 and simhash("  ,;  ") == 0
