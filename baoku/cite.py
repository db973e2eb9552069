"""How an article is cited: the citation line readers copy, and schema.org data for machines."""

from __future__ import annotations

import json
from typing import Any

from .config import SiteConfig
from .model import Article
from .text import cn_day


def citation(paper: str, item: Article) -> str:
    """How to cite the article, in the usual Chinese form: '于健：《持续提升信贷便利》，
    《太原日报》2022年7月28日第1版' (creators, if any; a 《》 inside a title becomes 〈〉;
    a title the paper did not print is marked)."""
    names = "、".join(_creators(item))
    title = item.title.replace("《", "〈").replace("》", "〉")
    page = f"第{item.page}版" if item.page else ""
    supplied = "（原无标题）" if item.title_supplied else ""
    return f"{names + '：' if names else ''}《{title}》{supplied}，《{paper}》{cn_day(item.date)}{page}"


def gbt7714(paper: str, item: Article) -> str:
    """The GB/T 7714-2015 reference of a newspaper article (type [N]): '于健. 持续提升信贷便利[N].
    太原日报, 2022-07-28(1).' — up to three creators, then 等; the page (版次) as a
    number where it is one; a subtitle after a colon, as the standard gives other title
    information."""
    names = _creators(item)
    who = ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    title = item.title + (f": {_bare(item.subtitle)}" if _bare(item.subtitle) else "")
    page = f"({_page_number(item.page)})" if item.page.strip() else ""
    return f"{who + '. ' if who else ''}{title}[N]. {paper}, {item.date.isoformat()}{page}."


def apa(paper: str, item: Article, permalink: str) -> str:
    """The APA (7th edition) reference: '于健. (2022, July 28). 持续提升信贷便利. 太原日报, 1.
    https://…' — Chinese names written in full, as APA keeps them; an article without
    a creator starts with its title."""
    names = list(_creators(item))
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1] if names else ""
    day = f"({item.date.year}, {_MONTHS[item.date.month - 1]} {item.date.day})"
    title = item.title + (f": {_bare(item.subtitle)}" if _bare(item.subtitle) else "")
    page = f", {_page_number(item.page)}" if item.page.strip() else ""
    head = f"{who}. {day}. {title}." if who else f"{title}. {day}."
    return f"{head} {paper}{page}. {permalink}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _page_number(label: str) -> str:
    """A page label as cited: '01' → '1'; 'A1' as printed."""
    label = label.strip()
    return str(int(label)) if label.isascii() and label.isdigit() else label


def _bare(subtitle: str) -> str:
    """A subtitle without the dash it is printed after."""
    return subtitle.strip().lstrip("—-– ").strip()


def json_ld(config: SiteConfig, item: Article, section: str, topics: tuple[str, ...], permalink: str,
            mentioned: tuple[str, ...] = (), places: tuple[str, ...] = ()) -> str:
    """The article as a schema.org NewsArticle, JSON safe to put inside a <script>; the
    people (`mentioned`) and places its text names are its `mentions` (Person and Place
    items)."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle",
                            "headline": item.title, "datePublished": item.date.isoformat(),
                            "inLanguage": config.language, "url": permalink,
                            "mainEntityOfPage": permalink,
                            "publisher": {"@type": "Organization", "name": config.paper}}
    alternative = " ".join(part for part in (item.kicker, item.subtitle) if part)
    if alternative:
        data["alternativeHeadline"] = alternative
    if section:
        data["articleSection"] = section
    if topics:
        data["keywords"] = list(topics)
    # A photo's author is its photographer; a byline of the paper itself (本报评论员) is
    # the organisation's.
    people = [{"@type": "Organization" if n.startswith("本报") else "Person", "name": n}
              for n in _creators(item)]
    if people:
        data["author"] = people
    mentions = ([{"@type": "Person", "name": n} for n in mentioned]
                + [{"@type": "Place", "name": n} for n in places])
    if mentions:
        data["mentions"] = mentions
    data["printEdition"] = item.date.isoformat()
    if item.page:
        data["printPage"] = item.page
    if item.column:
        data["printColumn"] = item.column
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Safe inside <script>: no '</script>' or HTML comment can be formed.
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _creators(item: Article) -> tuple[str, ...]:
    """Who made the article: its authors, or a photo's photographers."""
    return item.authors or item.photographers
