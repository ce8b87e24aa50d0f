"""The whole path a user walks: add → clean → store → index → search, through the CLI."""
from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, SEED, parsed


@pytest.fixture
def seeded(khabar):
    result = khabar("add", str(SEED), "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return khabar


def seed_id(khabar) -> str:
    hits = parsed(khabar("search", "Hasakah turmoil", "--json"))["hits"]
    assert hits, "the seed article is not found by words of its title"
    return hits[0]["id"]


def test_add_reports_what_it_did(khabar):
    result = khabar("add", str(SEED), "--json", "--jobs", "1")
    assert result.exit_code == 0
    assert parsed(result) == {"added": 1, "updated": 0, "duplicates": 0, "rejected": 0,
                              "skipped": 0, "errors": []}
    assert "added 1" in result.stderr


def test_adding_the_same_file_again_adds_nothing(seeded):
    again = seeded("add", str(SEED), "--json", "--jobs", "1")
    assert again.exit_code == 0
    summary = parsed(again)
    assert summary["added"] == 0
    assert {"input": str(SEED), "reason": "skipped: already archived"} in summary["errors"]
    assert parsed(seeded("stats", "--json"))["articles"] == 1


@pytest.mark.parametrize("spelling", ["Qamishli", "Qamishlo", "Hasakah"])
def test_seed_is_found_by_the_towns_it_names(seeded, spelling):
    result = seeded("search", spelling, "--json")
    assert result.exit_code == 0
    assert parsed(result)["total"] == 1


def test_seed_is_found_by_a_spelling_it_does_not_use(seeded):
    # the seed writes "Qamishli (Qamishlo)"; the Arabic spelling must find it too
    result = seeded("search", "القامشلي", "--json")
    assert result.exit_code == 0, result.stdout
    assert parsed(result)["hits"][0]["title"].startswith("Hasakah in turmoil")


def test_comment_form_noise_is_not_searchable(seeded):
    result = seeded("search", '"Leave a comment"', "--json")
    assert result.exit_code == 1
    assert parsed(result)["total"] == 0


def test_show_gives_the_whole_article_and_its_provenance(seeded):
    article_id = seed_id(seeded)
    shown = parsed(seeded("show", article_id, "--json"))
    assert shown["title"] == ("Hasakah in turmoil as violence intensifies between "
                              "pro-Assad forces and ISIS")
    assert shown["author"] == "Aynur Muhammad"
    assert "Dozens of civilians were displaced to safer areas." in shown["text"]
    assert "Leave a comment" not in shown["text"]
    assert "3 + ten =" not in shown["text"]
    assert shown["captures"][0]["source_file"] == str(SEED)
    human = seeded("show", article_id)
    assert "Aynur Muhammad" in human.stdout and "Dozens of civilians" in human.stdout


def test_show_unknown_id(seeded):
    result = seeded("show", "nosuchid00")
    assert result.exit_code == 1
    assert "no article" in result.stderr


def test_search_json_has_the_documented_fields(seeded):
    data = parsed(seeded("search", "Qamishlo", "--json"))
    assert set(data) >= {"query", "total", "hits", "variants"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "url", "title", "date", "lang", "source", "score", "snippet"}
    assert hit["lang"] == "en"
    assert "[[" not in hit["snippet"] and hit["highlights"]  # offsets, not markers
    assert all(hit["snippet"][start:end].lower() in ("qamishli", "qamishlo", "qamişlo")
               or "qam" in hit["snippet"][start:end].lower() for start, end in hit["highlights"])


def test_human_output_marks_matches_without_colour(seeded):
    result = seeded("search", "Hasakah")
    assert result.exit_code == 0
    assert "[[Hasakah]]" in result.stdout
    assert "\x1b[" not in result.stdout


def test_no_hits_exits_1(seeded):
    result = seeded("search", "zzzzqqqq")
    assert result.exit_code == 1


def test_missing_archive_exits_4(khabar):
    result = khabar("search", "Hasakah")
    assert result.exit_code == 4
    assert "no archive" in result.stderr


def test_bad_option_exits_2(seeded):
    assert seeded("search", "Hasakah", "--limit", "zero").exit_code == 2


def test_clean_prints_the_body_and_json(khabar):
    plain = khabar("clean", str(SEED))
    assert plain.exit_code == 0
    assert "Dozens of civilians" in plain.stdout and "3 + ten" not in plain.stdout
    record = json.loads(khabar("clean", str(SEED), "--json").stdout.splitlines()[0])
    assert record["author"] == "Aynur Muhammad"
    assert record["source"] == "ARA News"
    assert set(record) >= {"path", "url", "title", "date", "author", "lang", "source", "text"}


def test_clean_reads_stdin(khabar):
    result = khabar("clean", "-", "--json", input=SEED.read_bytes())
    assert json.loads(result.stdout)["title"].startswith("Hasakah in turmoil")


def test_clean_explain_lists_the_captcha(khabar):
    result = khabar("clean", str(SEED), "--explain")
    assert "3 + ten" in result.stderr


def test_stats_counts_by_language(seeded):
    counts = parsed(seeded("stats", "--json"))
    assert counts["articles"] == 1 and counts["by_lang"] == {"en": 1}
    assert "by language" in seeded("stats").stdout


def test_escape_sequences_in_articles_never_reach_the_terminal(khabar, tmp_path):
    page = tmp_path / "hostile.jsonl"
    page.write_text(json.dumps({
        "url": "https://hostile.example/1", "title": "Qamishli \x1b[2J\x1b]8;;http://x\x07link",
        "text": "Qamishli market reopened.\x1b[31m red \u202e reversed \r overwritten. " * 5,
    }) + "\n")
    assert khabar("add", str(page), "--jobs", "1").exit_code == 0
    human = khabar("search", "Qamishli")
    assert human.exit_code == 0
    for bad in ("\x1b", "\u202e", "\r", "\x07"):
        assert bad not in human.stdout
    assert parsed(khabar("search", "Qamishli", "--json"))["total"] == 1


def test_corpus_search_finds_other_spellings(khabar):
    assert khabar("add", str(CORPUS), "--jobs", "2").exit_code in (0, 3)
    data = parsed(khabar("search", "Qamishlo", "--json", "--limit", "50"))
    titles = [hit["title"] for hit in data["hits"]]
    langs = {hit["lang"] for hit in data["hits"]}
    assert len(titles) >= 4
    assert {"en", "ar"} <= langs
    assert data["variants"]


def test_variants_lists_spellings_with_reasons(khabar):
    result = khabar("variants", "Qamishlo", "--json")
    assert result.exit_code == 0
    spellings = {entry["spelling"]: entry["reason"] for entry in parsed(result)}
    assert {"Qamishli", "القامشلي"} <= set(spellings)
    assert all(reason for reason in spellings.values())
    assert khabar("variants", "show").exit_code == 2


def test_variants_add_teaches_the_archive_a_name(khabar, tmp_path):
    page = tmp_path / "village.jsonl"
    page.write_text(json.dumps({
        "url": "https://news.example/v", "title": "Wells run dry in Xirbê Xezalê",
        "text": "Farmers in Xirbê Xezalê said their wells ran dry in August."}) + "\n")
    khabar("add", str(page), "-j", "1")
    assert parsed(khabar("search", "Khirbet Ghazaleh", "--json"))["total"] == 0
    added = khabar("variants", "add", "Xirbê", "Xezalê", "--name", "Khirbet Ghazaleh",
                   "--kind", "place")
    assert added.exit_code == 0
    assert parsed(khabar("search", "Khirbet Ghazaleh", "--json"))["total"] == 1
    # against an archive, `variants` lists the index terms a search matches, with the reason
    listed = {e["spelling"]: e["reason"]
              for e in parsed(khabar("variants", "Khirbet Ghazaleh", "--json"))}
    assert "archive:" in listed["xirbe xezale"]
