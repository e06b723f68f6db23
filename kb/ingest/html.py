"""A web page's article with BeautifulSoup4: the main text without the site around it.

Provincial news sites wrap an article in menus, related-news lists ("Có thể bạn quan tâm", "Tin
khác", "Xem nhiều nhất"), link directories ("Liên kết website") and feedback forms ("Phản hồi",
"Thông tin người gửi phản hồi"). These are removed by tag, by class or id, by their heading, and by
link density; the article is then the smallest block holding most of the paragraph text.
Title, byline and date are read first, from meta tags and the usual classes.
"""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Tag

from kb.clean import fold, squash_spaces
from kb.dates import find_dates
from kb.ingest.errors import MalformedError
from kb.ingest.model import Extracted
from kb.ingest.text import read_limited, decode

DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "nav", "header",
             "footer", "aside", "button", "select", "input", "textarea", "object", "embed", "canvas")
# Headings that open a block of site furniture, compared accent-free.
BOILERPLATE_HEADINGS = tuple(fold(h) for h in (
    "Có thể bạn quan tâm", "Tin khác", "Xem nhiều nhất", "Liên kết website", "Phản hồi",
    "Thông tin người gửi phản hồi", "Gửi phản hồi", "Tin liên quan", "Tin cùng chuyên mục",
    "Bình luận", "Ý kiến bạn đọc", "Đọc nhiều", "Tin mới", "Chia sẻ"))
# class/id words of site furniture: menu-top, box_tinkhac, sidebar, lien-ket…
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|sidebar|footer|header|banner|adv?s?|advert\w*|"
    r"social|share|related|comments?|feedback|phanhoi|lienket|tinkhac|xemnhieu|docnhieu|"
    r"most-?view\w*|widget|popup|cookie|tags?)(?:$|[-_\s\d])", re.I)
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr",
           "section", "article", "blockquote", "pre", "main", "figure", "figcaption", "dl", "dt",
           "dd", "hr")
_PARAS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")
_DATE_ATTR = re.compile(r"date|time|ngay|publish", re.I)
_AUTHOR_ATTR = re.compile(r"author|byline|tacgia|tac-gia|tac_gia", re.I)


def _attrs(tag: Tag) -> str:
    classes: str | list[str] = tag.get("class") or []
    return " ".join([*(classes if isinstance(classes, list) else [classes]), str(tag.get("id") or "")])


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag) and tag.get("content"):
            return squash_spaces(str(tag["content"]))
    return None


def _title(soup: BeautifulSoup) -> str | None:
    h1 = soup.find("h1")
    if isinstance(h1, Tag) and h1.get_text(strip=True):
        return squash_spaces(h1.get_text(" "))
    found = _meta(soup, "og:title")
    if not found and soup.title and soup.title.string:
        found = squash_spaces(soup.title.string)
    # "Tiêu đề bài - Báo Tỉnh X" or "Tiêu đề | Cổng TTĐT": keep the part before the site's name
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", found)[0] if found else None


def _date(soup: BeautifulSoup) -> tuple[str | None, Tag | None]:
    """The publication date as ISO (from meta) or as written on the page, and the tag showing it."""
    iso = _meta(soup, "article:published_time", "datePublished", "pubdate", "date")
    if iso and re.match(r"\d{4}-\d{2}-\d{2}", iso):
        return iso[:10], None
    for tag in soup.find_all(["time", "span", "div", "p"]):
        if tag.name == "time" and tag.get("datetime") and re.match(r"\d{4}-\d{2}-\d{2}", str(tag["datetime"])):
            return str(tag["datetime"])[:10], tag
        if (tag.name == "time" or _DATE_ATTR.search(_attrs(tag))) and len(tag.get_text()) < 80:
            for m in find_dates(tag.get_text(" ")):
                if m.value is not None and m.value.precision == "day":
                    return m.value.iso(), tag
    return None, None


def _author(soup: BeautifulSoup) -> tuple[str | None, Tag | None]:
    found = _meta(soup, "author", "article:author")
    if found and not found.startswith("http"):
        return found, None
    for tag in soup.find_all(True, attrs={"class": _AUTHOR_ATTR}) + soup.find_all(True, id=_AUTHOR_ATTR):
        text = squash_spaces(tag.get_text(" "))
        if 0 < len(text) <= 80:
            return text, tag
    return None, None


