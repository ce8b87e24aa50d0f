"""The text-level pass: comment-form chrome, math captchas and site furniture markup did not reveal.

Works line by line on extracted text and on plain-text dumps. A captcha is a
short line that is nothing but a sum: operands (digits in ASCII, Arabic-Indic
or Extended Arabic-Indic, or number words in English, Arabic, Sorani or
Kurmanji), an operator, and `=` or `?` at the end (or the answer blank on the
far side of `=`). Arithmetic inside a sentence ("The children solved 3 + 4 = 7
on the board") is never such a line, so it stays.
"""
from __future__ import annotations

import re

from archive.model import Removal

# Number words a captcha plugin spells its operands with, per language.
NUMBER_WORDS = (
    # English (dFactory Math Captcha, BestWebSoft, Drupal CAPTCHA)
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred",
    # Arabic (translated captcha plugins), with and without hamza/ta marbuta variants
    "صفر واحد اثنان اثنين إثنان ثلاثة ثلاثه أربعة اربعة خمسة خمسه ستة سته سبعة سبعه ثمانية "
    "ثمانيه تسعة تسعه عشرة عشره",
    # Sorani Kurdish
    "سفر یەک یه‌ک دوو سێ چوار پێنج شەش حەوت هەشت نۆ دە",
    # Kurmanji Kurdish
    "sifir yek du sê çar pênc şeş heft heşt neh deh",
)
NUMBER_WORD = "|".join(sorted({w for line in NUMBER_WORDS for w in line.split()},
                              key=len, reverse=True))

# Digits in the three forms pages use: ASCII, Arabic-Indic (٠-٩), Extended Arabic-Indic (۰-۹).
DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
OPERAND = rf"(?:[{DIGITS}]{{1,3}}|{NUMBER_WORD})"
# Plus, minus (ASCII, Unicode minus, en dash), times (×, x, *, ·), divide (÷, /).
OPERATOR = r"(?:[+\-\u2212\u2013\u00d7xX*\u00b7\u00f7/])"
WORD_OPERATOR = (r"(?:plus|minus|times|multiplied by|divided by|add|"
                 r"زائد|ناقص|ضرب|کۆ|کەم|lê zêde|kêm)")

CAPTCHA_LINES = (
    # "3 + ten =", "seven − 2 =", "٣ + خمسة =", "سێ + ٤ =", "çar + 3 ="; answer box after "="
    re.compile(rf"^\s*{OPERAND}\s*{OPERATOR}\s*{OPERAND}\s*=\s*(?:_+|\?|\[\s*\])?\s*$", re.I),
    # "3 + = ten": the blank to fill sits between the operator and "=".
    re.compile(rf"^\s*{OPERAND}\s*{OPERATOR}\s*(?:_+\s*)?=\s*{OPERAND}\s*$", re.I),
    # "= ten" with the blank first: "_ + 3 = ten"
    re.compile(rf"^\s*(?:_+\s*)?{OPERATOR}\s*{OPERAND}\s*=\s*{OPERAND}\s*$", re.I),
    # "What is three plus 8?" and its short variants, in English.
    re.compile(rf"^\s*(?:what\s+is|what's|solve|calculate)?\s*:?\s*{OPERAND}\s*"
               rf"(?:{OPERATOR}|{WORD_OPERATOR})\s*{OPERAND}\s*(?:=\s*)?\?\s*$", re.I),
    # The same question in Arabic, Sorani and Kurmanji: "ما ناتج 4 + ستة ؟", "… çend e?".
    re.compile(rf"^\s*(?:ما ناتج|ما حاصل|كم يساوي|كم ناتج|ئەنجامی|encama)?\s*:?\s*{OPERAND}\s*"
               rf"(?:{OPERATOR}|{WORD_OPERATOR})\s*{OPERAND}\s*(?:=\s*)?(?:چەندە|çend e|çi ye)?\s*[?؟]\s*$",
               re.I),
    # Drupal's "Math question" label with its sum on the same line.
    re.compile(rf"^\s*math question\s*\*?\s*:?\s*(?:{OPERAND}\s*{OPERATOR}\s*{OPERAND}\s*=?)?\s*$",
               re.I),
    # BestWebSoft's glued operands: "five7four1eight" (words and digits, no spaces).
    re.compile(rf"^\s*(?=.*[{DIGITS}])(?=.*(?:{NUMBER_WORD}))(?:{NUMBER_WORD}|[{DIGITS}]){{3,}}\s*$",
               re.I),
)

