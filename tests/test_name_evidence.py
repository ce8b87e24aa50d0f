"""What counts as evidence that a word is a name, through `khabar search`: the archive's
own case (counted once a document, whatever the word's keys), a spelling of it in Arabic
script, letters a name spelling can hold, the gazetteer's names that are common words, and
the heads of place names. The names are from the train part of the public name pairs or the
shipped gazetteer; outside the two tests of the gazetteer's own names it is empty, so only
the method decides."""
from __future__ import annotations

import pytest

from tests.conftest import add_records, distinct, parsed
from tests.test_name_method import no_gazetteer  # noqa: F401  (a fixture)

ARTICLES = {
    "burn": ("en", "Firefighters said the burn scars on the hillside would take years to heal."),
    "burn-again": ("en", "A second burn was set on purpose to clear the dry grass."),
    "burns": ("en", "Robert Burns told the council the bridge would reopen in spring."),
    "burns-arabic": ("ar", "قال روبرت برنز إن الجسر سيفتح في الربيع."),
    # "clock" in lower case in three articles, capitalised in one headline-like phrase: a
    # word with four phonetic keys, each of which indexes the same one capitalised document
    "clock-1": ("en", "The town clock stopped at noon and nobody wound it."),
    "clock-2": ("en", "She looked at the clock and left the hall before the vote."),
    "clock-3": ("en", "A clock repair shop reopened on the main street."),
    "clock-4": ("en", "The Climate Clock on the square counted down the years."),
    "clock-arabic": ("ar", "أفاد سكان كلك يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    # a run of Latin and kana letters, as the analysis keeps a Japanese phrase
    "kana": ("en", "A blog post titled PCに関する話 explained how to change the keyboard "
                   "settings of a laptop."),
    "baggio": ("en", "Residents of Baggio reported new checkpoints on the main road."),
    # an English word the model takes for a spelling of a name, and an Arabic-script name
    # that spells the word, not the name
    "samman": ("en", "Residents of Samman reported new checkpoints on the main road."),
    "shaman": ("en", "The village Shaman told visitors the harvest festival would go ahead."),
    "shuman-arabic": ("ar", "أفاد سكان شومان يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    "brad": ("en", "Brad Keller told reporters the bridge would reopen in spring."),
    "brd": ("en", "Historians of the BRD and the GDR met in Bonn on Friday to open the files."),
    # the gazetteer's Sāmen (Iran) is also written Saman and Samen, a common Dutch word
    "saman": ("en", "Residents of Saman reported new checkpoints on the main road."),
    "samen-1": ("nl", "We gaan samen naar de markt in het centrum van de stad."),
    "samen-2": ("nl", "De buren werken samen aan een nieuwe tuin achter de school."),
    # a place name headed by a word German writes in lower case (Ain/Ein: spring)
    "ain-diwar": ("en", "Residents of Ain Diwar reported new checkpoints on the main road."),
    "ayn-diwar-arabic": ("ar", "أفاد سكان عين ديوار يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    "ein-1": ("de", "Ein Mann kaufte ein Haus und ein Auto in der Stadt am Fluss."),
    "ein-2": ("de", "Der Verein hat ein neues Programm und ein kleines Fest geplant."),
    # a two-word place whose first word heads no names (جديدة is also "new"): the index keys
    # no Arabic-script pair of it, and a word of it ends in ه inside the run
    "jdaide-yabous": ("en", "Residents of Jdaide Yabous reported new checkpoints on the road."),
    "jdeideh-yabous": ("fr", "Des habitants de Jdeideh Yabous ont signalé de nouveaux barrages."),
    "jdaide-yabous-arabic": ("ar", "أفاد سكان جديدة يابوس يوم الثلاثاء بإقامة حواجز على الطريق."),
    "yabous-apart-arabic": ("ar", "وصلت قافلة إلى يابوس وفيها مساعدات جديدة للسكان."),
    # the Persian ezafe after a hyphen, which Arabic script does not write, and a French
    # rendering of the article
    "shahrak-e-madani": ("en", "Residents of Shahrak-e Madani reported new checkpoints."),
    "shahrak-madani-arabic": ("ar", "أفاد سكان شهرک مدنی يوم الثلاثاء بإقامة حواجز على الطريق."),
    "bosra-ech-cham": ("fr", "Des habitants de Bosra ech Cham ont signalé de nouveaux barrages."),
    "busra-ash-sham": ("en", "Residents of Busra ash-Sham reported new checkpoints."),
    # a name the gazetteer knows that German also has among its capitalised words
    "mohammed-de-1": ("de", "Der Händler Mohammed verkauft Brot auf dem Markt der Stadt."),
    "mohammed-de-2": ("de", "Mohammed hat das Geschäft seines Vaters im Sommer übernommen."),
    "mohammed-de-3": ("de", "Nach dem Streit sprach Mohammed mit dem Bürgermeister der Stadt."),
    "muhammad-en": ("en", "Residents said Muhammad reopened the bakery on the main road."),
    # German capitalises every noun: "Packer" is keyed like Bakur and the model takes it
    # for a spelling of it by a narrow margin; "Chabur" is how German spells Khabur
    "bakur": ("en", "Residents of Bakur reported new checkpoints on the main road."),
    "packer-de": ("de", "Die Packer im Hafen streikten am Montag für höhere Löhne."),
    "khabur": ("en", "Residents of Khabur reported new checkpoints on the main road."),
    "chabur-de": ("de", "Bewohner von Chabur meldeten am Dienstag neue Kontrollpunkte."),
    # a Sorani name ending in ێ (ê), as Arabic names end in ي, and a Latin name without it
    "akre-ckb": ("ckb", "دانیشتووانی ئاكرێ ڕۆژی سێشەممە باسیان لە خاڵی پشکنینی نوێ کرد."),
    "akre": ("en", "Residents of Akre reported new checkpoints on the main road."),
    "acker": ("en", "Coach Jim Acker said the team would train again on Monday."),
    # a name no list holds, its Arabic-script spelling, another Latin spelling of it, and an
    # English given name the model alone takes for a spelling of it (train part pairs)
    "gwen": ("en", "Residents said Gwen reopened the bakery on the main road."),
    "gwynn": ("en", "Residents said Gwynn reopened the bakery on the main road."),
    "gwen-arabic": ("ar", "قال السكان إن غوين أعادت فتح المخبز على الطريق الرئيسي."),
    "jon": ("en", "Coach Jon Keller said the team would train again on Monday."),
    # names whose Arabic spelling begins like the article with a clitic (بال "with the",
    # فال "so the"), which the index takes off, and Arabic words that do begin so
    "baldwin": ("en", "Residents said Baldwin reopened the bakery on the main road."),
    "baldwin-arabic": ("ar", "قال السكان إن بالدوين أعاد فتح المخبز على الطريق الرئيسي."),
    "waldheim": ("en", "Residents said Waldheim reopened the bakery on the main road."),
    "waldheim-arabic": ("ar", "قال السكان إن فالدهايم أعاد فتح المخبز على الطريق الرئيسي."),
    "by-plane-arabic": ("ar", "وصل الوفد بالطائرة إلى المدينة بالأمس وبدأ بالعمل فالوقت ضيق."),
    # a name of the train part on the common-word list, which the gazetteer holds only as
    # an old name of a Turkish town that has no Arabic-script name
    "andreas": ("en", "Residents said Andreas reopened the bakery on the main road."),
    "andreas-arabic": ("ar", "قال السكان إن أندرياس أعاد فتح المخبز على الطريق الرئيسي."),
    # acronyms as Arabic news spells them out letter by letter, a name keyed like the
    # letters' sounds, and two ordinary words that are also the names of letters
    "bbc": ("en", "The BBC reported heavy fighting near the border on Tuesday."),
    "bbc-arabic": ("ar", "ذكرت هيئة بي بي سي أن القتال اشتد قرب الحدود يوم الثلاثاء."),
    "pepsi": ("en", "Residents said Pepsi trucks reopened the depot on the main road."),
    "fbi": ("en", "Agents of the FBI questioned two suspects on Monday."),
    "fbi-arabic": ("ar", "استجوب عملاء إف بي آي مشتبهين اثنين يوم الاثنين."),
    "fabio": ("en", "Coach Fabio Keller said the team would train again on Monday."),
    # a place the shipped gazetteer holds and a country the model alone takes for a
    # spelling of it
    "qana": ("en", "Residents of Qana reported new checkpoints on the main road."),
    "ghana": ("en", "Ghana beat Nigeria in the final of the cup on Sunday evening."),
    # a given name that sounds like the German name of a country
    "gabin": ("en", "Residents said Gabin reopened the bakery on the main road."),
    "gabun-de": ("de", "Die Regierung von Gabun hat am Dienstag neue Wahlen angekündigt."),
    "gabon": ("en", "Gabon beat Cameroon in the final of the cup on Sunday evening."),
    "vn": ("en", "Residents said VN Motors reopened the depot on the main road."),
    # Sorani writes its vowels: ordinary words ("but", "relation") that train-part names
    # lacking those vowels are keyed like, a Sorani spelling of a name, and another name
    "blum": ("en", "Residents said Blum reopened the bakery on the main road."),
    "bundy": ("en", "Coach Jim Bundy said the team would train again on Monday."),
    "but-relation-ckb": ("ckb", "بەڵام دانیشتووان دەڵێن پەیوەندی نێوان لایەنەکان باش نییە."),
    "hasan": ("en", "Residents said Hasan reopened the bakery on the main road."),
    "hasan-ckb": ("ckb", "دانیشتووان دەڵێن حەسەن نانەواخانەکەی لە ڕێگای سەرەکی کردەوە."),
    "hsun": ("en", "Coach Lu Hsun said the team would train again on Monday."),
    # a town the archive writes six ways in Latin letters (GeoNames' names of خورموج)
    "khormuj-arabic": ("ar", "أفاد سكان خورموج يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    **{spelling.lower(): ("en", f"Residents of {spelling} reported new checkpoints on the road.")
       for spelling in ("Khormoj", "Khormuj", "Khurmoj", "Khurmuj", "Khowrmuj", "Khurmudj")},
    "in-that-arabic": ("ar", "وصل الوفد في أن واحد إلى المدينة والقرية."),
    # Sorani writes the long vowels Arabic writes: two GeoNames places whose consonants
    # agree (Koruj in Arabic letters, Karaj in Sorani), and a name both write with them
    "koruj-arabic": ("ar", "أفاد سكان كروج يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    "karaj-ckb": ("ckb", "دانیشتووانی کەرەج ڕۆژی سێشەممە باسیان لە خاڵی پشکنینی نوێ کرد."),
    "sulayman-arabic": ("ar", "قال سليمان إن المخبز سيفتح من جديد على الطريق الرئيسي."),
    "sulayman-ckb": ("ckb", "دانیشتووان دەڵێن سولەیمان نانەواخانەکەی لە ڕێگای سەرەکی کردەوە."),
    # a city in Latin, Arabic and Sorani letters, the Sorani scored far under the Arabic
    "kerkuk": ("en", "Residents of Kerkuk reported new checkpoints on the road."),
    "kirkuk-arabic": ("ar", "أفاد سكان كركوك يوم الثلاثاء بإقامة حواجز جديدة على الطريق."),
    "kirkuk-ckb": ("ckb", "دانیشتووانی کەرکووک ڕۆژی سێشەممە باسیان لە خاڵی پشکنینی نوێ کرد."),
}


@pytest.fixture
def archive(khabar, tmp_path, no_gazetteer):  # noqa: F811
    return archive_of(khabar, tmp_path)


@pytest.fixture
def shipped_archive(khabar, tmp_path):
    """With the shipped gazetteer."""
    return archive_of(khabar, tmp_path)


def archive_of(khabar, tmp_path):
    def build(*labels: str):
        records = [{"url": f"https://evidence.example/{label}", "title": f"Report {number}",
                    "lang": ARTICLES[label][0], "date": "2024-01-01",
                    "text": distinct(ARTICLES[label][1], number)}
                   for number, label in enumerate(labels)]
        add_records(khabar, tmp_path / "evidence.jsonl", records)

        def found(query: str) -> set[str]:
            result = khabar("search", query, "--json")
            assert result.exit_code in (0, 1), result.stderr
            return {hit["url"].rsplit("/", 1)[1] for hit in parsed(result)["hits"]}
        return found
    return build


def test_a_name_the_archive_also_writes_in_arabic_takes_no_english_stem(archive):
    found = archive("burn", "burn-again", "burns", "burns-arabic")
    assert found("Burns") == {"burns", "burns-arabic"}


def test_without_an_arabic_spelling_a_capitalised_english_word_keeps_its_stem(archive):
    # Burns is then only an English word the archive once wrote with a capital
    assert archive("burn", "burn-again", "burns")("Burns") == {"burn", "burn-again", "burns"}


def test_a_word_written_in_lower_case_in_most_articles_is_no_name(archive):
    found = archive("clock-1", "clock-2", "clock-3", "clock-4", "clock-arabic")
    assert found("clock") == {"clock-1", "clock-2", "clock-3", "clock-4"}


def test_a_word_with_letters_of_another_script_is_no_spelling_of_a_name(archive):
    assert archive("kana", "baggio")("Baggio") == {"baggio"}


def test_an_english_word_is_no_bridge_to_the_other_script(archive):
    found = archive("samman", "shaman", "shuman-arabic")
    assert "shuman-arabic" not in found("Samman")
    assert "shuman-arabic" in found("Shaman")  # the word's own spelling is still found


def test_an_acronym_is_no_spelling_of_a_name(archive):
    assert archive("brad", "brd")("Brad") == {"brad"}


def test_a_gazetteer_name_the_archive_writes_as_a_common_word_is_not_matched(shipped_archive):
    assert shipped_archive("saman", "samen-1", "samen-2")("Saman") == {"saman"}


def test_an_unlisted_arabic_name_finds_a_spelling_the_gazetteer_gives_another_entity(
        shipped_archive):
    found = shipped_archive("andreas", "andreas-arabic")
    assert found("أندرياس") == {"andreas", "andreas-arabic"}


def test_a_country_is_no_spelling_of_a_place(shipped_archive):
    found = shipped_archive("qana", "ghana")
    assert found("Qana") == {"qana"}
    assert found("Ghana") == {"ghana"}


def test_a_name_that_sounds_like_a_country_is_not_that_country(shipped_archive):
    found = shipped_archive("gabin", "gabun-de", "gabon")
    assert found("Gabin") == {"gabin"}
    assert {"gabun-de", "gabon"} <= found("Gabon")


def test_a_place_name_is_found_by_its_head_however_the_archive_writes_the_word(shipped_archive):
    found = shipped_archive("ain-diwar", "ayn-diwar-arabic", "ein-1", "ein-2")
    assert found("Ein Diwar") == {"ain-diwar", "ayn-diwar-arabic"}


def test_a_multi_word_name_is_found_word_by_word_in_arabic_script(archive):
    found = archive("jdaide-yabous", "jdeideh-yabous", "jdaide-yabous-arabic", "yabous-apart-arabic")
    assert found("Jdaide Yabous") == {"jdaide-yabous", "jdeideh-yabous", "jdaide-yabous-arabic"}
    # and back: the ه that ends جديدة ends a word of the run, as the e of Jdaide does
    assert found("جديدة يابوس") == {"jdaide-yabous", "jdeideh-yabous", "jdaide-yabous-arabic"}


def test_the_ezafe_and_french_articles_are_not_words_of_a_name(archive):
    found = archive("shahrak-e-madani", "shahrak-madani-arabic", "bosra-ech-cham",
                    "busra-ash-sham")
    assert found("Shahrak-e Madani") == {"shahrak-e-madani", "shahrak-madani-arabic"}
    assert found("Shahrak Madani") == {"shahrak-e-madani", "shahrak-madani-arabic"}
    assert found("Bosra ech Cham") == {"bosra-ech-cham", "busra-ash-sham"}


def test_a_known_name_german_capitalises_as_a_word_keeps_its_spellings(shipped_archive):
    found = shipped_archive("mohammed-de-1", "mohammed-de-2", "mohammed-de-3", "muhammad-en")
    assert "muhammad-en" in found("Mohammed")


def test_a_german_noun_is_no_spelling_of_a_name_but_a_german_spelling_is(archive):
    found = archive("bakur", "packer-de", "khabur", "chabur-de")
    assert found("Bakur") == {"bakur"}
    assert found("Khabur") == {"khabur", "chabur-de"}


def test_a_sorani_final_e_is_part_of_the_name(archive):
    assert archive("akre-ckb", "akre", "acker")("ئاكرێ") == {"akre-ckb", "akre"}


def test_the_archives_arabic_spelling_of_an_unlisted_name_judges_its_latin_look_alikes(archive):
    found = archive("gwen", "gwynn", "gwen-arabic", "jon")
    assert found("Gwen") == {"gwen", "gwynn", "gwen-arabic"}
    assert found("Gwynn") == {"gwen", "gwynn", "gwen-arabic"}


def test_a_name_that_begins_like_the_article_is_weighed_as_written(archive):
    found = archive("baldwin", "baldwin-arabic", "waldheim", "waldheim-arabic", "by-plane-arabic")
    assert found("Baldwin") == {"baldwin", "baldwin-arabic"}
    assert found("بالدوين") == {"baldwin", "baldwin-arabic"}
    assert found("Waldheim") == {"waldheim", "waldheim-arabic"}
    assert found("فالدهايم") == {"waldheim", "waldheim-arabic"}


def test_an_acronym_spelled_out_in_arabic_letters_is_the_acronym(archive):
    found = archive("bbc", "bbc-arabic", "pepsi", "fbi", "fbi-arabic", "fabio")
    assert found("بي بي سي") == {"bbc", "bbc-arabic"}
    assert found("BBC") == {"bbc", "bbc-arabic"}
    assert found("إف بي آي") == {"fbi", "fbi-arabic"}
    assert found("FBI") == {"fbi", "fbi-arabic"}


def test_ordinary_words_that_name_letters_are_no_acronym(archive):
    assert archive("vn", "in-that-arabic")("في أن") == {"in-that-arabic"}


def test_a_latin_name_says_every_vowel_a_sorani_spelling_writes(archive):
    found = archive("blum", "bundy", "but-relation-ckb", "hasan", "hasan-ckb", "hsun")
    assert found("Blum") == {"blum"}
    assert found("Bundy") == {"bundy"}
    assert found("بەڵام") == {"but-relation-ckb"}
    assert found("Hasan") == {"hasan", "hasan-ckb"}
    assert found("حەسەن") == {"hasan", "hasan-ckb"}


def test_an_arabic_name_finds_every_latin_spelling_of_it_the_archive_holds(archive):
    spellings = {"khormoj", "khormuj", "khurmoj", "khurmuj", "khowrmuj", "khurmudj"}
    found = archive("khormuj-arabic", *spellings)
    assert found("خورموج") == {"khormuj-arabic"} | spellings


def test_an_arabic_spellings_inner_long_vowels_are_written_in_sorani_too(archive):
    found = archive("koruj-arabic", "karaj-ckb", "sulayman-arabic", "sulayman-ckb")
    assert found("كروج") == {"koruj-arabic"}
    assert found("کەرەج") == {"karaj-ckb"}
    assert found("سليمان") == {"sulayman-arabic", "sulayman-ckb"}
    assert found("سولەیمان") == {"sulayman-arabic", "sulayman-ckb"}


def test_a_sorani_spelling_of_a_kept_arabic_spelling_is_kept_however_the_model_scores_it(
        archive):
    found = archive("kerkuk", "kirkuk-arabic", "kirkuk-ckb")
    assert found("Kerkuk") == {"kerkuk", "kirkuk-arabic", "kirkuk-ckb"}
