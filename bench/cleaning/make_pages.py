"""Writes the cleaner's encoding and template test pages into bench/cleaning/pages/.

The pages exist to be hard: Arabic bytes with no charset anywhere, a charset named only in
`http-equiv`, Kurmanji in windows-1254, UTF-8 mangled through windows-1252, a byte-order mark,
a page wrapped in one <form>, Drupal's "Math question" and an "Updated" date that is not the
publication date. Byte-exact encodings are why they are generated rather than typed. The script
also rewrites the `bench/cleaning/pages/` entries of truth.json (corpus entries are left as they
are). Deterministic: run it twice and nothing changes.

    python bench/cleaning/make_pages.py
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
TRUTH = HERE / "truth.json"

E = lambda s: html.escape(s, quote=False)  # noqa: E731  (text nodes)
A = lambda s: html.escape(s, quote=True)   # noqa: E731  (attribute values)


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?؟])\s+|(?<=[.!?؟][”»\"])\s+", paragraph) if s]


def must_keep(body: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    """First sentence, the first quoted paragraph, any extras, the last sentence."""
    quotes = [p for p in body[1:-1] if p[0] in "“«\"" or "«" in p]
    middle = next(p for p in body[len(body) // 2:] if p not in quotes[:1])
    keep = [sentences(body[0])[0], *quotes[:1], sentences(middle)[0], *extra, sentences(body[-1])[-1]]
    return list(dict.fromkeys(keep))[:5]


def paragraphs(dateline: str, body: list[str]) -> str:
    first = f"<p>{E(dateline)} {E(body[0])}</p>"
    return "\n".join([first] + [f"<p>{E(p)}</p>" for p in body[1:]])


def mojibake(text: str) -> str:
    """UTF-8 bytes read as windows-1252 (bytes it leaves undefined read as Latin-1, like browsers)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


# --------------------------------------------------------------------------- the pages
PAGES_SPEC = []


def page(**spec):
    PAGES_SPEC.append(spec)


# 1. Arabic, windows-1256 bytes, no charset in HTTP, BOM or markup: only detection can read it.
AR1 = dict(title="تراجع الليرة يرفع أسعار المواد الغذائية في أسواق القامشلي", date="2016-05-09",
           author="فرهاد يوسف", place="القامشلي", dateline="القامشلي -",
           caption="سوق الخضار في مدينة القامشلي. صورة أرشيفية",
           body=["شهدت أسواق مدينة القامشلي ارتفاعاً حاداً في أسعار المواد الغذائية خلال الأسبوع الماضي، بعد تراجع سعر صرف الليرة السورية أمام الدولار إلى أكثر من 600 ليرة.",
                 "وقال تجار في السوق المركزي إن سعر كيلو السكر ارتفع من 350 إلى 450 ليرة، فيما تضاعف سعر الزيت النباتي تقريباً.",
                 "وقال أبو جوان، صاحب محل بقالة في حي الهلالية: «الناس صاروا يشترون بالغرام، ولا أحد يعرف سعر الغد».",
                 "وأشار موظفون في الدوائر الحكومية إلى أن رواتبهم لم تعد تكفي أكثر من عشرة أيام، مطالبين بزيادة تتناسب مع الغلاء.",
                 "ودعت هيئة الاقتصاد في الإدارة الذاتية التجار إلى الالتزام بنشرة الأسعار، وهددت بإغلاق المحلات المخالفة في القامشلي والحسكة وعامودا."])