def _para_len(tag: Tag) -> int:
    """Characters of paragraph-like text under ``tag``, not counting link text."""
    total = 0
    for p in tag.find_all(_PARAS):
        if p.find(_PARAS):
            continue  # count the innermost paragraph only
        links = sum(len(a.get_text(strip=True)) for a in p.find_all("a"))
        total += max(0, len(p.get_text(strip=True)) - links)
    return total


def _remove_furniture(root: Tag) -> None:
    """Drop site furniture, never a block that holds most of the page's paragraph text."""
    page = max(1, _para_len(root))

    def drop(tag: Tag) -> None:
        if tag.decomposed or tag is root or _para_len(tag) > page // 2:
            return
        tag.decompose()

    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(DROP_TAGS):
        drop(tag)
    headings = [s.parent for s in root.find_all(string=True)
                if fold(squash_spaces(str(s))).rstrip(":") in BOILERPLATE_HEADINGS]
    for block in headings:
        if isinstance(block, Tag) and not block.decomposed:
            while isinstance(block.parent, Tag) and block.parent is not root and \
                    fold(squash_spaces(block.parent.get_text(" "))).startswith(
                        fold(squash_spaces(block.get_text(" ")))[:40]):
                block = block.parent
            drop(block)
    for tag in root.find_all(True):
        if not tag.decomposed and tag.attrs is not None and _FURNITURE.search(_attrs(tag)):
            drop(tag)
    for tag in root.find_all(("ul", "ol", "div", "table", "section")):
        if tag.decomposed:
            continue
        links = tag.find_all("a")
        text = len(tag.get_text(strip=True))
        if len(links) >= 3 and text and sum(len(a.get_text(strip=True)) for a in links) / text > 0.6:
            drop(tag)


def _main_block(root: Tag) -> Tag:
    """The deepest block holding at least 85% of the paragraph text: the article itself."""
    best = root
    target = 0.85 * _para_len(root)
    if target == 0:
        return root
    for tag in root.find_all(("article", "main", "div", "section", "td")):
        if _para_len(tag) >= target and len(tag.get_text()) < len(best.get_text()):
            best = tag
    return best


def _trailing_byline(block: Tag) -> str | None:
    """A news article's signature: a last short paragraph in bold or set right, "Minh Châu"."""
    paras = [p for p in block.find_all("p") if p.get_text(strip=True)]
    if not paras:
        return None
    last = paras[-1]
    text = squash_spaces(last.get_text(" "))
    words = text.split()
    styled = last.find(("strong", "b", "em", "i")) is not None or "right" in str(last.get("style", "")) \
        or "right" in _attrs(last)
    if styled and 1 <= len(words) <= 5 and len(text) <= 50 and all(w[:1].isupper() for w in words) \
            and not text.endswith((".", ":", "!", "?")):
        return text
    return None


def _as_text(block: Tag) -> str:
    """Text of a block, one paragraph per line, separated by blank lines."""
    for br in block.find_all("br"):
        br.replace_with("\n")
    for tag in block.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (squash_spaces(line) for line in block.get_text().split("\n"))
    return "\n\n".join(line for line in lines if line)


def extract_html(path: Path, max_bytes: int, encoding: str = "auto") -> Extracted:
    """Read a web page: article text, and title, author, date and canonical URL as hints."""
    decoded = decode(read_limited(path, max_bytes), str(path), encoding)
    soup = BeautifulSoup(decoded.text, "html.parser")
    if soup.find(True) is None:
        raise MalformedError(str(path), "malformed HTML: no markup found")
    body = soup.body or soup
    title = _title(soup)
    date, date_tag = _date(soup)
    author, author_tag = _author(soup)
    url = _meta(soup, "og:url")
    canonical = soup.find("link", rel="canonical")
    if isinstance(canonical, Tag) and canonical.get("href"):
        url = str(canonical["href"])
    for tag in (date_tag, author_tag):
        if tag is not None and not tag.decomposed and len(tag.get_text()) < 120:
            tag.decompose()
    for h1 in body.find_all("h1"):
        if title and squash_spaces(h1.get_text(" ")) == title:
            h1.decompose()
    _remove_furniture(body)
    main = _main_block(body)
    author = author or _trailing_byline(main)
    text = _as_text(main)
    if len(text) < 20:
        raise MalformedError(str(path), "malformed HTML: no article text found")
    hints = {k: v for k, v in (("title", title), ("date", date), ("author", author), ("url", url)) if v}
    return Extracted(text, "html", decoded.encoding, decoded.confidence, decoded.unconverted, hints)
