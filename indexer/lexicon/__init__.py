"""What is known of a word before any analysis reads it: its cross-script phonetic keys
(phonetic) and whether it is a common word of a language (common_words). Below both the
analysis chain, which keys name candidates, and the name matcher, which weighs them; it
imports neither."""