# Lines that are comment-form chrome, whole-line matches, per language.
CHROME_LINES = re.compile(
    r"^\s*(?:"
    # English (WordPress core and common themes)
    r"leave a (?:comment|reply)(?: cancel reply)?|leave a reply to .{1,60}|"
    r"cancel reply|post comment|submit comment|add (?:a )?comment|"
    r"your email address will not be published\.?(?: required fields are marked \*)?|"
    r"required fields are marked \*|comment\s*\*?|name\s*\*?|email\s*\*?|website|"
    r"save my name, email, and website in this browser for the next time i comment\.?|"
    r"notify me of (?:follow-up comments|new posts) by email\.?|"
    r"this site uses akismet to reduce spam\..*|"
    r"\d+ comments?|no comments(?: yet)?|comments are closed\.?|"
    r"you must be logged in to post a comment\.?|"
    r"δ|"
    # Editors' update notes: about the article, not part of it
    r"editor[’']?s note\s*:.*\b(?:updated|corrected|amended)\b.*|"
    # Arabic
    r"اترك تعليقا|اترك تعليقاً|أضف تعليقا|أضف تعليقاً|اترك رداً|اترك ردا|إلغاء الرد|"
    r"لن يتم نشر عنوان بريدك الإلكتروني\.?(?: الحقول الإلزامية مشار إليها بـ \*)?|"
    r"الحقول الإلزامية مشار إليها بـ \*|الحقول المطلوبة عليها علامة \*|"
    r"إرسال التعليق|أرسل التعليق|التعليق|الاسم \*?|البريد الإلكتروني \*?|الموقع|"
    # Sorani Kurdish
    r"لێدوان بنووسە|لێدوانێک بنووسە|وەڵام بنووسە|پاشگەزبوونەوە لە وەڵام|"
    r"ئیمەیڵەکەت بڵاوناکرێتەوە\.?|خانە پێویستەکان بە \* دیاری کراون|ناردنی لێدوان|"
    # Kurmanji Kurdish
    r"şîroveyekê binivîse|şîroveyek binivîse|şîrove binivîse|bersivekê binivîse|bersivê betal bike|"
    r"navnîşana e-nameya te nayê weşandin\.?|qadên pêwîst bi \* hatine nîşankirin|"
    r"şîroveyê bişîne"
    r")\s*$",
    re.I,
)

# The buttons of a print/send bar, per language; a line of nothing else is the bar.
PRINT_BAR_WORD = ("print(?: this)?(?: article| page| story)?|e-?mail(?: this)?(?: article| story)?(?: to a friend)?|"
                  "send to a friend|font size|text size|a\\+|a-|"
                  "طباعة|أرسل لصديق|إرسال لصديق|أرسل إلى صديق|حجم الخط|"
                  "چاپکردن|چاپ|ناردن بۆ هاوڕێ|"
                  "çap bike|çap|ji hevalekî re bişîne")

