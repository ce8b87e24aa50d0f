"""The whoosh analyzer chain over the engine-neutral term functions (terms.py).

Whoosh pickles analyzers into an index's schema by module path, so these classes stay here
(`indexer.analysis.chains`) for indexes written earlier to open, and hold no state: each
word's terms come from `terms.word_terms`, shared with `terms.document_terms`.
"""
from __future__ import annotations

from whoosh.analysis import Filter, Token, Tokenizer

from indexer.analysis.terms import WORD, word_terms


class WordTokenizer(Tokenizer):
    """Splits text into words, keeping Arabic-script words whole."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for match in WORD.finditer(value):
            token.text = match.group()
            token.original = token.text
            token.stopped = False
            token.boost = 1.0
            token.startchar = start_char + match.start()
            token.endchar = start_char + match.end()
            yield token


class ScriptNormaliser(Filter):
    """Turns each word into its index terms (NFKC, case folding, per-script normalisation,
    articles and clitics removed); positions count terms, so a dropped article leaves no gap."""

    def __call__(self, tokens):
        position = -1
        for token in tokens:
            word, start = token.text, token.startchar
            for term, part_start, part_end, *_ in word_terms(word):
                position += 1
                token.text = term
                token.pos = position
                token.startchar = start + part_start
                token.endchar = start + part_end
                yield token


def text_analyzer():
    """The `title`/`text` analyzer, used for indexing and for queries."""
    return WordTokenizer() | ScriptNormaliser()