page(file="ar-windows-1256-undeclared.html", encoding="cp1256", lang="ar", source="Sada al-Furat",
     url="https://sadaalfurat.example/article/2016/05/09/qamishli-prices", meta=AR1,
     drop=["أضف تعليقاً", "8 - ثلاثة =", "اقرأ أيضاً", "جميع الحقوق محفوظة لموقع صدى الفرات",
           "الموضوع جيد لكن الأسعار في عامودا أعلى."],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<title>{E(m['title'])} - صدى الفرات</title>
<link rel="canonical" href="{url}">
<meta name="author" content="{A(m['author'])}">
<meta name="date" content="{m['date']}">
</head>
<body>
<div id="header"><a href="/" class="logo">صدى الفرات</a>
<ul class="nav"><li><a href="/">الرئيسية</a></li><li><a href="/cat/news">أخبار</a></li><li><a href="/cat/economy">اقتصاد</a></li></ul></div>
<div id="main">
<div class="article">
<h1>{E(m['title'])}</h1>
<div class="info">بقلم: {E(m['author'])} | {m['date']}</div>
<div class="photo"><img src="/img/2016/05/market.jpg" alt=""><div class="caption">{E(m['caption'])}</div></div>
<div class="text">
{paragraphs(m['dateline'], m['body'])}
</div>
<div class="read-also"><h4>اقرأ أيضاً</h4><ul><li><a href="/article/2016/05/02/amuda-fuel">أزمة المحروقات تعود إلى عامودا</a></li><li><a href="/article/2016/04/28/derik-school">افتتاح مدرسة جديدة في ديريك</a></li></ul></div>
</div>
<div class="comments"><h4>التعليقات</h4>
<div class="comment"><span class="name">جوان</span><p>الموضوع جيد لكن الأسعار في عامودا أعلى.</p></div>
<h4>أضف تعليقاً</h4>
<form method="post" action="/comment/add"><p><input name="name" placeholder="الاسم"></p><p><textarea name="body"></textarea></p>
<p class="captcha">8 - ثلاثة = <input name="captcha_answer" size="2"></p><p><button type="submit">إرسال</button></p></form></div>
</div>
<div id="footer">جميع الحقوق محفوظة لموقع صدى الفرات 2016</div>
</body>
</html>
""")

# 2. Arabic, ISO-8859-6 named only by <meta http-equiv> (no «», no dashes: the charset lacks them).
AR2 = dict(title="افتتاح معبر سيمالكا أمام حركة المسافرين بعد إغلاق دام شهرين", date="2017-08-14",
           author="آزاد حسو", place="المالكية", dateline="المالكية -",
           caption="مسافرون عند معبر سيمالكا على نهر دجلة. صورة أرشيفية",
           body=["أعيد صباح الإثنين فتح معبر سيمالكا الحدودي بين شمال شرق سوريا وإقليم كردستان العراق أمام حركة المسافرين، بعد إغلاق دام نحو شهرين.",
                 "وقال مسؤول في إدارة المعبر إن أكثر من 400 شخص عبروا في الساعات الأولى، معظمهم من الطلاب والمرضى وأصحاب الإقامات في أربيل ودهوك.",
                 "وقالت طالبة جامعية تدعى روناهي أحمد: \"انتظرت شهرين لأعود إلى جامعتي في دهوك، وكدت أخسر العام الدراسي\".",
                 "وكان المعبر قد أغلق في حزيران الماضي بسبب خلافات سياسية بين الإدارة الذاتية وحكومة الإقليم.",
                 "ويعد المعبر المنفذ الوحيد تقريباً لسكان المنطقة نحو الخارج، ويمر عبره أيضاً جزء كبير من البضائع التي تصل إلى أسواق الجزيرة."])
page(file="ar-iso-8859-6-http-equiv.html", encoding="iso8859_6", lang="ar", source="Dijla News",
     url="https://dijlanews.example/news/2017/08/14/semalka-reopens.html", meta=AR2,
     drop=["شارك برأيك", "ما ناتج 4 + ستة ؟", "الأخبار الأكثر مشاهدة", "اشترك في القائمة البريدية"],
     html=lambda m, url: f"""<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">
<title>{E(m['title'])}</title>
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="Dijla News">
<meta property="article:published_time" content="{m['date']}T07:45:00+03:00">
</head>
<body>
<table width="100%" class="layout"><tr><td class="right-col">
<div class="newsbox"><h1 class="newstitle">{E(m['title'])}</h1>
<p class="byline">{E(m['author'])}</p>
<p class="imgcap"><img src="/up/semalka.jpg"><br>{E(m['caption'])}</p>
<div class="newstext">
{paragraphs(m['dateline'], m['body'])}
</div></div>
<div class="poll"><h3>شارك برأيك</h3><form action="/comment.php" method="post"><textarea name="c"></textarea><br>ما ناتج 4 + ستة ؟ <input name="sum" size="3"><br><input type="submit" value="أرسل"></form></div>
</td><td class="left-col">
<div class="mostviewed"><h3>الأخبار الأكثر مشاهدة</h3><ul><li><a href="/news/2017/08/10/derik-water.html">انقطاع المياه في المالكية</a></li><li><a href="/news/2017/08/12/qamishli-fire.html">حريق في سوق القامشلي</a></li></ul></div>
<div class="mail"><p>اشترك في القائمة البريدية</p><form action="/subscribe.php"><input name="email"></form></div>
</td></tr></table>
</body>
</html>
""")

# 3. Kurmanji in windows-1254, declared by <meta charset>.
KMR = dict(title="Li Tirbespiyê festîvala helbestê ya kurdî dest pê kir", date="2018-04-12",
           author="Şêrîn Hesen", place="Tirbespiyê", dateline="Tirbespiyê –",
           caption="Helbestvanên ciwan li ser dikê. Wêneya arşîvê",
           body=["Roja Pêncşemê li Tirbespiyê festîvala helbestê ya kurdî ya sêyemîn bi beşdariya zêdetirî 60 helbestvanan ji Qamişlo, Amûdê û Dêrikê dest pê kir.",
                 "Festîval sê rojan dom dike û di salona Navenda Çandê ya bajêr de tê lidarxistin.",
                 "“Helbest ji bo me ne tenê huner e, ew bîra gelê me ye jî,” helbestvan Ciwan Şêxmûs got.",
                 "Di roja yekem de helbestên bi kurmancî û erebî hatin xwendin, her wiha ji bo zarokan pêşbirkeke helbestê hat amadekirin.",
                 "Rêxistinkeran got ku helbestên hilbijartî dê di pirtûkekê de werin çapkirin."])
page(file="kmr-windows-1254-meta-charset.html", encoding="cp1254", lang="kmr", source="Nûçeyên Cizîrê",
     url="https://nuceyencizire.example/2018/04/12/festivala-helbeste", meta=KMR,
     drop=["Şîroveyekê binivîse", "şeş + 2 =", "Nûçeyên din", "Hemû maf parastî ne"],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="ku">
<head>
<meta charset="windows-1254">
<title>{E(m['title'])} | Nûçeyên Cizîrê</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Nûçeyên Cizîrê">
<meta property="article:published_time" content="{m['date']}T12:00:00+03:00">
</head>
<body>
<header><div class="logo">Nûçeyên Cizîrê</div><nav><a href="/">Destpêk</a> <a href="/cand">Çand</a> <a href="/siyaset">Siyaset</a></nav></header>
<main>
<article>
<h1>{E(m['title'])}</h1>
<p class="meta">Nivîskar: {E(m['author'])} · <time datetime="{m['date']}">12.04.2018</time></p>
<figure><img src="/wene/festival.jpg" alt=""><figcaption>{E(m['caption'])}</figcaption></figure>
<div class="naverok">
{paragraphs(m['dateline'], m['body'])}
</div>
</article>
<section class="nuceyen-din"><h3>Nûçeyên din</h3><ul><li><a href="/2018/04/10/amude-sano">Li Amûdê şanoya zarokan</a></li></ul></section>
<section id="respond"><h3>Şîroveyekê binivîse</h3><form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea><p class="math-captcha-form">şeş + 2 = <input name="mc-value" size="2"></p><input type="submit" value="Bişîne"></form></section>
</main>
<footer>© 2018 Nûçeyên Cizîrê. Hemû maf parastî ne.</footer>
</body>
</html>
""")

