"""Markup pruning before extraction: cut what a reader would call "not the article".

Each rule is an XPath over the parsed page and a reason; every cut is returned
as a `Removal` so `khabar clean --explain` can show it. A rule never removes an
element that holds most of the page's text (some CMSs wrap a whole page in one
`<form>`, or put a comment-ish class on the article wrapper).
"""
from __future__ import annotations

import re

from lxml import etree

from archive.model import Removal


# Class tokens (whole tokens, not substrings) that mark a non-article block, with the reason.
CLASS_RULES = {
    # WordPress comment area: the list of comments, the reply box and its form.
    "comment-respond": "comment section", "comment-list": "comment section",
    "commentlist": "comment section", "comments-area": "comment section",
    "comment-form": "comment section", "comments-link": "comment section",
    "comment-reply-link": "comment section", "wp-block-comments": "comment section",
    "fb-comments": "comment section", "comments-title": "comment section",
    # dFactory Math Captcha, BestWebSoft Captcha, Drupal CAPTCHA ("Math question"), reCAPTCHA.
    "math-captcha-form": "math captcha", "cptch_block": "math captcha",
    "cptch_wrap": "math captcha", "cptch_math_actions": "math captcha",
    "captcha": "math captcha", "form-item-captcha-response": "math captcha",
    "g-recaptcha": "math captcha", "h-captcha": "math captcha",
    # Akismet's privacy notice under comment forms.
    "akismet_comment_form_privacy_notice": "akismet notice",
    "akismet-privacy-notice": "akismet notice",
    # Jetpack and other share-button plugins.
    "sharedaddy": "share buttons", "sd-sharing-enabled": "share buttons",
    "sharing": "share buttons", "share-buttons": "share buttons",
    "social-share": "share buttons", "addtoany_share_save_container": "share buttons",
    "shareaholic-canvas": "share buttons", "essb_links": "share buttons",
    "heateor_sss_sharing_container": "share buttons",
    "sd-like": "likes", "jetpack-likes-widget-wrapper": "likes",
    # Related-posts and most-read widgets (Jetpack, YARPP, Contextual Related Posts, themes).
    "jp-relatedposts": "related posts", "related-posts": "related posts",
    "related_posts": "related posts", "yarpp-related": "related posts",
    "crp_related": "related posts", "related-articles": "related posts",
    "most-read": "related posts", "most-popular": "related posts",
    "popular-posts": "related posts", "mostviewed": "related posts",
    "most-viewed": "related posts",
    # Editors' update notes ("Editor's note: this article was updated …").
    "editors-note": "update note", "editor-note": "update note",
    # Cookie and consent banners.
    "cookie-notice": "cookie banner", "cookie-banner": "cookie banner",
    "cc-window": "cookie banner", "cookie-consent": "cookie banner",
    "gdpr-banner": "cookie banner",
    # Newsletter sign-up boxes (Mailchimp for WordPress, Jetpack subscriptions, themes).
    "newsletter": "newsletter box", "newsletter-signup": "newsletter box",
    "newsletter-box": "newsletter box", "mc4wp-form": "newsletter box",
    "subscribe-box": "newsletter box", "jetpack_subscription_widget": "newsletter box",
    # Breadcrumb trails (themes, Yoast, Rank Math).
    "breadcrumb": "breadcrumbs", "breadcrumbs": "breadcrumbs",
    "yoast-breadcrumb": "breadcrumbs", "rank-math-breadcrumb": "breadcrumbs",
    # Tag and category lists under a post.
    "tags-links": "tag list", "tag-links": "tag list", "post-tags": "tag list",
    "entry-tags": "tag list", "tagcloud": "tag list", "cat-links": "tag list",
    "tags": "tag list",
    # Previous/next article links.
    "post-navigation": "post navigation", "nav-links": "post navigation",
    # Reader comments themselves (WordPress, Drupal, Disqus-like themes), not only the form.
    "comments": "reader comments", "comment-body": "reader comments",
    "comment-content": "reader comments", "comment-text": "reader comments",
    "comments-list": "reader comments", "user-comments": "reader comments",
    # Polls (WP-Polls, Polldaddy/Crowdsignal, themes).
    "wp-polls": "poll", "poll": "poll", "polls": "poll", "pds-box": "poll",
    # Print / e-mail / send-to-a-friend bars.
    "print-link": "print bar", "print-button": "print bar", "printfriendly": "print bar",
    "pf-button": "print bar", "send-to-friend": "print bar", "email-link": "print bar",
    "article-tools": "print bar", "article-toolbar": "print bar",
    # Subscription prompts (not "paywall": sites put that class on the paid article itself).
    "subscription-prompt": "paywall notice",
    "subscribe-prompt": "paywall notice", "piano-offer": "paywall notice",
    "tp-container-inner": "paywall notice",
    # "More news" and "latest news" boxes of news themes.
    "more-news": "related posts", "latest-news": "related posts", "read-also": "related posts",
    "also-read": "related posts", "related-news": "related posts", "related-stories": "related posts",
}

