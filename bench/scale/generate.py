#!/usr/bin/env python3
"""Synthetic news crawls for the scale benchmark: N pages as gzipped WARC files.

The pages look like the regional news sites khabar archives: WordPress-like
boilerplate (menus, a breaking-news ticker, share bars, related posts, a tag
cloud, a comment form with a math captcha), bodies of 200–1,500 words in
English, Arabic, Sorani and Kurmanji (45/30/15/10), dates across 2014–2020, and a
few near-duplicates (one agency story on two sites) and re-crawls (the same URL
captured again). Like real reports, each story has a topic and is set in one to
three places: fourteen main places written in every script and spelling, and the
400 most populous places of Syria and Iraq in the gazetteer extract khabar ships,
drawn with a Zipf distribution (the most reported place appears in about a third
of the stories, the fourteenth in a few percent, most places rarely). The same
seed and size always give the same bytes, so anyone can reproduce a figure.

Version 2 of the crawl; version 1 (until 2026-11-25) set every story in all
fourteen main places with all topics at once, so every place query matched
nearly every page; its search figures are not comparable.

    /tmp/kvenv/bin/python bench/scale/generate.py 1000 10000 --out /tmp/khabar-scale
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import io
import random
import re
import sys
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: Languages and their share of the pages (a Syrian-Kurdish news mix).
LANGUAGES = (("en", 0.45), ("ar", 0.30), ("ckb", 0.15), ("kmr", 0.10))
#: Pages per WARC file, as crawlers roll their files over.
PAGES_PER_FILE = 5000
#: Share of pages that re-publish an earlier story on another site, lightly edited.
NEAR_DUPLICATE_SHARE = 0.02
#: Share of captures that fetch an already-captured URL again later (a re-crawl).
RECRAWL_SHARE = 0.03
#: Share of records that are not articles: 404 pages and robots.txt.
NON_ARTICLE_SHARE = 0.01
FIRST_DAY, LAST_DAY = dt.date(2014, 1, 1), dt.date(2020, 12, 31)
WORDS_MIN, WORDS_MAX = 200, 1500
#: The crawl's layout version: part of its folder name, so a changed generator never
#: reuses crawls an earlier one wrote.
VERSION = 2
#: Share of a story's sentences set in its main place (the rest in one of its other places).
MAIN_PLACE_SHARE = 0.75
#: Share of a story's sentences about its own topic (the rest mention another in passing).
TOPIC_SHARE = 0.95
#: Places of the gazetteer extract stories may be set in, beside the main ones.
GAZETTEER_PLACES = 400
GAZETTEER = Path(__file__).resolve().parents[2] / "indexer/names/data/geonames.tsv"
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")

#: Places and their spellings per language: one entity, many written forms, as crawled
#: pages spell them (transliteration variants, Arabic with and without the article,
#: Sorani and Kurmanji names).
PLACES = {
    "qamishli": {"en": ["Qamishli", "Qamishlo", "Kamishli", "al-Qamishli"],
                 "ar": ["القامشلي", "قامشلي"], "ckb": ["قامشلۆ"], "kmr": ["Qamişlo", "Qamishlo"]},
    "hasakah": {"en": ["Hasakah", "al-Hasakah", "Hasaka", "Hassakeh"],
                "ar": ["الحسكة", "حسكة"], "ckb": ["حەسەکە"], "kmr": ["Hesîçe", "Heseke"]},
    "kobani": {"en": ["Kobani", "Kobane", "Ayn al-Arab"], "ar": ["عين العرب", "كوباني"],
               "ckb": ["کۆبانێ"], "kmr": ["Kobanî"]},
    "raqqa": {"en": ["Raqqa", "Raqqah", "al-Raqqa"], "ar": ["الرقة"], "ckb": ["ڕەققە"],
              "kmr": ["Reqa"]},
    "deir": {"en": ["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"], "ar": ["دير الزور"],
             "ckb": ["دێرەزوور"], "kmr": ["Dêrazor"]},
    "amuda": {"en": ["Amuda", "Amude"], "ar": ["عامودا"], "ckb": ["ئامودە"], "kmr": ["Amûdê"]},
    "derik": {"en": ["Derik", "al-Malikiyah"], "ar": ["المالكية", "ديريك"], "ckb": ["دێرک"],
              "kmr": ["Dêrik"]},
    "afrin": {"en": ["Afrin", "Efrin"], "ar": ["عفرين"], "ckb": ["عەفرین"], "kmr": ["Efrîn"]},
    "tal_abyad": {"en": ["Tal Abyad", "Tell Abyad"], "ar": ["تل أبيض"], "ckb": ["گرێ سپی"],
                  "kmr": ["Girê Spî"]},
    "manbij": {"en": ["Manbij"], "ar": ["منبج"], "ckb": ["مەنبج"], "kmr": ["Minbic"]},
    "ras_al_ain": {"en": ["Ras al-Ain", "Ras al-Ayn"], "ar": ["رأس العين"], "ckb": ["سەرێکانی"],
                   "kmr": ["Serêkaniyê"]},
    "alouk": {"en": ["Alouk", "Allouk"], "ar": ["علوك"], "ckb": ["عەلووک"], "kmr": ["Elok"]},
    "shaddadi": {"en": ["Shaddadi", "al-Shaddadi"], "ar": ["الشدادي"], "ckb": ["شەددادی"],
                 "kmr": ["Şeddadê"]},
    "erbil": {"en": ["Erbil", "Arbil", "Hewler"], "ar": ["أربيل"], "ckb": ["هەولێر"],
              "kmr": ["Hewlêr"]},
}



def gazetteer_places(count: int) -> dict[str, dict[str, list[str]]]:
    """The `count` most populous places of Syria and Iraq in the shipped gazetteer that have
    Latin and Arabic-script names, spelled per language as PLACES is (main places left out)."""
    main = {spelling for forms in PLACES.values() for names in forms.values() for spelling in names}
    found = []
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        entity, _, country, population, names = line.split("\t")
        spellings = names.split("|")
        if country not in ("SY", "IQ") or main & set(spellings):
            continue
        latin = [n for n in spellings if n.isascii() and n[:1].isalpha()][:3]
        arabic = [n for n in spellings if ARABIC_LETTER.search(n)][:2]
        if latin and arabic:
            found.append((-int(population), entity, latin, arabic))
    found.sort()
    return {entity: {"en": latin, "kmr": latin[:1], "ar": arabic, "ckb": arabic[:1]}
            for _, entity, latin, arabic in found[:count]}


#: Every place a story may be set in, the main ones first, and its Zipf weight (1/rank).
ALL_PLACES = PLACES | gazetteer_places(GAZETTEER_PLACES)
PLACE_KEYS = list(ALL_PLACES)
PLACE_WEIGHTS = [1 / rank for rank in range(1, len(PLACE_KEYS) + 1)]

#: Who acts in the stories, per language.
ACTORS = {
    "en": ["the local council", "the Autonomous Administration", "residents", "farmers",
           "the water directorate", "aid workers", "the Kurdish Red Crescent", "teachers",
           "displaced families", "traders", "the health committee", "a women's cooperative",
           "the electricity directorate", "bakery owners", "community elders", "UN agencies"],
    "ar": ["المجلس المحلي", "الإدارة الذاتية", "الأهالي", "المزارعون", "مديرية المياه",
           "عمال الإغاثة", "الهلال الأحمر الكردي", "المعلمون", "العائلات النازحة", "التجار",
           "لجنة الصحة", "مديرية الكهرباء", "أصحاب الأفران", "وجهاء المنطقة", "وكالات الأمم المتحدة"],
    "ckb": ["ئەنجومەنی ناوخۆیی", "ئیدارەی خۆسەر", "خەڵکی ناوچەکە", "جووتیاران",
            "بەڕێوەبەرایەتی ئاو", "کارمەندانی هاوکاری", "مانگی سووری کوردستان", "مامۆستایان",
            "خێزانە ئاوارەکان", "بازرگانان", "لیژنەی تەندروستی", "بەڕێوەبەرایەتی کارەبا"],
    "kmr": ["meclîsa herêmî", "Rêveberiya Xweser", "niştecih", "cotkar", "rêveberiya avê",
            "xebatkarên alîkariyê", "Heyva Sor a Kurd", "mamoste", "malbatên koçber",
            "bazirgan", "komîteya tenduristiyê", "rêveberiya elektrîkê"],
}

#: What the stories are about, per language.
THINGS = {
    "en": ["drinking water", "bread prices", "the wheat harvest", "fuel shortages",
           "school enrolment", "power cuts", "the water station", "medical supplies",
           "road repairs", "the camp for displaced people", "cholera cases", "rent prices",
           "cross-border trade", "the cotton crop", "irrigation canals", "mobile clinics"],
    "ar": ["مياه الشرب", "أسعار الخبز", "حصاد القمح", "نقص المحروقات", "تسجيل الطلاب",
           "انقطاع الكهرباء", "محطة المياه", "المستلزمات الطبية", "إصلاح الطرق", "مخيم النازحين",
           "حالات الكوليرا", "أسعار الإيجارات", "التجارة عبر الحدود", "محصول القطن"],
    "ckb": ["ئاوی خواردنەوە", "نرخی نان", "دروێنەی گەنم", "کەمی سووتەمەنی", "تۆمارکردنی قوتابیان",
            "بڕانی کارەبا", "وێستگەی ئاو", "پێداویستی پزیشکی", "چاککردنەوەی ڕێگاکان",
            "کەمپی ئاوارەکان", "نرخی کرێ", "بازرگانی سەر سنوور"],
    "kmr": ["ava vexwarinê", "bihayê nan", "dirûna genim", "kêmbûna sotemeniyê",
            "qeydkirina xwendekaran", "qutbûna elektrîkê", "stasyona avê", "pêdiviyên bijîşkî",
            "çêkirina rêyan", "kampa koçberan", "bihayê kirê", "bazirganiya ser sînor"],
}

#: Sentence templates per language; {place}, {actor}, {thing}, {number}, {month}, {other}
#: are filled from the tables above, so bodies read like reports, not filler text.
TEMPLATES = {
    "en": [
        "{actor} in {place} said on Tuesday that {thing} had become the main worry of the week.",
        "According to {actor}, about {number} families in {place} were affected by {thing}.",
        "The situation in {place} worsened in {month} when {thing} reached the villages near {other}.",
        "\"We have waited for months,\" a resident of {place} told our correspondent, speaking about {thing}.",
        "{actor} announced a plan to deal with {thing} in {place} and the countryside of {other}.",
        "Officials in {other} blamed the delay on the closure of the road to {place}.",
        "Prices in the market of {place} rose by {number} percent after the news about {thing}.",
        "A delegation travelled from {other} to {place} to discuss {thing} with {actor}.",
        "Local media reported that {actor} had distributed aid to {number} households in {place}.",
        "The crisis over {thing} is not new: similar shortages hit {place} in {month} of last year.",
        "Engineers said repairs to the line between {other} and {place} would take {number} days.",
        "In the neighbourhoods east of {place}, people queued for hours because of {thing}.",
        "{actor} called on international organisations to support {place} before the winter.",
        "Our correspondent in {place} counted {number} trucks waiting at the crossing near {other}.",
        "Residents of {place} held a protest about {thing} in front of the building of {actor}.",
        "The report added that {thing} in {other} was better than in {place}, but not by much.",
        "Since {month}, {actor} have been meeting every week in {place} to follow up on {thing}.",
        "Farmers around {place} said the dry season and {thing} had cut their income by half.",
    ],
    "ar": [
        "قال {actor} في {place} يوم الثلاثاء إن {thing} أصبحت الهم الأكبر هذا الأسبوع.",
        "وبحسب {actor} فإن نحو {number} عائلة في {place} تأثرت بمشكلة {thing}.",
        "تفاقم الوضع في {place} خلال شهر {month} عندما وصلت أزمة {thing} إلى القرى القريبة من {other}.",
        "وقال أحد سكان {place} لمراسلنا: ننتظر منذ أشهر حلاً لمشكلة {thing}.",
        "أعلن {actor} عن خطة لمعالجة {thing} في {place} وريف {other}.",
        "وعزا مسؤولون في {other} التأخير إلى إغلاق الطريق المؤدي إلى {place}.",
        "ارتفعت الأسعار في سوق {place} بنسبة {number} بالمئة بعد الأنباء عن {thing}.",
        "وصل وفد من {other} إلى {place} لبحث {thing} مع {actor}.",
        "وذكرت وسائل إعلام محلية أن {actor} وزع مساعدات على {number} أسرة في {place}.",
        "ليست أزمة {thing} جديدة، فقد شهدت {place} نقصاً مماثلاً في شهر {month} من العام الماضي.",
        "وقال مهندسون إن إصلاح الخط بين {other} و{place} سيستغرق {number} يوماً.",
        "وفي الأحياء الشرقية من {place} اصطف الناس لساعات بسبب {thing}.",
        "ودعا {actor} المنظمات الدولية إلى دعم {place} قبل حلول الشتاء.",
        "وأحصى مراسلنا في {place} نحو {number} شاحنة تنتظر عند المعبر القريب من {other}.",
        "ونظم أهالي {place} وقفة احتجاجية بشأن {thing} أمام مبنى {actor}.",
        "ومنذ شهر {month} يجتمع {actor} أسبوعياً في {place} لمتابعة ملف {thing}.",
    ],
    "ckb": [
        "{actor} لە {place} ڕۆژی سێشەممە ڕایگەیاند کە {thing} بووەتە گەورەترین نیگەرانی ئەم هەفتەیە.",
        "بەپێی {actor} نزیکەی {number} خێزان لە {place} بە {thing} زیانیان پێگەیشتووە.",
        "دۆخی {place} لە مانگی {month} خراپتر بوو کاتێک کێشەی {thing} گەیشتە گوندەکانی نزیک {other}.",
        "هاووڵاتییەکی {place} بە پەیامنێری ئێمەی گوت: چەندین مانگە چاوەڕێی چارەسەری {thing} دەکەین.",
        "{actor} پلانێکی بۆ چارەسەرکردنی {thing} لە {place} و دەوروبەری {other} ڕاگەیاند.",
        "بەرپرسانی {other} دواکەوتنەکەیان خستە ئەستۆی داخستنی ڕێگای {place}.",
        "نرخەکان لە بازاڕی {place} بە ڕێژەی {number} لە سەدا بەرزبوونەوە دوای هەواڵی {thing}.",
        "شاندێک لە {other}ەوە گەیشتە {place} بۆ گفتوگۆکردن لەسەر {thing} لەگەڵ {actor}.",
        "میدیا ناوخۆییەکان ڕایانگەیاند کە {actor} هاوکاری بەسەر {number} خێزاندا لە {place} دابەش کردووە.",
        "لە گەڕەکە ڕۆژهەڵاتییەکانی {place} خەڵک بە هۆی {thing} چەندین کاتژمێر ڕیزیان گرت.",
        "{actor} داوای لە ڕێکخراوە نێودەوڵەتییەکان کرد پێش زستان پشتگیری {place} بکەن.",
        "لە مانگی {month}ەوە {actor} هەموو هەفتەیەک لە {place} کۆدەبنەوە بۆ بەدواداچوونی {thing}.",
    ],
    "kmr": [
        "{actor} li {place} roja Sêşemê got ku {thing} bûye xema herî mezin a vê hefteyê.",
        "Li gorî {actor}, nêzî {number} malbat li {place} ji ber {thing} bandor bûne.",
        "Rewş li {place} di meha {month} de xirabtir bû dema ku pirsgirêka {thing} gihîşt gundên nêzî {other}.",
        "Niştecihekî {place} ji nûçegihanê me re got: em bi mehan e li benda çareseriya {thing} ne.",
        "{actor} planek ji bo çareserkirina {thing} li {place} û derdora {other} ragihand.",
        "Berpirsên {other} derengmayînê girêdan bi girtina rêya {place} ve.",
        "Biha li sûka {place} ji sedî {number} bilind bûn piştî nûçeyên li ser {thing}.",
        "Şandeyek ji {other} gihîşt {place} da ku li ser {thing} bi {actor} re biaxive.",
        "Medyaya herêmî ragihand ku {actor} alîkarî li {number} malan li {place} belav kirine.",
        "Li taxên rojhilatê {place} ji ber {thing} mirovan bi saetan li rêzê sekinîn.",
        "{actor} bang li rêxistinên navneteweyî kir ku berî zivistanê piştgiriya {place} bikin.",
        "Ji meha {month} ve {actor} her hefte li {place} dicivin da ku {thing} bişopînin.",
    ],
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ar": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
           "تشرين الأول", "تشرين الثاني", "كانون الأول"],
    "ckb": ["کانوونی دووەم", "شوبات", "ئازار", "نیسان", "ئایار", "حوزەیران", "تەممووز", "ئاب",
            "ئەیلوول", "تشرینی یەکەم", "تشرینی دووەم", "کانوونی یەکەم"],
    "kmr": ["Çile", "Sibat", "Adar", "Nîsan", "Gulan", "Hezîran", "Tîrmeh", "Tebax", "Îlon",
            "Cotmeh", "Mijdar", "Kanûn"],
}

#: Headline patterns per language.
HEADLINES = {
    "en": ["{thing} in {place}: {actor} promise action", "Residents of {place} protest over {thing}",
           "{place} waits for a solution to {thing}", "Aid reaches {number} families in {place}"],
    "ar": ["{thing} في {place}: {actor} يعد بحلول", "أهالي {place} يحتجون على {thing}",
           "{place} تنتظر حلاً لأزمة {thing}", "مساعدات تصل إلى {number} عائلة في {place}"],
    "ckb": ["{thing} لە {place}: {actor} بەڵێنی چارەسەر دەدەن", "خەڵکی {place} ناڕەزایی دەردەبڕن",
            "{place} چاوەڕێی چارەسەری {thing} دەکات"],
    "kmr": ["{thing} li {place}: {actor} soza çareseriyê didin", "Niştecihên {place} li dijî {thing} xwepêşandan dikin",
            "{place} li benda çareseriya {thing} e"],
}

#: The sites, per language: name, domain, author names and the interface words of their theme.
SITES = {
    "en": [("Rojava Observer", "rojava-observer.example", ["Aynur Muhammad", "Sam Haddad"]),
           ("North Press Daily", "northpress-daily.example", ["Lina Ahmad", "John Reid"]),
           ("Syria Field Notes", "syriafieldnotes.example", ["Hozan Ali", "Maria Costa"])],
    "ar": [("الجزيرة بوست", "aljazira-post.example", ["أحمد الخليل", "سلمى حسن"]),
           ("صوت الفرات", "sawt-alfurat.example", ["محمد العلي", "رهف يوسف"]),
           ("شبكة الحسكة الإخبارية", "hasakah-news.example", ["خالد إبراهيم"])],
    "ckb": [("ڕووداوی ڕۆژ", "rudawi-roj.example", ["ئاراس محەمەد", "شیلان عەلی"]),
            ("دەنگی کوردستان", "dengi-kurdistan.example", ["هێمن ئەحمەد"])],
    "kmr": [("Nûçeyên Rojava", "nuceyen-rojava.example", ["Rojda Xelîl", "Bêrîvan Ehmed"]),
            ("Dengê Cizîrê", "denge-cizire.example", ["Azad Şêxo"])],
}

#: Interface words of each language's WordPress theme: menus, share bar, comment form, captcha.
UI = {
    "en": {"menu": ["Home", "News", "Syria", "Iraq", "Economy", "Opinion", "Reports", "Contact"],
           "breaking": "Breaking", "share": ["Share on Facebook", "Tweet", "WhatsApp", "Email"],
           "related": "Related posts", "popular": "Most read", "tags": "Tags",
           "comment": "Leave a Reply", "name": "Name *", "email": "Email *", "website": "Website",
           "captcha": "What is {a} + {b}? (to prove you are human)", "post": "Post Comment",
           "by": "By", "copyright": "All rights reserved", "read_more": "Read more",
           "newsletter": "Subscribe to our newsletter", "subscribe": "Subscribe"},
    "ar": {"menu": ["الرئيسية", "أخبار", "سوريا", "العراق", "اقتصاد", "رأي", "تقارير", "اتصل بنا"],
           "breaking": "عاجل", "share": ["شارك على فيسبوك", "غرد", "واتساب", "البريد"],
           "related": "مقالات ذات صلة", "popular": "الأكثر قراءة", "tags": "الوسوم",
           "comment": "اترك تعليقاً", "name": "الاسم *", "email": "البريد الإلكتروني *",
           "website": "الموقع", "captcha": "ما هو ناتج {a} + {b}؟", "post": "أرسل التعليق",
           "by": "بقلم", "copyright": "جميع الحقوق محفوظة", "read_more": "اقرأ المزيد",
           "newsletter": "اشترك في النشرة البريدية", "subscribe": "اشترك"},
    "ckb": {"menu": ["سەرەکی", "هەواڵ", "سووریا", "عێراق", "ئابووری", "ڕا", "ڕاپۆرت", "پەیوەندی"],
            "breaking": "بەپەلە", "share": ["بڵاوکردنەوە لە فەیسبووک", "تویت", "واتسئاپ", "ئیمەیڵ"],
            "related": "بابەتی پەیوەندیدار", "popular": "زۆرترین خوێندراو", "tags": "تاگەکان",
            "comment": "لێدوانێک بنووسە", "name": "ناو *", "email": "ئیمەیڵ *", "website": "ماڵپەڕ",
            "captcha": "{a} + {b} دەکاتە چەند؟", "post": "ناردنی لێدوان", "by": "نووسینی",
            "copyright": "هەموو مافەکان پارێزراون", "read_more": "زیاتر بخوێنەوە",
            "newsletter": "بەشداربە لە نامەی هەواڵ", "subscribe": "بەشداربوون"},
    "kmr": {"menu": ["Destpêk", "Nûçe", "Sûriye", "Iraq", "Aborî", "Nêrîn", "Rapor", "Têkilî"],
            "breaking": "Lezgîn", "share": ["Li Facebookê parve bike", "Tweet", "WhatsApp", "E-name"],
            "related": "Nivîsên têkildar", "popular": "Herî zêde hatine xwendin", "tags": "Etîket",
            "comment": "Şîroveyekê binivîse", "name": "Nav *", "email": "E-name *",
            "website": "Malper", "captcha": "{a} + {b} dike çend?", "post": "Şîroveyê bişîne",
            "by": "Nivîsandin", "copyright": "Hemû maf parastî ne", "read_more": "Zêdetir bixwîne",
            "newsletter": "Bibe aboneyê bultena me", "subscribe": "Abone bibe"},
}
RTL = {"ar", "ckb"}


class Story:
    """One article's content, before it is dressed in a site's page."""

    def __init__(self, rng: random.Random, lang: str, number: int):
        self.lang = lang
        self.number = number
        self.main_place = rng.choices(PLACE_KEYS, PLACE_WEIGHTS)[0]
        self.other_places = [key for key in rng.choices(PLACE_KEYS, PLACE_WEIGHTS, k=rng.randint(1, 2))
                             if key != self.main_place] or [rng.choice(PLACE_KEYS[:len(PLACES)])]
        self.topic = rng.choice(THINGS[lang])
        self.date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        self.site = rng.choice(SITES[lang])
        self.author = rng.choice(self.site[2])
        self.title = self._fill(rng, rng.choice(HEADLINES[lang]))
        self.paragraphs = self._body(rng, rng.randint(WORDS_MIN, WORDS_MAX))
        self.tags = [self._place(rng, key) for key in [self.main_place] + self.other_places]

    def _place(self, rng: random.Random, key: str) -> str:
        return rng.choice(ALL_PLACES[key][self.lang])

    def _fill(self, rng: random.Random, template: str) -> str:
        focused = rng.random() < MAIN_PLACE_SHARE
        place = self.main_place if focused else rng.choice(self.other_places)
        other = rng.choice(self.other_places) if focused else self.main_place
        thing = self.topic if rng.random() < TOPIC_SHARE else rng.choice(THINGS[self.lang])
        return template.format(place=self._place(rng, place), other=self._place(rng, other),
                               actor=rng.choice(ACTORS[self.lang]), thing=thing,
                               number=rng.choice([3, 7, 12, 40, 150, 300, 1200, 2500, 18]),
                               month=rng.choice(MONTHS[self.lang]))

    def _body(self, rng: random.Random, words: int) -> list[str]:
        paragraphs, count = [], 0
        while count < words:
            sentences = [self._fill(rng, rng.choice(TEMPLATES[self.lang]))
                         for _ in range(rng.randint(2, 5))]
            paragraph = " ".join(sentence[:1].upper() + sentence[1:] for sentence in sentences)
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        return paragraphs

    def edited(self, rng: random.Random) -> "Story":
        """The same story as another site re-publishes it: one sentence changed, a line added."""
        copy = object.__new__(Story)
        copy.__dict__.update(self.__dict__)
        copy.site = rng.choice(SITES[self.lang])
        copy.author = rng.choice(copy.site[2])
        copy.paragraphs = list(self.paragraphs)
        where = rng.randrange(len(copy.paragraphs))
        copy.paragraphs[where] = self._fill(rng, rng.choice(TEMPLATES[self.lang])) + " " + copy.paragraphs[where]
        copy.number = self.number + 1_000_000
        return copy

    @property
    def url(self) -> str:
        slug = hashlib.sha1(f"{self.number}:{self.title}".encode()).hexdigest()[:10]
        return f"https://{self.site[1]}/{self.date:%Y/%m/%d}/{self.number}-{slug}/"


def page(rng: random.Random, story: Story, recent: list[Story]) -> str:
    """A WordPress-like page around a story: what a crawler stores."""
    ui, lang, e = UI[story.lang], story.lang, html.escape
    name, domain, _ = story.site
    menu = "".join(f'<li class="menu-item"><a href="https://{domain}/category/{i}/">{e(w)}</a></li>'
                   for i, w in enumerate(ui["menu"]))
    ticker = "".join(f'<li><a href="{e(r.url)}">{e(r.title)}</a></li>' for r in recent[-5:])
    share = "".join(f'<a class="share-{i}" href="https://share.example/?u={e(story.url)}">{e(s)}</a>'
                    for i, s in enumerate(ui["share"]))
    related = "".join(f'<li><a href="{e(r.url)}"><img src="https://{domain}/thumb/{r.number}.jpg" alt="">'
                      f'<span>{e(r.title)}</span></a> <a href="{e(r.url)}">{e(ui["read_more"])}</a></li>'
                      for r in recent[-4:])
    popular = "".join(f'<li><a href="{e(r.url)}">{e(r.title)}</a></li>' for r in recent[-9:-4])
    tags = "".join(f'<a rel="tag" href="https://{domain}/tag/{e(t)}/">{e(t)}</a> ' for t in story.tags)
    body = "".join(f"<p>{e(p)}</p>\n" for p in story.paragraphs)
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    iso = f"{story.date.isoformat()}T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+03:00"
    direction = ' dir="rtl"' if lang in RTL else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"{direction}>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(story.title)} – {e(name)}</title>
<link rel="canonical" href="{e(story.url)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(story.title)}">
<meta property="og:site_name" content="{e(name)}">
<meta property="article:published_time" content="{iso}">
<meta name="author" content="{e(story.author)}">
<link rel="stylesheet" href="https://{domain}/wp-content/themes/newsmag/style.css?ver=5.{rng.randint(1, 9)}">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());</script>
</head>
<body class="post-template-default single single-post postid-{story.number} single-format-standard">
<div id="page" class="site">
<header id="masthead" class="site-header">
<div class="top-bar"><span class="date">{story.date:%d.%m.%Y}</span> <a href="https://{domain}/feed/">RSS</a></div>
<div class="site-branding"><a href="https://{domain}/" rel="home"><img src="https://{domain}/logo.png" alt="{e(name)}"></a></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>
<div class="breaking-news"><span class="breaking-title">{e(ui["breaking"])}</span><ul class="ticker">{ticker}</ul></div>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{story.number}" class="post-{story.number} post type-post status-publish">
<header class="entry-header">
<h1 class="entry-title">{e(story.title)}</h1>
<div class="entry-meta"><span class="byline">{e(ui["by"])} <span class="author vcard"><a class="url fn n" href="https://{domain}/author/{story.number % 7}/">{e(story.author)}</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="{iso}">{story.date:%d/%m/%Y}</time></span></div>
</header>
<div class="share-bar top">{share}</div>
<div class="entry-content">
{body}</div>
<div class="share-bar bottom">{share}</div>
<footer class="entry-footer"><span class="tags-links">{e(ui["tags"])}: {tags}</span></footer>
</article>
<section class="related-posts"><h3>{e(ui["related"])}</h3><ul>{related}</ul></section>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{e(ui["comment"])}</h3>
<form action="https://{domain}/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-form-comment"><textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
<p class="comment-form-author"><label for="author">{e(ui["name"])}</label><input id="author" name="author" type="text"></p>
<p class="comment-form-email"><label for="email">{e(ui["email"])}</label><input id="email" name="email" type="email"></p>
<p class="comment-form-url"><label for="url">{e(ui["website"])}</label><input id="url" name="url" type="url"></p>
<p class="math-captcha"><label for="mc-input">{e(ui["captcha"].format(a=a, b=b))}</label><input id="mc-input" name="mc-value" type="text"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="{e(ui["post"])}"></p>
</form></div></div>
</main></div>
<aside id="secondary" class="widget-area">
<section class="widget widget_popular"><h2 class="widget-title">{e(ui["popular"])}</h2><ul>{popular}</ul></section>
<section class="widget widget_newsletter"><h2 class="widget-title">{e(ui["newsletter"])}</h2><form><input type="email"><button>{e(ui["subscribe"])}</button></form></section>
<section class="widget widget_tag_cloud"><h2 class="widget-title">{e(ui["tags"])}</h2>{tags}</section>
</aside>
</div>
<footer id="colophon" class="site-footer"><ul class="footer-menu">{menu}</ul>
<div class="site-info">© {story.date.year} {e(name)} — {e(ui["copyright"])}</div></footer>
</div>
<script src="https://{domain}/wp-includes/js/jquery/jquery.min.js?ver=3.{rng.randint(1, 6)}"></script>
</body>
</html>
"""


