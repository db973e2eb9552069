"""Make gazetteer.tsv, the places every archive knows, from jionlp's location data.

Run once when the data should be refreshed, with the `jionlp` package unpacked or
installed somewhere (it is not a dependency of baoku):

    python -m baoku.subjects.gazetteer /path/to/site-packages/jionlp/dictionary \
        > baoku/subjects/gazetteer.tsv

Why vendored and not a dependency (measured in a fresh virtual environment, December
2026): `pip install jionlp` takes 6.5 s and 271 MB (numpy, jiojio, requests and 16.5 MB
of its own dictionaries), to use 0.2 MB of it. `cpca` 0.5.5 (MIT) ships a 3,500-line
adcode table, but with 2020 data, no short names, no countries, and pandas to read it.
jionlp (Apache License 2.0, © the jionlp authors) keeps China's administrative divisions
up to date with their hierarchy and short names (`china_location.zip`, 2025) and a list
of the world's countries with their full names, capitals and major cities
(`world_location.txt`). This module keeps the province, prefecture and county levels of
the first and all of the second, and leaves out:

- divisions that are not places a reader names: '市辖区', '市直辖行政区划', development
  zones and management committees ('…开发区', '…管委会', '…园区');
- county names of two characters ('城区', '郊区', '东区'): generic words;
- China itself and its cities from the world list (the domestic levels have them);
- capitals and cities that are ordinary words or name several places (AMBIGUOUS_CITIES).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

NOT_DIVISIONS = ("市辖区", "直辖", "行政区划", "开发区", "管委会", "园区", "管理区", "示范区", "新区管理")
"""Parts of names at the county level that mark no administrative division a reader names."""

AMBIGUOUS_CITIES = frozenset((
    "维多利亚", "圣约翰", "金斯敦", "亚伦", "圣地亚哥", "圣何塞", "圣乔治", "圣多美",
    "好望角", "亚历山大", "斯拉维扬斯克", "西贡", "济州岛", "冲绳", "中国",
))
"""World-list cities left out: personal names (维多利亚, 亚历山大), cities of the same
name in several countries (金斯敦, 圣地亚哥, 圣何塞), capes and islands, old names."""

FULL_NAMES = {"刚果(金)": "刚果（金）", "刚果(布)": "刚果（布）"}
"""Short country names written as Chinese papers print them."""

HEADER = """\
# 地名词表 (gazetteer): made by `python -m baoku.subjects.gazetteer` from jionlp's
# location data (github.com/dongrixinyu/JioNLP, Apache License 2.0). Do not edit by
# hand: add or override places in content/subjects/places.txt instead.
# Columns: id, kind (province, city, county, country, foreign-city), name, short name
# ('' when none), id of the parent place ('' when none).
"""


def _china(text: str) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    parents: dict[int, str] = {}
    names: dict[int, str] = {}
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth > 2 or not fields[0] or len(fields) < 2:
            continue
        name, code = fields[0], fields[1]
        short = fields[2] if len(fields) > 2 and fields[2] != name else ""
        if depth == 1 and name == names.get(0):
            parents[1], names[1] = parents[0], name  # a municipality's city level is itself
            continue
        names[depth] = name
        if depth == 2 and (len(name) <= 2 or any(part in name for part in NOT_DIVISIONS)):
            continue
        parent = parents[depth - 1] if depth else ""
        parents[depth] = code
        rows.append((code, ("province", "city", "county")[depth], name, short if depth < 2 else "", parent))
    return rows


def _world(text: str) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    seen: set[str] = set()
    for line in text.splitlines():
        fields = line.strip().split("\t")
        if len(fields) < 3 or fields[0] == "中国":
            continue
        short, full = FULL_NAMES.get(fields[0], fields[0]), fields[1]
        country = f"w-{len(rows):03d}"
        rows.append((country, "country", short, full if full != short else "", ""))
        seen.add(short)
        cities = [fields[2], *(fields[3].split("/") if len(fields) > 3 else [])]
        for city in cities:
            city = city.strip()
            if city and city not in seen and city not in AMBIGUOUS_CITIES and len(city) >= 2:
                seen.add(city)
                rows.append((f"{country}-{len(rows):03d}", "foreign-city", city, "", country))
    return rows


def generate(dictionary: Path) -> str:
    """The text of gazetteer.tsv from jionlp's dictionary folder."""
    with zipfile.ZipFile(dictionary / "china_location.zip") as archive:
        china = archive.read("china_location.txt").decode("utf-8")
    world = (dictionary / "world_location.txt").read_text(encoding="utf-8")
    out = io.StringIO()
    out.write(HEADER)
    for row in sorted(_china(china)) + _world(world):
        out.write("\t".join(row) + "\n")
    return out.getvalue()


if __name__ == "__main__":
    sys.stdout.write(generate(Path(sys.argv[1])))