# Element ids that mark a non-article block, with the reason.
ID_RULES = {
    "comments": "comment section", "respond": "comment section",        # WordPress
    "commentform": "comment section", "comments-section": "comment section",
    "disqus_thread": "comment section",                                   # Disqus embed
    "jp-relatedposts": "related posts", "related-posts": "related posts",  # Jetpack, themes
    "related_posts": "related posts",
    "breadcrumbs": "breadcrumbs",
    "cybotcookiebotdialog": "cookie banner",                              # Cookiebot
}
# Id fragments of cookie plugins that number or suffix their ids.
ID_FRAGMENTS = (("cookie-notice", "cookie banner"), ("cookie-law", "cookie banner"),
                ("cookieconsent", "cookie banner"))

# Rules that need more than a class or an id.
XPATH_RULES = (
    # WordPress and Drupal comment forms, by where they post; any other form with a
    # text box for the reader (the share guard keeps page-wrapping forms).
    ("comment form", "//form[contains(@action, 'wp-comments-post.php')"
                     " or contains(@action, 'comment') or .//textarea]"),
    # Newsletter forms and the short box around them.
    ("newsletter box", "//*[form[contains(@action, 'subscribe') or contains(@action, 'newsletter')]]"
                       "[string-length(normalize-space(.)) < 300]"),
    # The captcha's answer field: its paragraph holds the challenge text (dFactory, BWS).
    ("math captcha", "//input[@name='mc-value' or @name='cptch_number']/.."),
    # Akismet honeypot fields.
    ("akismet honeypot", "//*[starts-with(@name, 'ak_hp') or starts-with(@id, 'ak_js')]"),
    # "Leave a comment" / "N comments" links pointing at the comment area.
    ("comment link", "//a[contains(@href, '#respond') or contains(@href, '#comments')]"),
    # ARIA-labelled breadcrumb trails.
    ("breadcrumbs", "//*[@aria-label='breadcrumb' or @aria-label='Breadcrumb']"),
)


# Headings that introduce a list of other articles, in our four languages.
RELATED_HEADING = re.compile(
    r"^\s*(related|related (posts|articles|stories|news)|most read|most popular|"
    r"read more|you may also like|more stories|"
    r"more from .{1,40}|more news|latest news|recent posts|see also|also read|"
    r"ذات صلة|أخبار ذات صلة|المزيد من الأخبار|آخر الأخبار|أخبار أخرى|مواضيع ذات صلة|شاهد أيضا|"
    r"الأخبار الأكثر مشاهدة|الأكثر مشاهدة|مقالات ذات صلة|الأكثر قراءة|اقرأ أيضا|اقرأ أيضاً|"
    r"پەیوەندیدار|هەواڵی پەیوەندیدار|زۆرترین خوێندراو|هەواڵی تر|دوایین هەواڵەکان|بابەتی پەیوەندیدار|"
    r"têkildar|nûçeyên têkildar|herî zêde hatin xwendin|nûçeyên din|nûçeyên dawî|bêtir bixwîne)\s*:?\s*$",
    re.I,
)

