"""Language analysis: one small normaliser per script (arabic, sorani, latin) and the whoosh
analyzer chains built from them (chains)."""
