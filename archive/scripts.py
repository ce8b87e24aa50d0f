"""Which script a text is written in: the one test the cleaner's language detection, the
analysis chain, the phonetic keys and the name matcher share (in `archive`, which all of
them may import and which imports none of them)."""
from __future__ import annotations

import re

#: Arabic-script letters: Arabic, its supplement and extended-A blocks, and the
#: presentation forms (Sorani and Persian letters included).
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
