"""Which script a text is written in: the one test the analysis chain, the phonetic keys and
the name matcher share (a module of its own, below all three, so none imports upwards)."""
from __future__ import annotations

import re

#: Arabic-script letters: Arabic, its supplement and extended-A blocks, and the
#: presentation forms (Sorani and Persian letters included).
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
