"""Language analysis: one small normaliser per script (arabic, sorani, latin), the
engine-neutral functions that turn text into index terms over them (terms), the whoosh
analyzer classes that run those functions inside whoosh (chains), and ICU's collation for
values listed to a person (collation). Imports `indexer.lexicon` below it, never the names."""
