"""Who wrote or photographed a story, read from the way papers print it.

Bylines come as a parenthesised list at the end of a story '(于 健、刘笑英、赵冰清)',
a role line '记者 王勇 通讯员 王琦', a bare name on its own line '侯慧琴',
'本报评论员', or a group credit '(本组稿件由何宝国采写)' covering several stories.
Photo credits end with 摄: '李学军 牛利敏 摄'.  All are matched on folded text
(full-width brackets become ASCII) and the printed text is left where it is;
only the names are extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, is_cjk

ROLES = ("新华社记者", "新华社特约记者", "本报记者", "特约记者", "见习记者", "首席记者", "记者", "通讯员", "实习生", "特约通讯员")
"""Role words printed before names; they are not part of any name."""

_ROLE = "|".join(ROLES)
_NAME_CHARS = r"[\u3400-\u9fff·• ]"
_NAMES = rf"{_NAME_CHARS}{{2,30}}"

_PAREN = re.compile(rf"\(\s*((?:(?:{_ROLE})\s*)?[\u3400-\u9fff][\u3400-\u9fff·、,/ ]{{1,40}})\s*\)")
_GROUP = re.compile(rf"\(\s*本(?:组|版)稿件由\s*({_NAMES}?)\s*(?:采写|撰写|整理|采访整理|供稿|提供)\s*\)")
_ROLE_LINE = re.compile(rf"(?:(?:{_ROLE})\s*[:/]?\s*{_NAME_CHARS}{{2,12}}\s*)+")
_COMMENTATOR = re.compile(r"(?:本报|本刊)?(?:特约)?评论员")
_CREDIT = re.compile(rf"((?:(?:{_ROLE})\s*)?[\u3400-\u9fff][\u3400-\u9fff·、 ]{{1,30}}?)\s*摄(?:影)?")
_PAREN_CREDIT = re.compile(r"\(\s*(.{2,40}?摄(?:影)?)\s*\)")
_LEAD_BYLINE = re.compile(r"^\s*(?:本报讯|本报[^\s,。()]{0,12}(?:讯|电)|新华社[^\s,。()]{0,20}电)\s*(\([^()]{2,40}\))")
_CREDIT_PREFIX = re.compile(rf"(?:摄影|图)\s*[:/]\s*({_NAMES})")

COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单"
    "季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
    "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠"
    "豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰"
    "赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富"
    "尧闭由"
)
"""Common Chinese surnames: a bare line is read as a byline only if it starts
with one, so that short headlines such as '政务之要' are not taken for names."""
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐")


@dataclass(frozen=True, slots=True)
class Credit:
    """Names read from one byline or photo credit."""

    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    group: bool = False
    """True for '(本组稿件由…采写)': the credit covers earlier stories too."""


def split_names(text: str) -> list[str]:
    """'于 健、刘笑英、赵冰清' -> ['于健', '刘笑英', '赵冰清'].

    Separators are 、 , / and role words; a space separates names only when
    the part would otherwise be too long for one name, because papers space
    out two-character names ('于 健') to align them with three-character ones.
    """
    names: list[str] = []
    for part in re.split(rf"[、,/;]|{_ROLE}", fold(text)):
        words = part.split()
        if not words:
            continue
        joined = "".join(words)
        if len(words) >= 4 and all(len(w) == 1 for w in words) and len(words) % 2 == 0:
            names.extend(words[i] + words[i + 1] for i in range(0, len(words), 2))
        elif len(joined) <= 4 or "·" in joined:
            names.append(joined)
        else:
            names.extend(words)
    return names


def _valid(names: list[str]) -> bool:
    return bool(names) and all(
        2 <= len(n.replace("·", "")) <= 4 or ("·" in n and len(n) <= 12) for n in names
    ) and all(is_cjk(ch) or ch == "·" for n in names for ch in n)


_CLOSING = re.compile(r"\(\s*(?:作者(?:为|系|单位\s*[:：])|本报[\u3400-\u9fff]{1,8}电|据新华社电|"
                      r"来源\s*[:：])[^()]{0,60}\)")
_COMPILED_BY = re.compile(rf"\(\s*(?:本报记者|记者)?\s*({_NAMES}?)\s*(?:整理|采写|编译|综合)\s*\)")
_STAFF_CREDIT = re.compile(rf"(?:本期|本版)?(?:统筹|策划|撰稿|执笔)\s*[:：]\s*({_NAMES})")
_PHOTO_SOURCE = re.compile(r"(.{2,40}?摄(?:影)?)\s*\(\s*[^()]{1,12}(?:发|供图|供稿)\s*\)")


def parse_closing(line: str) -> Credit | None:
    """Closing lines of national dailies: '(作者为北京大学教授)', '(本报柏林电)',
    '(本报记者韦佳整理)', '本期统筹:冯雅琪', '刘畅摄(新华社发)' (folded text)."""
    if not line.endswith(")") and ":" not in line:
        return None
    if _CLOSING.fullmatch(line):
        return Credit()
    for pattern in (_COMPILED_BY, _STAFF_CREDIT):
        if m := pattern.fullmatch(line):
            names = split_names(m.group(1))
            return Credit(authors=tuple(names)) if _valid(names) else None
    if m := _PHOTO_SOURCE.fullmatch(line):
        return parse_line(m.group(1))
    return None


def parse_line(text: str) -> Credit | None:
    """Credit when the whole line is a byline or photo credit, else None."""
    line = fold(text).strip()
    if (closing := parse_closing(line)) is not None:
        return closing
    if _COMMENTATOR.fullmatch(line):
        return Credit(authors=(line,))
    if m := _PAREN_CREDIT.fullmatch(line):
        return parse_line(m.group(1))
    if m := _GROUP.fullmatch(line):
        names = split_names(m.group(1))
        return Credit(authors=tuple(names), group=True) if _valid(names) else None
    for pattern, photo in ((_CREDIT, True), (_CREDIT_PREFIX, True), (_PAREN, False), (_ROLE_LINE, False)):
        if m := pattern.fullmatch(line):
            names = split_names(m.group(1) if m.groups() else m.group(0))
            if _valid(names):
                return Credit(photographers=tuple(names)) if photo else Credit(authors=tuple(names))
    return None


def lead_byline(text: str) -> Credit | None:
    """'本报讯（记者 张三 通讯员 李四）…': the byline printed inside the lead."""
    m = _LEAD_BYLINE.match(fold(text))
    return parse_line(m.group(1)) if m else None


def parse_bare_name(text: str) -> str | None:
    """'侯慧琴' or '刘 涛' on its own line -> the name, if it can be one."""
    name = "".join(fold(text).split())
    if not 2 <= len(name) <= 4 or not all(is_cjk(ch) for ch in name):
        return None
    if name[0] in COMMON_SURNAMES or name.startswith(COMPOUND_SURNAMES):
        return name
    return None


_TAIL = re.compile(r"^(.*?[。!?…”’」』)\]])\s*(\S.{0,60})$")


def split_tail(text: str) -> tuple[str, Credit] | None:
    """A byline or credit glued to the end of a paragraph.

    '…配合落实…等疫情防控措施。(刘 涛)' -> ('…措施。', Credit(authors=('刘涛',))).
    Returns the text before the credit and the credit; the caller keeps the
    printed paragraph whole and only records the names.
    """
    folded = fold(text).rstrip()
    best: tuple[str, Credit] | None = None
    # Try every sentence end in the last 60 characters, nearest the end last,
    # so that the longest credit that parses wins.
    start = max(0, len(folded) - 62)
    for i in range(start, len(folded) - 1):
        if folded[i] in "。!?…”’」』)]":
            tail = folded[i + 1:].strip()
            credit = parse_line(tail) if tail else None
            if credit is not None:
                return text[: i + 1], credit
    return best
