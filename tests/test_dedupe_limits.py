"""Where deduplication draws its lines: parameter names in any case, and the 3-bit limit."""
from __future__ import annotations

import pytest

from archive.dedupe import (canonical_url, hamming_distance, near_duplicate, simhash, simhash_bands,
                            text_hash)

REPORT = (
    "The water station at Alouk stopped pumping on Monday, leaving the city of Hasakah without "
    "running water for the third time this summer. Residents queued at dawn for tanker trucks "
    "that sold water at three times the usual price, and families with no money filled plastic "
    "jerrycans at the mosques. The local council said engineers had been refused access to the "
    "station, which lies on the front line near Ras al-Ain, and that repairs to the pumps and the "
    "power line could take weeks. Aid groups warned that children were falling ill from drinking "
    "untreated well water, and doctors at the national hospital reported a rise in cases of "
    "diarrhoea. Traders in the market said the price of bottled water had doubled since the "
    "weekend. The governor called on the United Nations to negotiate the reopening of the station "
    "and to fund new wells inside the city.")


@pytest.mark.parametrize("spelling", [
    "https://site.example/2016/03/alouk/?Share=email",
    "https://site.example/2016/03/alouk/?SHARE=facebook",
    "https://site.example/2016/03/alouk/?FBCLID=IwAR0x",
    "https://site.example/2016/03/alouk/?ReplyToCom=12",
])
def test_share_and_tracking_parameters_fold_in_any_case(spelling):
    assert canonical_url(spelling) == canonical_url("https://site.example/2016/03/alouk/")


def with_word(after: int, word: str) -> str:
    words = REPORT.split()
    return " ".join(words[:after] + [word] + words[after:])


def test_the_near_duplicate_limit_is_three_bits():
    """One added word moves the fingerprint by 3 bits here (the same article) and by 4 bits
    there (too far to call the same): the limit sits exactly between them."""
    original = simhash(REPORT)
    three_bits, four_bits = simhash(with_word(1, "still")), simhash(with_word(1, "quickly"))
    assert hamming_distance(original, three_bits) == 3
    assert hamming_distance(original, four_bits) == 4
    assert near_duplicate(original, three_bits)
    assert not near_duplicate(original, four_bits)


@pytest.mark.parametrize("fingerprint", [0, 1, 0x8000_0000_0000_0000, 0x0123_4567_89AB_CDEF,
                                         (1 << 64) - 1, -2])
def test_the_four_bands_hold_the_whole_fingerprint(fingerprint):
    """Each band is its number above 16 bits of the hash: together they give the hash back
    (a signed value read from SQLite gives its unsigned 64 bits)."""
    bands = simhash_bands(fingerprint)
    assert [band >> 16 for band in bands] == [0, 1, 2, 3]
    assert sum((band & 0xFFFF) << (16 * n) for n, band in enumerate(bands)) == fingerprint % (1 << 64)


def test_a_text_longer_than_the_shingle_bound_is_fingerprinted_by_its_beginning():
    """Counting stops at 65,535 shingles, the most a 16-bit lane can count: a longer text whose
    every shingle is one of two would otherwise overflow into the neighbouring bit's lane."""
    assert simhash("water station " * 70_000) == simhash("water station " * 30_000)
    # and up to the bound every shingle counts: a 40,000-word text's last 6,000 words too
    assert simhash("water station " * 20_000) != simhash("water station " * 17_000 + "bread prices " * 3_000)


def test_fingerprints_stored_by_earlier_runs_stay_valid():
    """The archive keeps each article's simhash and text hash: a change in how they are computed
    would silently stop matching re-crawls against every stored article. These are the values
    this text has always had; change them only with a migration of stored fingerprints."""
    assert simhash(REPORT) == 0x1826_2437_4F74_49C0
    assert text_hash(REPORT) == "f47acda79e9f57657cd2b090205ac1ada41672af625b24df15c2e264129b00a3"
