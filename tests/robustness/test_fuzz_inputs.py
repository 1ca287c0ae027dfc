"""Property-based tests of everything that reads user input: curated tables, amounts and
dates, article text. Whatever comes in, the result is facts or an InputError that says
where the problem is; never another exception."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chainkg.errors import InputError
from chainkg.graph.model import Facts, SourceDocument
from chainkg.loaders.tables import load_tables
from chainkg.loaders.units import CNY_PER_UNIT, CURRENCIES, MULTIPLIERS, parse_amount, parse_date

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

SECTIONS = ["parks", "chains", "segments", "enterprises", "posts", "projects", "indicators",
            "regions", "park_chains", "leads", "supplies", "located_in", "sources", "bogus"]
FIELDS = ["key", "name", "aliases", "park", "chain", "amount", "signed", "started", "date",
          "strategy", "position", "seq", "value", "metric", "investors", "parks", "leader",
          "supplier", "customer", "enterprise", "region", "parent", "title", "unit", "x"]
KEYS = ["k1", "k2", "p", "c", "株洲高新区", "新能源汽车"]

# Values of the kinds people type: names, amounts, dates (good and bad), numbers, lists,
# nested mappings, nulls, booleans.
amount_texts = st.builds(
    lambda n, m, c: f"{n}{m}{c}",
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(["", "万", "亿", "千万"]), st.sampled_from(["元", "美元", "欧元", "块"]))
date_texts = st.one_of(
    st.dates().map(str),
    st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1900, 2100),
              st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["今年2月4日", "去年9月", "2024-02-30", "soon", "2023年6月"]))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(KEYS), st.text(max_size=12), amount_texts, date_texts,
    st.dates(), st.sampled_from(["有链强链", "补链", "strengthen", "上游", "upstream"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3),
                   st.dictionaries(st.sampled_from(FIELDS), scalars, max_size=2))
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
documents = st.dictionaries(
    st.sampled_from(SECTIONS),
    st.one_of(st.lists(records, max_size=4), records, scalars),
    max_size=5)


def _load_text(text: str | bytes, suffix: str = ".yaml") -> Facts:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"data{suffix}"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return load_tables([path])


def _check_error(e: InputError, text: str | bytes, suffix: str = ".yaml") -> None:
    """An InputError names the file, and a line that exists in it when it names one."""
    assert e.file == f"data{suffix}", str(e)
    assert str(e).startswith(f"data{suffix}")
    decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    # YAML (and the csv module) also break lines at a lone \r, as editors do, and YAML at
    # NEL and the Unicode line and paragraph separators
    breaks = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", decoded))
    if e.line is not None:
        assert 1 <= e.line <= breaks + 1, str(e)


def _yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(documents)
def test_random_yaml_tables_load_or_raise_input_error(doc: dict[str, Any]) -> None:
    text = _yaml(doc)
    try:
        facts = _load_text(text)
    except InputError as e:
        _check_error(e, text)
    else:
        assert isinstance(facts, Facts)


@SETTINGS
@given(st.lists(records, min_size=1, max_size=5), st.sampled_from(SECTIONS[:12]))
def test_record_errors_name_the_line_of_the_record(rows: list[dict[str, Any]],
                                                   section: str) -> None:
    # One record per line (flow style), so a record's line is its index + 2.
    text = f"{section}:\n" + "".join(
        "  - " + yaml.safe_dump(r, allow_unicode=True, default_flow_style=True,
                                width=10**6).strip() + "\n" for r in rows)
    try:
        _load_text(text)
    except InputError as e:
        _check_error(e, text)


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
@example("\r\x1f")  # a control character after a lone \r: YAML reports line 2
def test_random_text_and_bytes_as_yaml(blob: str | bytes) -> None:
    try:
        _load_text(blob)
    except InputError as e:
        _check_error(e, blob)


@SETTINGS
@given(st.lists(st.lists(st.one_of(st.text(max_size=8), amount_texts, date_texts),
                         min_size=1, max_size=5), min_size=1, max_size=5),
       st.sampled_from(["parks", "projects", "supplies", "indicators", "nonsense"]))
def test_random_csv_tables(rows: list[list[str]], section: str) -> None:
    import csv
    import io

    header = ["key", "name", "park", "amount", "signed"][: max(len(r) for r in rows)]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{section}.csv"
            path.write_text(text, encoding="utf-8")
            load_tables([path])
    except InputError as e:
        assert e.file == f"{section}.csv", str(e)


# -- units -------------------------------------------------------------------------------
@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
       st.sampled_from(sorted(MULTIPLIERS)), st.sampled_from(sorted(CURRENCIES)))
def test_parse_amount_round_trip(number: Decimal, mult: str, unit: str) -> None:
    text = f"{number}{mult}{unit}"
    amount = parse_amount(text)
    expected = number * MULTIPLIERS[mult]
    assert amount.value == float(expected)
    assert amount.currency == CURRENCIES[unit]
    assert amount.cny == float(expected * Decimal(str(CNY_PER_UNIT[amount.currency])))
    assert amount.text == text
    # the normalised form (full-width digits, thousands separators) parses the same
    wide = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_amount(wide).value == amount.value


@SETTINGS
@given(st.text(max_size=30))
def test_parse_amount_rejects_with_value_error_only(text: str) -> None:
    try:
        amount = parse_amount(text)
    except ValueError as e:
        assert "expected a number" in str(e) or "not a number" in str(e)
    else:
        assert amount.value >= 0


@SETTINGS
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_parse_date_round_trip(day: dt.date) -> None:
    iso = day.isoformat()
    assert parse_date(iso) == iso
    assert parse_date(day) == iso
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == iso
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == iso
    assert parse_date(f"{day.year}年{day.month}月") == iso[:7]
    assert parse_date(iso[:7]) == iso[:7]
    ref = f"{day.year}-12-31"
    assert parse_date(f"今年{day.month}月{day.day}日", reference=ref) == iso


@SETTINGS
@given(st.text(max_size=20), st.one_of(st.none(), st.dates().map(str)))
def test_parse_date_rejects_with_value_error_only(text: str, reference: str | None) -> None:
    try:
        out = parse_date(text, reference=reference)
    except ValueError:
        return
    assert len(out) in (4, 7, 10)
    dt.date.fromisoformat(out + "-01-01"[len(out) - 4:] if len(out) < 10 else out)


# -- article text --------------------------------------------------------------------------
NEWS_BITS = ["园区", "高新区", "经开区", "产业链", "为龙头", "提供配套", "签约", "投资",
             "亿元", "万美元", "今年2月4日", "去年", "链长", "有限公司", "、", "等一批", "项目",
             "。", "(", ")", "\n", "《", "》", "有链强链", "补链", "%", "个"]
news_text = st.lists(st.one_of(st.sampled_from(NEWS_BITS), st.text(max_size=6),
                               st.integers(0, 10**5).map(str)), max_size=40).map("".join)


@SETTINGS
@given(news_text, st.one_of(st.none(), st.dates().map(str)))
def test_text_loader_returns_facts_or_input_error(text: str, date: str | None) -> None:
    from chainkg.loaders import news

    doc = SourceDocument(key="fuzz", name="随机文本", date=date)
    try:
        facts = news.extract_facts(text, doc)
    except InputError:
        return
    assert isinstance(facts, Facts)
    assert "fuzz" in facts.sources
    for record in facts.records():
        for ev in record.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