# 4. English UTF-8 that went through windows-1252 once and was saved as UTF-8 again.
MOJI = dict(title="Café owners in Qamişlo say power cuts are costing them customers", date="2018-08-02",
            author="Lîna Ehmed", place="QAMISHLI", dateline="QAMISHLI —",
            caption="A café on Qamişlo’s Munir Habib street. File photo",
            body=["Owners of cafés and restaurants in Qamishli say daily power cuts of up to twelve hours have forced them to buy diesel for private generators at prices they can’t afford.",
                  "The city’s main grid supplies electricity for only a few hours each evening, and the “ampere” generators that feed most neighbourhoods charge by the week.",
                  "“Without ice and cold drinks, nobody sits in a café in August,” said Rênas Ömer, who runs a small café near the old market.",
                  "The municipality said a new transformer would arrive from Rmelan within two weeks — the third such promise this summer.",
                  "Some café owners have started closing at noon and reopening after sunset, when the heat falls."])
page(file="en-utf8-mojibake.html", encoding="mojibake", lang="en", source="Jazira Daily",
     url="https://jaziradaily.example/2018/08/02/qamislo-cafes-power-cuts/", meta=MOJI,
     drop=["Leave a comment", "What is 5 + two?", "You might also like", "Subscribe to our newsletter"],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{E(m['title'])} | Jazira Daily</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Jazira Daily">
<meta property="article:published_time" content="{m['date']}T09:00:00+03:00">
<meta name="author" content="{A(m['author'])}">
</head>
<body>
<div class="masthead"><a href="/">Jazira Daily</a> — news from Syria’s north-east</div>
<div class="post">
<h1 class="post-title">{E(m['title'])}</h1>
<div class="post-byline">By {E(m['author'])} · August 2, 2018</div>
<div class="post-image"><img src="/img/cafe.jpg" alt=""><span class="wp-caption-text">{E(m['caption'])}</span></div>
<div class="post-body">
{paragraphs(m['dateline'], m['body'])}
</div>
<div class="also"><h3>You might also like</h3><ul><li><a href="/2018/07/30/rmelan-transformer/">Rmelan’s transformer plant: “We need spare parts”</a></li></ul></div>
<div class="newsletter">Subscribe to our newsletter — it’s free.</div>
<div id="comment-section"><h3>Leave a comment</h3><form action="/comments" method="post"><textarea name="body"></textarea><label>What is 5 + two?</label> <input name="quiz"><button>Send</button></form></div>
</div>
</body>
</html>
""")

# 5. Sorani with a UTF-8 byte-order mark and no other declaration.
CKB = dict(title="ئامودا: جوتیاران بە هۆی نرخی کەمی گەنم ناڕازین", date="2019-06-11",
           author="ڕێبوار عەلی", place="ئامودا", dateline="ئامودا –",
           caption="دروێنەی گەنم لە گوندێکی ئامودا. وێنەی ئەرشیف",
           body=["جوتیارانی ناوچەی ئامودا ناڕەزایی خۆیان دەربڕی بەرامبەر بە نرخی کڕینی گەنم کە ئیدارەی خۆسەر بۆ ئەمساڵ دیاری کردووە.",
                 "بەپێی بڕیارەکە، هەر کیلۆیەک گەنم بە ١٥٠ لیرەی سووری دەکڕدرێت، لە کاتێکدا جوتیاران داوای ٢٠٠ لیرە دەکەن.",
                 "جوتیارێک بەناوی خەلیل مستەفا گوتی: «تێچووی پەین و سووتەمەنی و کرێی دروێنە لە نرخەکە زیاترە».",
                 "هەندێک لە جوتیاران هۆشداریان دا کە ڕەنگە بەرهەمەکەیان بە بازرگانانی ناوچەکانی حکوومەت بفرۆشن.",
                 "دەستەی ئابووری ڕایگەیاند کە نرخەکە دوای کۆبوونەوەیەک لەگەڵ نوێنەرانی جوتیاران پێداچوونەوەی بۆ دەکرێت."])
page(file="ckb-utf8-bom.html", encoding="utf-8-sig", lang="ckb", source="Amûdê Press",
     url="https://amudepress.example/ckb/2019/06/11/genm", meta=CKB,
     drop=["بۆچوونی خۆت بنووسە", "دوو + ۵ =", "بابەتی تر"],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="ckb" dir="rtl">
<head>
<title>{E(m['title'])}</title>
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": m['title'], "datePublished": m['date'] + "T08:00:00+03:00", "author": {"@type": "Person", "name": m['author']}, "publisher": {"@type": "Organization", "name": "Amûdê Press"}}, ensure_ascii=False)}</script>
</head>
<body>
<nav><a href="/ckb/">سەرەکی</a> · <a href="/ckb/news">هەواڵ</a></nav>
<article>
<h1>{E(m['title'])}</h1>
<div class="by">{E(m['author'])}</div>
<figure><img src="/img/genm.jpg" alt=""><figcaption>{E(m['caption'])}</figcaption></figure>
<div class="content">
{paragraphs(m['dateline'], m['body'])}
</div>
</article>
<aside><h3>بابەتی تر</h3><ul><li><a href="/ckb/2019/06/08/derbasiye">ئاگر لە کێڵگەکانی دەرباسیە</a></li></ul></aside>
<section class="comment-respond"><h3>بۆچوونی خۆت بنووسە</h3><form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea><p class="cptch_block"><span class="cptch_span">دوو</span> + <span class="cptch_span">۵</span> = <input name="cptch_number" size="2"></p><button>ناردن</button></form></section>
</body>
</html>
""")

