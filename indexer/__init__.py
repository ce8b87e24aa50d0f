"""Language analysis, name variants, the index and search: turning articles into ranked hits."""
