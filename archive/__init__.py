"""Readers, cleaner and the archive store: turning crawled bytes into articles without losing the bytes."""
