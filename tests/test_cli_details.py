"""The small things a user notices: gzipped pages in `clean`, the real archive folder in
--help, --color everywhere, snippet offsets, empty months, the PNG's letters and ticks,
saved searches, `show` by URL, id prefix or raw capture."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from cli.charts import chart_font, ticks
from cli.main import cli
from tests.conftest import CORPUS, parsed

PAGE = CORPUS / "rojava-observer/2019/11/alouk-water-station-council.html"
ALOUK = "https://rojava-observer.example/2019/11/alouk-water-station-council/"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One archive of three corpus folders (English, Arabic, Kurmanji) for the whole module."""
    path = tmp_path_factory.mktemp("details") / "archive"
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, ["--archive", str(path), *args], catch_exceptions=False)

    assert run("add", str(CORPUS / "rojava-observer"), str(CORPUS / "al-jazira-post/news"),
               str(CORPUS / "dumps"), "-j", "1").exit_code == 0
    return run


def article_id(khabar, url: str = ALOUK) -> str:
    hits = parsed(khabar("search", "Alouk", "--json", "-n", "50"))["hits"]
    return next(hit["id"] for hit in hits if hit["url"] == url)


def test_clean_reads_a_gzipped_page(khabar, tmp_path):
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(PAGE.read_bytes()))
    plain = json.loads(khabar("clean", str(PAGE), "--json").stdout)
    result = khabar("clean", str(packed), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["text"] == plain["text"]


def test_help_names_the_archive_folder_the_environment_gives():
    result = CliRunner().invoke(cli, ["--help"], env={"XDG_DATA_HOME": "/srv/newsroom",
                                                     "KHABAR_ARCHIVE": None})
    assert "(default: /srv/newsroom/khabar)" in " ".join(result.stdout.split())
    assert ".local/share" not in result.stdout


def test_every_command_that_prints_articles_takes_color(archive):
    archive("saved", "add", "water", "Alouk")
    ident = article_id(archive)
    for command in (["show", ident], ["similar", ident], ["saved", "run", "water"],
                    ["search", "Alouk"]):
        coloured = archive(*command, "--color", "always")
        assert coloured.exit_code == 0 and "\x1b[1m" in coloured.stdout, command
        assert "\x1b[" not in archive(*command, "--color", "never").stdout, command


def test_machine_output_gives_snippet_offsets_not_markers(archive):
    hit = parsed(archive("search", "Alouk", "--json"))["hits"][0]
    assert "[[" not in hit["snippet"] and hit["highlights"]
    assert {hit["snippet"][start:end] for start, end in hit["highlights"]} == {"Alouk"}
    rows = list(csv.DictReader(io.StringIO(archive("search", "Alouk", "--csv").stdout)))
    start, end = map(int, rows[0]["highlights"].split()[0].split("-"))
    assert "[[" not in rows[0]["snippet"] and rows[0]["snippet"][start:end] == "Alouk"


def test_timeline_keeps_the_months_of_the_range_asked_for(archive):
    counts = parsed(archive("timeline", "Alouk", "--since", "2019", "--until", "2019-12",
                            "--json"))["counts"]
    assert list(counts) == [f"2019-{m:02d}" for m in range(1, 13)]
    assert counts["2019-11"] >= 1 and counts["2019-01"] == 0
    bars = archive("timeline", "Alouk", "--since", "2019", "--until", "2019-12").stdout
    assert len(bars.splitlines()) == 12 and bars.startswith("2019-01 ")


def test_y_axis_ticks_are_round_numbers():
    assert ticks(5) == [0, 1, 2, 3, 4, 5]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(137) == [0, 50, 100, 150]
    assert ticks(0) == [0, 1]


def test_png_draws_arabic_and_kurdish_letters_not_boxes(archive, tmp_path):
    title = "Articles matching: القامشلي قامشلۆ هەواڵی Qamişlo"
    font = chart_font(title, 18)

    def drawn(letter: str) -> bytes:
        image = Image.new("L", (40, 40))
        ImageDraw.Draw(image).text((8, 8), letter, font=font, fill=255)
        return image.tobytes()

    box = drawn("\U0010fffd")  # a code point no font has
    assert all(drawn(letter) != box for letter in set(title) - {" "})
    png = tmp_path / "chart.png"
    assert archive("timeline", "الحسكة", "--png", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_saved_list_shows_options_and_remove_forgets(archive):
    archive("saved", "add", "alouk", "Alouk", "--since", "2016", "--exact")
    listed = archive("saved", "list").stdout
    assert "alouk\tAlouk\t--exact --since 2016" in listed
    assert archive("saved", "remove", "alouk").exit_code == 0
    assert "alouk" not in [entry["name"] for entry in parsed(archive("saved", "list", "--json"))]
    assert archive("saved", "remove", "alouk").exit_code == 2


def test_show_takes_a_url_or_the_start_of_an_id(archive):
    ident = article_id(archive)
    for reference in (ALOUK, ALOUK.rstrip("/"), ALOUK.replace("https", "http"), ident[:5],
                      ident.upper()):
        shown = archive("show", reference, "--json")
        assert shown.exit_code == 0 and parsed(shown)["id"] == ident, reference
    ids = [hit["id"] for hit in parsed(archive("search", "Hasakah", "--json", "-n", "50"))["hits"]]
    shared = next((a[:4] for a in ids for b in ids if a != b and a[:4] == b[:4]), None)
    if shared:  # an ambiguous prefix names its candidates
        assert archive("show", shared).exit_code == 2
    assert archive("show", "https://nowhere.example/x").exit_code == 1


def test_show_raw_gives_the_capture_exactly(archive):
    result = archive("show", article_id(archive), "--raw")
    assert result.exit_code == 0 and result.stdout_bytes == PAGE.read_bytes()


def test_count_by_place_groups_the_spellings_of_one_place(archive):
    spelled = parsed(archive("count", "--json", "--by", "place"))
    assert "spellings" in spelled
    for spellings in spelled["spellings"].values():
        for spelling in spellings:
            assert sum(spelling in group for group in spelled["spellings"].values()) == 1
    qamishli = next(name for name, spellings in spelled["spellings"].items()
                    if "Qamishlo" in spellings)
    assert "القامشلي" in spelled["spellings"][qamishli]
    hasakah = next(name for name, spellings in spelled["spellings"].items()
                   if any(s.startswith("Hasak") for s in spellings))
    assert any(not s.isascii() for s in spelled["spellings"][hasakah])
    assert hasakah != qamishli  # look-alike towns stay apart
    shown = archive("count", "--by", "place").stdout
    assert f"{qamishli}\t{spelled['counts'][qamishli]}\t" in shown


def test_similar_finds_a_storys_twin_in_another_script(archive):
    """The Afrin displacement story, as an English text dump and as an Arabic page: no word in
    common, the same places and groups."""
    english = next(hit["id"] for hit in parsed(archive("search", "Afrin", "--json"))["hits"]
                   if hit["lang"] == "en")
    arabic = next(hit["id"] for hit in parsed(archive("search", "عفرين", "--json"))["hits"]
                  if hit["lang"] == "ar")
    for one, twin in ((english, arabic), (arabic, english)):
        ranked = [hit["id"] for hit in parsed(archive("similar", one, "--json"))["hits"]]
        assert twin in ranked[:2], (one, ranked)

