"""The order values are listed in for a person: ICU's collation (the Unicode Collation
Algorithm with CLDR's root order). Code-point order puts every name that starts in lower
case or with an accented capital after `Z` (`al-Monitor`, `Ömer`, `İleri` after `Zaman`)."""
from __future__ import annotations

import functools


@functools.cache
def _collator():
    import icu  # loaded only when something is listed

    return icu.Collator.createInstance(icu.Locale.getRoot())


def sort_key(text: str) -> bytes:
    """A key that sorts `text` as ICU collates it; ISO dates keep their order."""
    return _collator().getSortKey(text)