# 6. English page whose whole body sits inside one ASP.NET <form>: the article must survive.
FORM = dict(title="Derik hospital opens a dialysis unit", date="2017-03-28", author="Nadia Barsoum",
            place="Al-Malikiyah (Derik), Syria", dateline="Al-Malikiyah (Derik), Syria —",
            caption="The new dialysis unit at the national hospital in al-Malikiyah. File photo",
            body=["The national hospital in al-Malikiyah, known to its Kurdish residents as Derik, opened a dialysis unit with eight machines on Tuesday, sparing patients a four-hour round trip to Qamishli.",
                  "Doctors said about seventy people in the town and its villages need dialysis two or three times a week.",
                  "“Some of my patients stopped coming because they could not pay for the taxi,” said Dr. Yousef Hanna, a kidney specialist.",
                  "The machines were bought with donations from Syriac and Kurdish families abroad, the hospital board said.",
                  "The unit will open six days a week, from eight in the morning until eight at night."])
page(file="en-whole-page-form.html", encoding="utf-8", lang="en", source="Khabur Herald",
     url="https://khaburherald.example/Article.aspx?id=4471", meta=FORM,
     drop=["Add your comment", "Type the characters", "Most popular", "Copyright © Khabur Herald"],
     html=lambda m, url: f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{E(m['title'])} - Khabur Herald</title>
<link rel="canonical" href="{url}" />
<meta name="author" content="{A(m['author'])}" />
<meta name="publish-date" content="{m['date']}" />
</head>
<body>
<form name="aspnetForm" method="post" action="./Article.aspx?id=4471" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkZ3r4cL5mWn0sQ2Xh1Qb8m4a7nE0=" /></div>
<div id="ctl00_Header"><a href="Default.aspx" class="logo">Khabur Herald</a> <a href="Section.aspx?s=1">Region</a> <a href="Section.aspx?s=2">Health</a></div>
<div id="ctl00_ContentPlaceHolder1_pnlArticle" class="article">
<h1 id="ctl00_ContentPlaceHolder1_lblTitle">{E(m['title'])}</h1>
<span id="ctl00_ContentPlaceHolder1_lblAuthor" class="author">By {E(m['author'])}</span> |
<span id="ctl00_ContentPlaceHolder1_lblDate" class="date">28/03/2017</span>
<div class="image"><img src="Images/4471.jpg" alt="" /><span class="caption">{E(m['caption'])}</span></div>
<div id="ctl00_ContentPlaceHolder1_divBody" class="body">
{paragraphs(m['dateline'], m['body'])}
</div>
</div>
<div id="ctl00_ContentPlaceHolder1_pnlComments" class="comments"><h3>Add your comment</h3>
<textarea name="ctl00$ContentPlaceHolder1$txtComment" rows="4" cols="40"></textarea><br />
Type the characters you see: <img src="CaptchaImage.axd?guid=9f1c" alt="captcha" /> <input name="ctl00$ContentPlaceHolder1$txtCaptcha" type="text" />
<input type="submit" name="ctl00$ContentPlaceHolder1$btnSend" value="Send" /></div>
<div id="ctl00_Sidebar" class="sidebar"><h3>Most popular</h3><ul><li><a href="Article.aspx?id=4460">Tel Temir church bells ring again</a></li></ul></div>
<div id="ctl00_Footer">Copyright © Khabur Herald 2017</div>
</form>
</body>
</html>
""")

# 7. Drupal 7 node with the CAPTCHA module's "Math question" on the comment form.
DRUPAL = dict(title="Tel Tamer farmers plant cotton again after five years", date="2018-04-25",
              author="George Isho", place="Tel Tamer", dateline="Tel Tamer —",
              caption="Irrigation channels near the Khabur river at Tel Tamer. File photo",
              body=["Farmers along the Khabur river near Tel Tamer have planted cotton this spring for the first time since 2013, after the irrigation channels were repaired.",
                    "The Assyrian villages on the river were emptied when ISIS overran the area in 2015, and many fields have lain fallow since.",
                    "“Cotton needs water every week. When the river is low, we pray,” said Shamiram Daniel, who farms six hectares with her brothers.",
                    "Agricultural engineers from Hasakah said the region had once produced a third of Syria’s cotton.",
                    "The ginning plant in Hasakah has promised to buy the whole crop in October."])
page(file="en-drupal-math-captcha.html", encoding="utf-8", lang="en", source="Khabur Valley News",
     url="https://khaburvalley.example/news/tel-tamer-farmers-plant-cotton", meta=DRUPAL,
     drop=["Math question", "Solve this simple math problem", "2 + 9 =",
           "This question is for testing whether or not you are a human visitor",
           "Add new comment", "Login or register to post comments"],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/ dc: http://purl.org/dc/terms/">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="Generator" content="Drupal 7 (http://drupal.org)" />
<link rel="canonical" href="{url}" />
<link rel="shortlink" href="/node/812" />
<meta property="dc:date" content="{m['date']}T11:20:00+03:00" />
<title>{E(m['title'])} | Khabur Valley News</title>
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-first page-node page-node- page-node-812 node-type-article">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">Skip to main content</a></div>
<div id="page-wrapper"><div id="page">
<div id="header"><a href="/" title="Home" rel="home" id="logo">Khabur Valley News</a></div>
<div id="main-wrapper"><div id="main">
<div id="content" class="column"><a id="main-content"></a>
<h1 class="title" id="page-title">{E(m['title'])}</h1>
<div id="node-812" class="node node-article node-promoted clearfix" about="/news/tel-tamer-farmers-plant-cotton" typeof="sioc:Item foaf:Document">
<div class="meta submitted"><span property="dc:date dc:created" content="{m['date']}T11:20:00+03:00" datatype="xsd:dateTime">Submitted by <span class="username" xml:lang="" about="/users/george-isho" typeof="sioc:UserAccount" property="foaf:name">{E(m['author'])}</span> on Wed, 04/25/2018 - 11:20</span></div>
<div class="content clearfix">
<div class="field field-name-field-image field-type-image"><img typeof="foaf:Image" src="/sites/default/files/styles/large/public/field/image/khabur.jpg" alt="" /><div class="field-name-field-caption">{E(m['caption'])}</div></div>
<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">
{paragraphs(m['dateline'], m['body'])}
</div></div></div>
</div>
<div class="link-wrapper"><ul class="links inline"><li class="comment-add first last"><a href="/comment/reply/812#comment-form" title="Add a new comment to this page.">Add new comment</a></li></ul></div>
<div id="comments" class="comment-wrapper">
<h2 class="title comment-form">Add new comment</h2>
<form class="comment-form" action="/comment/reply/812" method="post" id="comment-form" accept-charset="UTF-8"><div>
<div class="form-item form-type-textfield form-item-name"><label for="edit-name">Your name </label><input type="text" id="edit-name" name="name" value="" size="30" maxlength="60" class="form-text" /></div>
<div class="field-type-text-long field-name-comment-body"><div class="form-item form-type-textarea"><label for="edit-comment-body-und-0-value">Comment <span class="form-required" title="This field is required.">*</span></label><textarea id="edit-comment-body-und-0-value" name="comment_body[und][0][value]" cols="60" rows="5" class="form-textarea required"></textarea></div></div>
<fieldset class="captcha form-wrapper"><legend><span class="fieldset-legend">CAPTCHA</span></legend><div class="fieldset-wrapper"><div class="fieldset-description">This question is for testing whether or not you are a human visitor and to prevent automated spam submissions.</div><input type="hidden" name="captcha_sid" value="48213" />
<input type="hidden" name="captcha_token" value="b1946ac92492d2347c6235b4d2611184" />
<div class="form-item form-type-textfield form-item-captcha-response"><label for="edit-captcha-response">Math question <span class="form-required" title="This field is required.">*</span></label>
<span class="field-prefix">2 + 9 =</span> <input type="text" id="edit-captcha-response" name="captcha_response" value="" size="4" maxlength="2" class="form-text required" />
<div class="description">Solve this simple math problem and enter the result. E.g. for 1+3, enter 4.</div></div></div></fieldset>
<div class="form-actions form-wrapper" id="edit-actions"><input type="submit" id="edit-submit" name="op" value="Save" class="form-submit" /></div></div></form>
</div>
<ul class="links"><li><a href="/user/login?destination=node/812%23comment-form">Login or register to post comments</a></li></ul>
</div>
</div>
<div id="sidebar-first" class="column sidebar"><div class="region region-sidebar-first"><div id="block-node-recent" class="block block-node"><h2>Recent content</h2><ul><li><a href="/news/hasakah-ginning-plant">Hasakah ginning plant repairs</a></li></ul></div></div></div>
</div></div>
<div id="footer">Powered by Drupal</div>
</div></div>
</body>
</html>
""")

