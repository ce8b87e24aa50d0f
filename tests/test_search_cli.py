"""The journalist's search: query language, filters, output formats, counts, charts, alerts."""
from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import parsed

ARTICLES = [
    # url, title, date, source, lang, text
    ("https://a.example/1", "Alouk water station stops", "2016-02-10", "ARA News", "en",
     "Hasakah, Syria – The Alouk water station stopped pumping and Hasakah residents queued "
     "for water trucks. The water Alouk crisis deepened, said Dilovan Mohammed."),
    ("https://a.example/2", "Bread prices rise in Qamishli", "2016-05-03", "ARA News", "en",
     "QAMISHLI — Bakeries in Qamishli raised bread prices as flour ran short across the "
     "province, traders said on Tuesday."),
    ("https://b.example/3", "Kobani rebuilds its schools", "2017-09-01", "Rojava Observer", "en",
     "Kobani – Teachers in Kobani opened eleven rebuilt schools. The children solved sums "
     "on new boards, and the town hall paid for the desks."),
    ("https://b.example/4", "داعش يهاجم ريف الحسكة", "2016-03-15", "Al-Jazira Post", "ar",
     "الحسكة – هاجم تنظيم داعش قرى في ريف الحسكة الجنوبي، وقال سكان إن الاشتباكات استمرت "
     "حتى الصباح قرب جبل عبد العزيز."),
    ("https://c.example/5", "Raqqa market reopens", "2018-11-20", "Jazira Wire", "en",
     "Raqqa – The old market of Raqqa reopened after two years, with traders selling "
     "vegetables and clothes from Hasakah and Deir ez-Zor."),
]


@pytest.fixture
def archive(khabar, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(
        {"url": u, "title": t, "date": d, "source": s, "lang": lang, "text": x},
        ensure_ascii=False) + "\n" for u, t, d, s, lang, x in ARTICLES), encoding="utf-8")
    assert khabar("add", str(path), "-j", "1").exit_code == 0
    return khabar


def urls(result) -> set[str]:
    return {hit["url"] for hit in parsed(result)["hits"]}


@pytest.mark.parametrize("query, expected", [
    ("Hasakah water", {"https://a.example/1"}),                               # AND by default
    ("Qamishli OR Kobani", {"https://a.example/2", "https://b.example/3"}),
    ("Hasakah NOT water", {"https://c.example/5", "https://b.example/4"}),
    ("Hasakah -water", {"https://c.example/5", "https://b.example/4"}),
    ("(Kobani OR Raqqa) market", {"https://c.example/5"}),
    ('"water station"', {"https://a.example/1"}),
    ('"water Alouk"~5', {"https://a.example/1"}),
    ('"in Qamishlo"', {"https://a.example/2"}),                  # a spelling inside a phrase
    ('"Kamishli raised bread"', {"https://a.example/2"}),
    ("Qamish*", {"https://a.example/2"}),
    ("title:Kobani", {"https://b.example/3"}),
    ("source:Rojava", {"https://b.example/3"}),
    ("lang:ar", {"https://b.example/4"}),
    ("place:Raqqa", {"https://c.example/5"}),
    ("date:[2016-01 TO 2016-06]", {"https://a.example/1", "https://a.example/2",
                                   "https://b.example/4"}),
    ("Hasakah AND داعش", {"https://b.example/4"}),
])
def test_query_language(archive, query, expected):
    result = archive("search", query, "--json", "--limit", "50")
    assert result.exit_code == 0, result.stderr
    assert urls(result) == expected


def test_since_and_until(archive):
    result = archive("search", "Hasakah", "--since", "2016-03", "--until", "2017", "--json")
    assert urls(result) == {"https://b.example/4"}
    assert archive("search", "Hasakah", "--since", "March").exit_code == 2


def test_sort_by_date(archive):
    newest = parsed(archive("search", "Hasakah", "--sort", "-date", "--json"))["hits"]
    assert [hit["date"] for hit in newest] == sorted((h["date"] for h in newest), reverse=True)
    oldest = parsed(archive("search", "Hasakah", "--sort", "date", "--json"))["hits"]
    assert [hit["date"] for hit in oldest] == sorted(h["date"] for h in oldest)


def test_limit_and_offset_page_through_hits(archive):
    everything = [h["url"] for h in parsed(archive("search", "Hasakah", "--json"))["hits"]]
    first = [h["url"] for h in parsed(archive("search", "Hasakah", "-n", "2", "--json"))["hits"]]
    rest = [h["url"] for h in parsed(
        archive("search", "Hasakah", "-n", "2", "--offset", "2", "--json"))["hits"]]
    assert first + rest == everything


def test_unbalanced_query_is_a_clear_error(archive):
    result = archive("search", "(Hasakah OR")
    assert result.exit_code == 2
    assert "khabar:" in result.stderr and "Traceback" not in result.stderr


def test_jsonl_csv_tsv_and_fields(archive):
    lines = archive("search", "Hasakah", "--jsonl").stdout.splitlines()
    assert all(set(json.loads(line)) >= {"id", "url", "title", "snippet"} for line in lines)
    rows = list(csv.DictReader(io.StringIO(archive("search", "Hasakah", "--csv").stdout)))
    assert len(rows) == len(lines) and "title" in rows[0]
    tsv = archive("search", "Hasakah", "--tsv", "--fields", "url,date").stdout.splitlines()
    assert tsv[0] == "url\tdate" and all(len(line.split("\t")) == 2 for line in tsv)
    picked = json.loads(archive("search", "Hasakah", "--jsonl", "--fields", "id,lang")
                        .stdout.splitlines()[0])
    assert set(picked) == {"id", "lang"}
    assert archive("search", "Hasakah", "--fields", "bogus", "--csv").exit_code == 2


