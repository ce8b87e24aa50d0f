"""Did-you-mean for a search that found nothing: close words the index holds, offered only
where they can help (a word the archive lacks or rarely has; a name gets only names)."""
from __future__ import annotations

from whoosh import query

from archive.scripts import ARABIC_SCRIPT
from indexer import names, query_syntax
from indexer.analysis.terms import analyze

#: Did-you-mean looks for other words only for a word in at most one article in this many.
RARE_WORD_SHARE = 1000
#: Words this long or shorter get suggestions one edit away, longer ones two: `abdi` is two
#: edits from `and` and `bi`, which help nobody.
SHORT_WORD = 5


def suggest(searcher, parsed: query.Query, query_text: str, vocabulary, gazetteer,
            per_word: int = 3) -> list[str]:
    """Close terms the index holds, for a query that found nothing: only for words the
    archive lacks or holds in few articles, and for a name (typed capitalised, or in Arabic
    script) only other names, never ordinary words that happen to be a letter or two away."""
    suggestions: list[str] = []
    corrector = searcher.corrector("text")
    rare = max(1, searcher.doc_count() // RARE_WORD_SHARE)
    typed_as = {" ".join(analyze(word)): word
                for word in query_syntax.typed_words(query_text)}
    for fieldname, text in parsed.iter_all_terms():
        if fieldname != "text" or not isinstance(text, str):
            continue
        known = vocabulary.doc_frequency(text)
        if known > rare:
            continue
        typed = typed_as.get(text, text)
        wants_name = typed[:1].isupper() or bool(ARABIC_SCRIPT.search(typed))
        close = [word for word in corrector.suggest(
                     text, limit=per_word * 3, maxdist=1 if len(text) <= SHORT_WORD else 2)
                 if word != text and vocabulary.doc_frequency(word) > known
                 and (not wants_name or names.is_name(word, vocabulary, gazetteer))]
        suggestions += close[:per_word]
    return suggestions
