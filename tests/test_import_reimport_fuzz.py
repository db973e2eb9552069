"""Re-import invariants on random re-exports: stories dropped, added and reordered, articles edited and deleted."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.importer.api import import_files
from baoku.importer.markdown import split_file

# Invented stories of a paper in another layout (headline line, then the body on the next line).
POOL = [
    "沿江大道夜间施工 部分路段临时封闭\n本报讯 为加快沿江大道改造，8月3日至8月20日每晚22时至次日6时，沿江大道民生路至解放路段将封闭施工，过往车辆请绕行新华路。",
    "社区图书角开进工业园\n本报讯 8月2日，高新区工业园第一个社区图书角揭牌，首批配备图书两千余册，周一至周六向园区职工免费开放。（通讯员 莫小丽）",
    "第三届龙舟邀请赛收官\n本报讯 8月1日，第三届邕江龙舟邀请赛在邕江南岸落下帷幕，来自区内外的二十四支队伍同场竞技，最终东兴队夺得五百米直道赛冠军。（记者 韦国庆）",
    "老旧小区加装电梯提速\n本报讯 截至7月底，全市今年已有一百三十六部加装电梯投入使用，比去年同期增加四成，另有八十部正在施工。（记者 陆明辉）",
    "暑期托管班覆盖全部城区小学\n本报讯 记者从市教育局获悉，今年暑期全市一百一十二所城区小学全部开设托管班，共接收学生一万八千余人，收费标准与去年持平。",
    "夜市经济带动消费回暖\n本报讯 7月以来，中山路、水街等六个夜市日均客流超过五万人次，餐饮、文创摊位营业额比六月增长两成。（记者 黄丽娟）",
    "青秀山景区推出夜游线路\n本报讯 青秀山景区自8月5日起开放夜游，游客可在19时至22时沿湖步道观赏灯光秀，夜场门票二十元。",
    "市民热线上半年办结诉求九万件\n本报讯 市民服务热线上半年共受理群众诉求九万三千余件，办结率百分之九十八，其中供水、供电类诉求占三成。（通讯员 罗文）",
]
TITLES = [story.split("\n")[0] for story in POOL]
stories = st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=len(POOL), unique=True)


def files(content: Path) -> dict[str, tuple[Path, dict]]:
    """title -> (file, front matter) of every article."""
    out: dict[str, tuple[Path, dict]] = {}
    for path in sorted((content / "articles").rglob("*.md")):
        meta = split_file(path.read_text(encoding="utf-8"))[0]
        assert meta["title"] not in out, f"{meta['title']} written twice"
        out[meta["title"]] = (path, meta)
    return out


@settings(max_examples=30, deadline=None)
@given(first=stories, second=stories, data=st.data())
def test_a_reimport_never_moves_duplicates_drops_or_resurrects_a_story(first, second, data):
    edited_ix = data.draw(st.sets(st.sampled_from(first)), label="edited")
    deleted_ix = data.draw(st.sets(st.sampled_from(first)), label="deleted") - edited_ix
    with tempfile.TemporaryDirectory() as tmp:
        content, raw = Path(tmp) / "content", Path(tmp) / "2022-08-03_a4.txt"
        raw.write_text("\n\n".join(POOL[i] for i in first) + "\n", encoding="utf-8")
        import_files([raw], content=content)
        before = files(content)
        edits = {}
        for i in edited_ix:
            path = before[TITLES[i]][0]
            path.write_text(path.read_text(encoding="utf-8") + "\n（编者补记：本文数据已核实。）\n", encoding="utf-8")
            edits[TITLES[i]] = path.read_bytes()
        for i in deleted_ix:
            before[TITLES[i]][0].unlink()
        raw.write_text("\n\n".join(POOL[i] for i in second) + "\n", encoding="utf-8")
        result = import_files([raw], content=content)
        after = files(content)
        first_numbers = {int(path.stem) for path, _ in before.values()}
        for title, data_ in edits.items():
            assert after[title][0].read_bytes() == data_  # an edit is never overwritten, nor removed
        for i in deleted_ix:
            assert TITLES[i] not in after  # a deletion is never undone
            if i in second:
                assert any(f"{before[TITLES[i]][0].stem} was deleted by an editor" in c for c in result.cases)
        for i in second:
            title = TITLES[i]
            if i in deleted_ix:
                continue
            assert title in after  # never silently dropped
            if i in first:
                assert after[title][0] == before[title][0]  # never moved
            else:
                assert int(after[title][0].stem) > max(first_numbers)  # a new number, never a reused one
        for i in set(first) - set(second) - edited_ix - deleted_ix:
            assert TITLES[i] not in after  # removed with the story, and reported
            assert any(f"{before[TITLES[i]][0].stem} ({TITLES[i]}): its story is no longer" in c for c in result.cases)
        printed = [TITLES[i] for i in second if i not in deleted_ix and i not in edited_ix]
        assert sorted(printed, key=lambda t: after[t][1]["order"]) == printed  # order keeps the print order