def test_facets(archive):
    data = parsed(archive("search", "Hasakah", "--facet", "source,lang,year", "--json"))
    assert data["facets"]["lang"] == {"en": 2, "ar": 1}
    assert data["facets"]["year"] == {"2016": 2, "2018": 1}
    assert data["facets"]["source"]["ARA News"] == 1
    human = archive("search", "Hasakah", "--facet", "lang")
    assert "by lang: en 2, ar 1" in human.stdout


def test_count_by_year_and_normalised(archive):
    data = parsed(archive("count", "Hasakah", "--by", "year", "--json"))
    assert data["counts"] == {"2016": 2, "2018": 1}
    share = parsed(archive("count", "Hasakah", "--by", "year", "--normalize", "--json"))
    assert share["counts"] == {"2016": round(2 / 3, 4), "2018": 1.0}
    table = archive("count", "Hasakah", "--by", "lang").stdout.splitlines()
    assert "en\t2" in table


def test_timeline_bars_and_png(archive, tmp_path):
    result = archive("timeline", "Hasakah", "--by", "year")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["2016", "2017", "2018"]  # 2017 shown at 0
    assert lines[1].split()[-1] == "0"
    png = tmp_path / "chart.png"
    assert archive("timeline", "Hasakah", "--png", str(png)).exit_code == 0
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 500)


def test_similar(archive):
    first = parsed(archive("search", "Alouk", "--json"))["hits"][0]["id"]
    result = archive("similar", first, "--json")
    assert result.exit_code == 0
    assert first not in {hit["id"] for hit in parsed(result)["hits"]}
    assert archive("similar", "nosuchid00").exit_code == 1


def test_zero_hits_suggest_terms_of_the_archive(archive):
    result = archive("search", "bakeies", "--json")
    assert result.exit_code == 1
    assert "bakeries" in parsed(result)["suggestions"]
    assert "did you mean" in archive("search", "bakeies").stderr


def test_saved_searches_and_new_only(archive, tmp_path):
    assert archive("saved", "add", "hasakah", "Hasakah").exit_code == 0
    assert parsed(archive("saved", "list", "--json"))[0]["query"] == "Hasakah"
    first = archive("saved", "run", "hasakah", "--new", "--json")
    assert parsed(first)["total"] == 3
    again = archive("saved", "run", "hasakah", "--new", "--json")
    assert again.exit_code == 1 and parsed(again)["total"] == 0
    fresh = tmp_path / "fresh.jsonl"
    fresh.write_text(json.dumps({"url": "https://d.example/6", "title": "Hasakah curfew",
                                 "text": "A curfew was declared in Hasakah on Friday night, "
                                         "residents said, as clashes continued."}) + "\n")
    archive("add", str(fresh), "-j", "1")
    newest = parsed(archive("saved", "run", "hasakah", "--new", "--json"))
    assert [hit["url"] for hit in newest["hits"]] == ["https://d.example/6"]
    assert archive("saved", "run", "nosuch").exit_code == 2


def test_colour_only_when_asked(archive, monkeypatch):
    plain = archive("search", "Hasakah")
    assert "\x1b[" not in plain.stdout and "[[Hasakah]]" in plain.stdout
    coloured = archive("search", "Hasakah", "--color", "always")
    assert "\x1b[" in coloured.stdout


def test_ordinary_words_do_not_expand(archive):
    for word in ("water", "hall"):
        with_variants = urls(archive("search", word, "--json"))
        exact = urls(archive("search", word, "--exact", "--json"))
        assert with_variants == exact and with_variants


def test_completion_scripts(khabar):
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")):
        result = khabar("completion", shell)
        assert result.exit_code == 0 and marker in result.stdout and "_KHABAR_COMPLETE" in result.stdout


def test_near_duplicates_fold_into_one_hit(khabar, tmp_path):
    body = " ".join(
        f"Sentence {n} of the report says the Alouk water station near Serêkaniyê pumped "
        f"again on day {n}, and engineers from Hasakah checked the pipes." for n in range(12))
    copy = body.replace("engineers from Hasakah checked", "engineers from Hasakah inspected", 1)
    path = tmp_path / "syndicated.jsonl"
    path.write_text(json.dumps({"url": "https://origin.example/alouk", "title": "Alouk pumps",
                                "text": body}) + "\n" + json.dumps(
        {"url": "https://copier.example/alouk-copy", "title": "Alouk pumps", "text": copy}) + "\n")
    summary = parsed(khabar("add", str(path), "--json", "-j", "1"))
    assert summary["added"] == 2
    data = parsed(khabar("search", "Alouk", "--json"))
    assert data["total"] == 2 and len(data["hits"]) == 1
    assert data["hits"][0]["also_in"] == ["https://copier.example/alouk-copy"]
    assert "also in: https://copier.example/alouk-copy" in khabar("search", "Alouk").stdout


def test_ordinary_words_match_their_other_forms_names_do_not(archive, khabar, tmp_path):
    for mode in ((), ("--exact",)):
        assert urls(archive("search", "stations", "--json", *mode)) == {"https://a.example/1"}
        assert urls(archive("search", "markets", "--json", *mode)) == {"https://c.example/5"}
    page = tmp_path / "maliki.jsonl"
    page.write_text(json.dumps({
        "url": "https://e.example/7", "title": "تصريح المالكي",
        "text": "قال نوري المالكي في بغداد إن الحكومة ستدعم المزارعين هذا العام."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    archive("add", str(page), "-j", "1")
    assert "https://e.example/7" not in urls(archive("search", "المالكية", "--json"))
    assert "https://e.example/7" in urls(archive("search", "المالكي", "--json"))