# Whole lines that are a site's furniture rather than article text: newsletter and
# subscription prompts, paywall notices, print/send bars, tag and category lists, poll
# prompts. Labels end with ":" and a list (tags), or stand alone.
FURNITURE_LINES = (
    ("newsletter prompt", re.compile(
        r"^\s*(?:(?:sign up|subscribe)(?: now)?(?: to| for)? (?:our|the)? ?(?:daily |weekly |free )?"
        r"(?:newsletter|email|e-mail|updates)s?.{0,80}|get (?:our|the) .{0,30}newsletter.{0,60}|"
        r"اشترك(?:وا)? في (?:النشرة|القائمة) (?:البريدية|الإخبارية).{0,60}|"
        r"اشترك(?:وا)? (?:الآن )?ليصلك.{0,60}|"
        r"بەشداربە لە (?:نامەی|هەواڵنامەی).{0,60}|ببە بە ئابوونە.{0,60}|"
        r"(?:bibe abone|abone bibe|ji bo (?:nûçeyan|bültena).{0,40}abone).{0,60})\s*$", re.I)),
    ("paywall notice", re.compile(
        r"^\s*(?:(?:subscribe|log in|sign in|register) (?:now )?to (?:continue|keep) reading.{0,60}|"
        r"this (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members).{0,40}|"
        r"you have reached your (?:free )?(?:article|story) limit.{0,60}|"
        r"already a subscriber\??.{0,40}|"
        r"(?:هذا )?(?:المحتوى|المقال) (?:متاح )?للمشتركين فقط.{0,40}|اشترك لمتابعة القراءة.{0,40}|"
        r"ئەم بابەتە تەنها بۆ ئابوونەکانە.{0,40}|ev nivîs tenê ji bo aboneyan e.{0,40})\s*$", re.I)),
    ("print bar", re.compile(
        rf"^\s*(?:{PRINT_BAR_WORD})(?:\s*[|/·•,]?\s*(?:{PRINT_BAR_WORD}))*\s*$", re.I)),
    ("tag list", re.compile(
        r"^\s*(?:tags?|tagged(?: with)?|categor(?:y|ies)|filed under|keywords|"
        r"الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|الأقسام|التصنيفات?|"
        r"تاگەکان|تاگ|وشە سەرەکییەکان|بەشەکان|"
        r"etîket|etîketan|kategorî|peyvên sereke)\s*[:：]\s*.{0,160}$", re.I)),
    ("read-also link", re.compile(
        # a link to another story set in the text, the label alone or with the story's title
        r"^\s*(?:read (?:more|also|next)|see also|related(?: articles?| stories| coverage)?|"
        r"اقرأ أيضا|اقرأ أيضاً|إقرأ أيضا|إقرأ أيضاً|اقرأ ايضا|اقرأ المزيد|شاهد أيضا|شاهد أيضاً|"
        r"(?:مواضيع|أخبار|مقالات) ذات صلة|"
        r"هەروەها بخوێنەوە|بخوێنەوە|بابەتی پەیوەندیدار|"
        r"herwiha bixwîne|herweha bixwîne|bixwîne|nûçeyên têkildar|"
        # the other languages the archive identifies
        r"lesen sie (?:auch|mehr)|zum weiterlesen|weiterlesen|mehr zum thema|"
        r"(?:à )?lire aussi|voir aussi|lea también|lee también|ilgili haberler?|ayrıca bakınız)"
        r"\s*(?:[:：]\s*.{0,160})?$", re.I)),
    ("poll", re.compile(
        r"^\s*(?:(?:view |see )(?:poll )?results|poll results|vote|loading \.\.\.|total voters?:? ?\d*|"
        r"استطلاع (?:رأي|الرأي)|صوّت|صوت الآن|ڕاپرسی|dengê xwe bide|rapirsî)\s*$", re.I)),
)

# Lines that open the comment area: everything after them is dropped, provided
# they come in the last part of the text and what follows is short.
COMMENT_AREA_OPENERS = re.compile(
    r"^\s*(?:leave a (?:comment|reply)|\d+ (?:comments?|responses?|thoughts? on .*)|"
    r"اترك تعليقا|اترك تعليقاً|أضف تعليقا|اترك رداً|لێدوان بنووسە|لێدوانێک بنووسە|"
    r"şîroveyekê binivîse|şîroveyek binivîse|şîrove binivîse)\s*:?\s*$",
    re.I,
)
TAIL_SHARE = 0.4   # an opener in the first 60% of the lines is probably a heading in the text
TAIL_MAX_CHARS = 1500  # more text than this after an opener is read comments, judged line by line


def strip_noise(text: str) -> tuple[str, list[Removal]]:
    """Remove captcha and comment-form lines; return the kept text and the removals."""
    lines = text.split("\n")
    removals: list[Removal] = []
    lines = _cut_comment_tail(lines, removals)
    kept = []
    for line in lines:
        reason = noise_reason(line)
        if reason:
            removals.append(Removal(reason, line.strip()))
        else:
            kept.append(line)
    return _collapse_blank_lines("\n".join(kept)), removals


def noise_reason(line: str) -> str | None:
    """Why a single line is noise, or None when it may be article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200:
        return None
    if any(pattern.match(stripped) for pattern in CAPTCHA_LINES):
        return "math captcha"
    if CHROME_LINES.match(stripped):
        return "comment form"
    return next((reason for reason, pattern in FURNITURE_LINES if pattern.match(stripped)), None)


def _cut_comment_tail(lines: list[str], removals: list[Removal]) -> list[str]:
    for index, line in enumerate(lines):
        if not COMMENT_AREA_OPENERS.match(line):
            continue
        if index < (1 - TAIL_SHARE) * len(lines):
            continue
        tail = "\n".join(lines[index:]).strip()
        if len(tail) <= TAIL_MAX_CHARS:
            removals.append(Removal("comment area", " / ".join(
                part.strip() for part in lines[index:] if part.strip())[:200]))
            return lines[:index]
    return lines


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()
