"""The khabar command line: parses arguments, calls the library, prints."""