# 8. A report updated months later: the truth date is the publication date, not the update.
UPDATED = dict(title="Kobani reconstruction committee publishes list of rebuilt homes", date="2018-05-03",
               author="Hozan Ibrahim", place="Kobani, Syria", dateline="Kobani, Syria –",
               caption="New houses on the eastern side of Kobani. File photo",
               body=["The reconstruction committee of Kobani published on Thursday a list of 1,140 homes that have been rebuilt or repaired with its help since the end of the siege in 2015.",
                     "The list, posted at the municipality building, gives the street and the owner of each house, so that residents can check for mistakes.",
                     "“Some people were left out because their papers were lost in the fighting. We want them to come forward,” said committee member Zozan Mistefa.",
                     "The committee says about 3,000 families are still waiting for help, most of them in the eastern districts where the fighting was heaviest.",
                     "A second list is expected before the end of the year."])
page(file="en-updated-date.html", encoding="utf-8", lang="en", source="Euphrates Times",
     url="https://euphratestimes.example/2018/05/03/kobani-rebuilt-homes/", meta=UPDATED,
     drop=["Comments are closed.", "More from Euphrates Times", "Kobani’s new market hall opens"],
     html=lambda m, url: f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{E(m['title'])} — Euphrates Times</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Euphrates Times">
<meta property="article:modified_time" content="2019-01-14T16:02:00+00:00">
<meta property="article:published_time" content="{m['date']}T09:15:00+00:00">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":{json.dumps(m['title'])},"dateModified":"2019-01-14T16:02:00+00:00","datePublished":"{m['date']}T09:15:00+00:00","author":{{"@type":"Person","name":{json.dumps(m['author'])}}}}}</script>
</head>
<body>
<header class="site-header"><a href="/">Euphrates Times</a></header>
<article class="story">
<h1>{E(m['title'])}</h1>
<div class="story-dates"><span class="updated">Updated: January 14, 2019</span> · <span class="published">Published: May 3, 2018</span></div>
<p class="author">By {E(m['author'])}</p>
<figure><img src="/media/kobani-houses.jpg" alt=""><figcaption>{E(m['caption'])}</figcaption></figure>
<div class="story-text">
{paragraphs(m['dateline'], m['body'])}
</div>
<p class="editors-note"><em>Editor’s note: this article was updated on January 14, 2019 to correct the number of rebuilt homes.</em></p>
</article>
<section class="more"><h3>More from Euphrates Times</h3><ul><li><a href="/2018/04/20/kobani-market/">Kobani’s new market hall opens</a></li></ul></section>
<p class="comments-closed">Comments are closed.</p>
</body>
</html>
""")


def write_pages() -> list[dict]:
    PAGES.mkdir(exist_ok=True)
    truth = []
    for spec in PAGES_SPEC:
        meta = spec["meta"]
        markup = spec["html"](meta, spec["url"])
        if spec["encoding"] == "mojibake":
            raw = mojibake(markup).encode("utf-8")
        else:
            raw = markup.encode(spec["encoding"])
        (PAGES / spec["file"]).write_bytes(raw)
        truth.append({
            "path": f"bench/cleaning/pages/{spec['file']}", "title": meta["title"], "date": meta["date"],
            "author": meta["author"], "lang": spec["lang"], "source": spec["source"], "place": meta["place"],
            "captions": [meta["caption"]], "must_keep": must_keep(meta["body"]),
            "must_drop": spec["drop"] + [meta["caption"]],
        })
    return truth


def main() -> None:
    bench_entries = write_pages()
    existing = json.loads(TRUTH.read_text(encoding="utf-8")) if TRUTH.exists() else []
    corpus_entries = [t for t in existing if not t["path"].startswith("bench/cleaning/pages/")]
    TRUTH.write_text(json.dumps(corpus_entries + bench_entries, ensure_ascii=False, indent=1) + "\n",
                     encoding="utf-8")
    print(f"{len(bench_entries)} pages written, truth.json has {len(corpus_entries) + len(bench_entries)} entries")


if __name__ == "__main__":
    main()