# Elements whose text never belongs to the article body; ruby readings (<rt>, and the
# brackets <rp> puts around them) are pronunciation glosses, not running text.
SCRIPT_LIKE = ("script", "style", "template", "rt", "rp")

# A cut is refused when the element holds more than this share of the page text.
MAX_SHARE = 0.5


def prune(tree: etree._Element) -> list[Removal]:
    """Remove non-article parts from `tree` in place; return what was cut and why."""
    # metadata (JSON-LD) has been read; scripts, styles and ruby glosses hold no article text
    etree.strip_elements(tree, *SCRIPT_LIKE, with_tail=False)
    body = tree.find(".//body")
    root = body if body is not None else tree
    total = len(_text(root)) or 1
    # a <noscript> is a fallback widget, except where a stray one swallowed the page
    for element in list(tree.iter("noscript")):
        if len(_text(element)) <= MAX_SHARE * total:
            drop(element)
    removals: list[Removal] = []
    for element, reason in _matches(tree):
        if element.getparent() is None or element is root or _detached(element, root):
            continue
        text = _text(element)
        if len(text) > MAX_SHARE * total:
            continue  # a wrapper around the article, not a widget
        heading = element.getprevious()
        removals.append(Removal(reason, _snippet(text)))
        drop(element)
        if reason == "comment form" and _is_short_heading(heading):
            removals.append(Removal("comment form heading", _text(heading)))
            drop(heading)
    removals.extend(_prune_related_lists(tree, total))
    return removals


def _matches(tree: etree._Element) -> list[tuple[etree._Element, str]]:
    """Elements the rules pick, in document order (one pass for classes and ids)."""
    found = []
    for element in tree.xpath("//*[@class or @id]"):
        reason = None
        classes = element.get("class")
        if classes:
            reason = next((CLASS_RULES[c] for c in classes.split() if c in CLASS_RULES), None)
        ident = element.get("id")
        if reason is None and ident:
            ident = ident.lower()
            reason = ID_RULES.get(ident) or next(
                (why for fragment, why in ID_FRAGMENTS if fragment in ident), None)
        if reason:
            found.append((element, reason))
    for reason, xpath in XPATH_RULES:
        found.extend((element, reason) for element in tree.xpath(xpath))
    return found


def _is_short_heading(element: etree._Element | None) -> bool:
    """A heading right before a comment form ("Leave a Reply", "شارك برأيك") introduces it."""
    return (element is not None and element.tag in ("h2", "h3", "h4", "h5", "h6")
            and len(_text(element)) <= 60)


def _detached(element: etree._Element, root: etree._Element) -> bool:
    """True when an ancestor was already cut (so the element is no longer in the page)."""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
    return True


def _prune_related_lists(tree: etree._Element, total: int) -> list[Removal]:
    """A heading such as "Related" or "Most read" followed by a list: both go."""
    removals = []
    for heading in tree.xpath("//h2|//h3|//h4|//h5|//h6|//strong|//p|//div[not(*)]"):
        if heading.getparent() is None:
            continue
        text = _text(heading)
        if not text or len(text) > 60 or not RELATED_HEADING.match(text):
            continue
        following = heading.getnext()
        if following is not None and following.tag in ("ul", "ol", "div", "section"):
            block = _text(following)
            if len(block) <= MAX_SHARE * total and following.xpath(".//a"):
                removals.append(Removal("related list", _snippet(text + " " + block)))
                drop(following)
                drop(heading)
    return removals


def _text(element: etree._Element) -> str:
    """The element's text, white space collapsed (`prune` has removed scripts and styles)."""
    return " ".join(" ".join(element.itertext()).split())


def _snippet(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
