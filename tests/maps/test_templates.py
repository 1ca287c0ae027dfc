"""Chain templates: the bundled ones are well formed; bad ones fail naming file/line/field."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.graph.model import POSITIONS
from chainkg.loaders.templates import bundled_templates, chain_templates, load_templates

GOOD = """\
chain: {key: 测试链, name: 测试链}
segments:
  - {name: 甲, position: upstream, seq: 1, feeds: [乙]}
  - {name: 乙, position: 下游, seq: 2}
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_templates_cover_the_seed_chains() -> None:
    names = {n for t in bundled_templates() for n in t.names()}
    for chain in ("新能源汽车", "电子信息", "氢能", "应急产业", "智能机器人", "智能装备",
                  "轨道交通",
                  "新材料", "新能源新材料", "生物医药", "医疗器械", "清洁能源", "集成电路", "航空",
                  "动力电池"):
        assert chain in names, chain


def test_bundled_feeds_run_downstream() -> None:
    for t in bundled_templates():
        seq = {s.key: s.seq for s in t.segments}
        assert all(s.position in POSITIONS for s in t.segments), t.file
        for s in t.segments:
            for target in s.feeds:
                assert seq[target] > s.seq, f"{t.file}: {s.name} feeds {target} upstream"
        assert all(s.key.startswith(t.key + "/") for s in t.segments)


def test_good_template(tmp_path: Path) -> None:
    (t,) = load_templates([write(tmp_path, GOOD)])
    assert [(s.key, s.position, s.seq, s.feeds) for s in t.segments] == [
        ("测试链/甲", "upstream", 1, ["测试链/乙"]), ("测试链/乙", "downstream", 2, [])]
    assert t.source_key == "template-t"


@pytest.mark.parametrize("text,message", [
    (GOOD.replace("position: upstream", "position: sideways"),
     "t.yaml:3: column 'position': expected upstream/midstream/downstream (上游/中游/下游), "
     "got 'sideways'"),
    (GOOD.replace("feeds: [乙]", "feeds: [丙]"),
     "t.yaml:3: column 'feeds': no segment '丙' in chain 测试链; it has 甲, 乙"),
    (GOOD.replace("{name: 乙,", "{name: 甲,"),
     "t.yaml:4: column 'key': duplicate segment key '测试链/甲' (first on line 3)"),
    (GOOD.replace("seq: 2", "seq: two"),
     "t.yaml:4: column 'seq': expected a whole number (rank along the chain, upstream first), "
     "got 'two'"),
    (GOOD.replace("{name: 甲,", "{name: 甲, colour: red,"),
     "t.yaml:3: column 'colour': unknown field in a segment; expected one of aliases, feeds, "
     "key, keywords, name, name_en, position, seq"),
    (GOOD.replace("{name: 甲,", "{key: 别的链/甲, name: 甲,"),
     "t.yaml:3: column 'key': segment keys start with the chain key, '测试链/'; got '别的链/甲'"),
    (GOOD.replace("feeds: [乙]", "feeds: [甲]"),
     "t.yaml:3: column 'feeds': segment '甲' cannot feed itself"),
    ("chain: [x]\n", "t.yaml:1: expected a mapping with `chain:` (key, name …) and `segments:`"),
    ("chain: {name: x\n", "t.yaml:2: not valid YAML"),
])
def test_bad_template_names_file_line_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_templates([write(tmp_path, text)])
    assert str(err.value).startswith(message)


def test_field_on_its_own_line(tmp_path: Path) -> None:
    text = "chain:\n  name: 测试链\nsegments:\n  - name: 甲\n    seq: 1\n    position: nowhere\n"
    with pytest.raises(InputError, match=r"^t\.yaml:6: column 'position'"):
        load_templates([write(tmp_path, text)])


def test_two_templates_for_one_chain(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(InputError, match="b.yaml:1: column 'key': chain '测试链' already has a "
                                         "template, in a.yaml"):
        load_templates([tmp_path])


def test_user_template_replaces_bundled(tmp_path: Path) -> None:
    mine = write(tmp_path, GOOD.replace("{key: 测试链, name: 测试链}", "{name: 氢能}"))
    chosen = [t for t in chain_templates([mine]) if "氢能" in t.names()]
    assert [t.file for t in chosen] == ["t.yaml"]


def test_feeds_cycle_names_file_line_and_segments(tmp_path: Path) -> None:
    text = ("chain: {name: 测试链}\nsegments:\n"
            "  - {name: 甲, position: upstream, seq: 1, feeds: [乙]}\n"
            "  - {name: 乙, position: midstream, seq: 2, feeds: [丙]}\n"
            "  - {name: 丙, position: downstream, seq: 3, feeds: [甲]}\n")
    with pytest.raises(InputError) as err:
        load_templates([write(tmp_path, text)])
    assert str(err.value).startswith(
        "t.yaml:3: column 'feeds': feeds form a cycle: 甲 -> 乙 -> 丙 -> 甲")


def test_missing_seq_is_derived_from_feeds(tmp_path: Path) -> None:
    # 甲 and 丁 feed nobody upstream of them; 乙 is fed by 甲 (seq 1) and 丁 (seq 4 given).
    text = ("chain: {name: 测试链}\nsegments:\n"
            "  - {name: 乙, position: downstream, feeds: [丙]}\n"
            "  - {name: 甲, position: upstream, feeds: [乙]}\n"
            "  - {name: 丁, position: upstream, seq: 4, feeds: [乙]}\n"
            "  - {name: 丙, position: downstream}\n"
            "  - {name: 戊, position: midstream}\n")
    (t,) = load_templates([write(tmp_path, text)])
    assert {s.name: s.seq for s in t.segments} == {"甲": 1, "丁": 4, "乙": 5, "丙": 6, "戊": 1}
