#!/usr/bin/env python3
"""ICU beside the analysis's own rules, where ICU could take a job over:

- word boundaries: ICU's word BreakIterator against `terms.WORD` (the index terms each gives
  through the same `word_terms`, and the speed of finding the words);
- case folding: ICU's Turkish/Kurmanji lower case (I → ı, İ → i) against `str.casefold`,
  each followed by the analysis's diacritic fold, over every Latin word;
- the diacritic fold: ICU's Latin-ASCII transliteration against `latin.fold`'s table;
- the Arabic-script test: ICU's Script_Extensions=Arabic (`archive.scripts`) against the
  Unicode-block table it replaced: the code points they disagree on.

Texts: the repository's corpus (HTML pages cleaned by khabar, the text dumps as they are),
and the spellings of ../shared/bench/variants/dev_variants.tsv when present (the development
set). Prints figures; not a test.

    python bench/icu_analysis_bench.py
"""
from __future__ import annotations

import csv
import re
import sys
import time
import unicodedata
from collections import Counter

import icu
from name_archive import ROOT as REPO, SHARED  # (name_archive sets the path)

from archive.clean import clean_bytes  # noqa: E402
from archive.scripts import ARABIC_SCRIPT, character_class  # noqa: E402
from indexer.analysis import latin  # noqa: E402
from indexer.analysis.terms import WORD, word_terms  # noqa: E402

VARIANTS = SHARED / "variants" / "dev_variants.tsv"
#: The Arabic-script test before ICU's: Arabic, Supplement, Extended-A, presentation forms.
BLOCKS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
ROUNDS = 9


def best_of(work) -> float:
    """The fastest of ROUNDS runs of `work`, in seconds: the machine is shared, and the
    fastest run is the one least slowed by other work."""
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((REPO / "corpus").rglob("*.html")):
        try:
            article = clean_bytes(path.read_bytes(), url=path.as_uri())
        except ValueError:
            continue
        texts.append(f"{article.title}\n\n{article.text}")
    texts += [path.read_text(encoding="utf-8") for path in sorted((REPO / "corpus").rglob("*.txt"))]
    return texts


def regex_words(text: str) -> list[str]:
    return [match.group() for match in WORD.finditer(text)]


def icu_words(text: str, breaker=icu.BreakIterator.createWordInstance(icu.Locale.getRoot())) -> list[str]:
    """The words ICU finds: segments whose rule status is not `none` (spaces, punctuation)."""
    breaker.setText(text)
    words, start = [], breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() != 0:
            words.append(text[start:end])
        start = end
    return words


def terms_of(words: list[str]) -> Counter:
    return Counter(term for word in words for term, *_ in word_terms(word))


def word_boundaries(text: str) -> None:
    ours, theirs = terms_of(regex_words(text)), terms_of(icu_words(text))
    only_ours, only_icu = ours - theirs, theirs - ours
    print(f"word boundaries over {len(text):,} characters: {sum(ours.values()):,} terms "
          f"(regex), {sum(theirs.values()):,} (ICU)")
    print(f"  terms only the regex gives: {sum(only_ours.values())} "
          f"{sorted(only_ours)[:12]}")
    print(f"  terms only ICU gives: {sum(only_icu.values())} {sorted(only_icu)[:12]}")
    zwnj = [word for word in regex_words(text) if "\u200c" in word]
    split = [word for word in zwnj if word not in icu_words(word)]
    print(f"  words written with ZWNJ inside: {len(zwnj)}, of them split by ICU: {len(split)}")
    for name, find in (("regex", regex_words), ("ICU", icu_words)):
        seconds = best_of(lambda: find(text))
        print(f"  {name:5} finds the words at {len(text) / seconds / 1e6:.2f} M characters/s")


def case_folding(words: list[str]) -> None:
    turkish = icu.Locale("tr")
    latin_words = sorted({word for word in words if not ARABIC_SCRIPT.search(word)
                          and any(char.isalpha() for char in word)})
    differ = [word for word in latin_words
              if latin.fold(word.casefold()) != latin.fold(str(icu.UnicodeString(word).toLower(turkish)))]
    print(f"case folding: {len(latin_words):,} distinct Latin words, folded terms that differ "
          f"between str.casefold and ICU's Turkish lower case: {len(differ)} {differ[:12]}")


def diacritic_fold(words: list[str]) -> None:
    to_ascii = icu.Transliterator.createInstance("Latin-ASCII")
    latin_words = sorted({latin.split_apostrophe(word.casefold()) for word in words
                          if not ARABIC_SCRIPT.search(word)})
    differ = [(word, latin.fold(word), to_ascii.transliterate(word)) for word in latin_words
              if latin.fold(word) != to_ascii.transliterate(word)]
    print(f"diacritic fold: of {len(latin_words):,} Latin words, {len(differ)} fold differently "
          f"(word, latin.fold, ICU Latin-ASCII): {differ[:8]}")
    for name, fold in (("latin.fold", latin.fold), ("ICU Latin-ASCII", to_ascii.transliterate)):
        seconds = best_of(lambda: [fold(word) for word in latin_words])
        print(f"  {name}: {seconds / len(latin_words) * 1e6:.2f} µs a word")


def script_test(words: list[str]) -> None:
    every_plane = re.compile(character_class("[:scx=Arab:]", every_plane=True))
    for name, test in (("block table", BLOCKS), ("ICU, Basic Multilingual Plane (shipped)",
                                                  ARABIC_SCRIPT), ("ICU, every plane", every_plane)):
        seconds = best_of(lambda: [test.search(word) for word in words])
        print(f"  Arabic-script test, {name}: {seconds / len(words) * 1e9:.0f} ns a word")
    differ = [code for code in range(0x110000)
              if unicodedata.category(chr(code)) != "Cn"
              and bool(BLOCKS.match(chr(code))) != bool(ARABIC_SCRIPT.match(chr(code)))]
    names = [f"U+{code:04X} {unicodedata.name(chr(code), '?')}" for code in differ
             if BLOCKS.match(chr(code))]
    print(f"Arabic-script test: {len(differ)} assigned code points differ between the block "
          f"table and ICU; in the blocks but not the script: {names}")


def main() -> None:
    texts = corpus_texts()
    text = "\n\n".join(texts)
    print(f"corpus: {len(texts)} texts")
    word_boundaries(text)
    words = regex_words(text)
    if VARIANTS.exists():
        with open(VARIANTS, encoding="utf-8", newline="") as handle:
            spellings = [row["variant"] for row in csv.DictReader(handle, delimiter="\t")]
        words += [word for spelling in spellings for word in regex_words(spelling)]
        print(f"with the {len(spellings)} spellings of {VARIANTS} (development set)")
    else:
        print(f"{VARIANTS} is missing: case folding over the corpus only", file=sys.stderr)
    case_folding(words)
    diacritic_fold(words + list("ıəøæœłđðþʿʾʻʼ"))
    script_test(words)


if __name__ == "__main__":
    main()