def _record_id(seed: int, number: int) -> str:
    digest = hashlib.sha256(f"{seed}:{number}".encode()).hexdigest()
    return f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}>"


def _write(writer: WARCWriter, seed: int, number: int, url: str, body: bytes, status: str,
           content_type: str, captured: dt.datetime) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                        ("Content-Length", str(len(body))),
                                        ("Server", "nginx")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": captured.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "WARC-Record-ID": _record_id(seed, number)})
    writer.write_record(record)


def generate(size: int, out: Path, seed: int = 1) -> list[Path]:
    """Write `size` captures into out/crawl-vVERSION-SIZE/*.warc.gz (unless already there); the files."""
    folder = out / f"crawl-v{VERSION}-{size}"
    done = folder / "COMPLETE"
    if done.exists():
        return sorted(folder.glob("*.warc.gz"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.warc.gz"):
        stale.unlink()
    rng = random.Random(f"khabar-scale:{seed}:{size}")
    languages, weights = zip(*LANGUAGES)
    stories: list[Story] = []
    files: list[Path] = []
    handle = writer = None
    for number in range(size):
        if number % PAGES_PER_FILE == 0:
            if handle:
                handle.close()
            files.append(folder / f"crawl-v{VERSION}-{size}-{number // PAGES_PER_FILE:05d}.warc.gz")
            handle = open(files[-1], "wb")
            writer = WARCWriter(handle, gzip=True)
        captured = dt.datetime(2021, 1, 1) + dt.timedelta(seconds=37 * number)
        roll = rng.random()
        if roll < NON_ARTICLE_SHARE:
            site = rng.choice(SITES[rng.choice(languages)])
            if rng.random() < 0.5:
                _write(writer, seed, number, f"https://{site[1]}/robots.txt",
                       b"User-agent: *\nDisallow: /wp-admin/\n", "200 OK", "text/plain", captured)
            else:
                _write(writer, seed, number, f"https://{site[1]}/?p={number}",
                       b"<html><body><h1>404 Not Found</h1></body></html>", "404 Not Found",
                       "text/html; charset=UTF-8", captured)
            continue
        if stories and roll < NON_ARTICLE_SHARE + RECRAWL_SHARE:
            story = rng.choice(stories[-500:])        # the same URL, fetched again later
        elif stories and roll < NON_ARTICLE_SHARE + RECRAWL_SHARE + NEAR_DUPLICATE_SHARE:
            story = rng.choice(stories[-500:]).edited(rng)
        else:
            story = Story(rng, rng.choices(languages, weights)[0], number)
            stories.append(story)
        body = page(rng, story, stories[-10:]).encode("utf-8")
        _write(writer, seed, number, story.url, body, "200 OK", "text/html; charset=UTF-8", captured)
    if handle:
        handle.close()
    done.write_text(f"{size} captures, seed {seed}\n")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="pages per crawl, e.g. 1000 10000 100000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/khabar-scale"),
                        help="where the crawl folders go (default: /tmp/khabar-scale)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in args.sizes:
        started = time.perf_counter()
        files = generate(size, args.out, args.seed)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        print(f"{size} pages: {len(files)} files, {megabytes:.1f} MB "
              f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
