"""Amounts and dates as Chinese sources write them.

Examples
--------
>>> parse_amount("1.5亿元")
Amount(value=150000000.0, currency='CNY', cny=150000000.0, text='1.5亿元')
>>> parse_amount("2000万元").cny
20000000.0
>>> parse_amount("67亿美元").currency, parse_amount("67亿美元").value
('USD', 6700000000.0)
>>> parse_date("2023年6月")
'2023-06'
>>> parse_date("今年2月4日", reference="2024-08-09")
'2024-02-04'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000,
               "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000, "万亿": 10**12}
CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD",
              "港币": "HKD", "日元": "JPY"}
# Yuan per unit of currency, used only when a source states no 折合 (conversion) itself.
# Annual averages of the PBoC central parity rate; the graph keeps the original amount and
# currency beside the converted one, so a user can redo the conversion.
CNY_PER_UNIT = {"CNY": 1.0, "USD": 7.1, "EUR": 7.7, "HKD": 0.91, "JPY": 0.05}

_AMOUNT = re.compile(
    r"^(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万亿|十万|百万|千万|十|百|千|万|亿)?\s*"
    r"(?P<cur>人民币|元|美元|欧元|港元|港币|日元)$"
)


@dataclass(frozen=True)
class Amount:
    value: float  # in units of `currency`
    currency: str
    cny: float  # converted to yuan
    text: str


def parse_amount(text: str) -> Amount:
    """Parse ``1.5亿元``, ``2000万元``, ``67亿美元``; raise ValueError otherwise."""
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    m = _AMOUNT.match(raw)
    if not m:
        raise ValueError(f"expected a number with a unit like 1.5亿元, got {text!r}")
    try:
        number = Decimal(m["num"]) * MULTIPLIERS[m["mult"] or ""]
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a number: {text!r}") from None
    currency = CURRENCIES[m["cur"]]
    value = float(number)
    return Amount(value, currency, float(number * Decimal(str(CNY_PER_UNIT[currency]))),
                  str(text))


_FULL = re.compile(r"^(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})[-年/.](\d{1,2})月?$")
_YEAR = re.compile(r"^(\d{4})年?$")
_REL_FULL = re.compile(r"^(今年|去年|前年|明年)?(\d{1,2})月(\d{1,2})日$")
_REL_MONTH = re.compile(r"^(今年|去年|前年|明年)(\d{1,2})月$")
_OFFSET = {None: 0, "今年": 0, "去年": -1, "前年": -2, "明年": 1}


def parse_date(text: str | dt.date, reference: str | None = None) -> str:
    """Normalise a date to ISO ``YYYY-MM-DD`` (xsd:date), ``YYYY-MM`` (xsd:gYearMonth) or
    ``YYYY`` (xsd:gYear). Relative forms (今年2月4日, 去年9月) need ``reference``, the
    article's own date. Raise ValueError when the text is no date."""
    if isinstance(text, dt.date):
        return text.isoformat()
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if m := _FULL.match(raw):
        return _checked(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _MONTH.match(raw):
        return _checked(int(m[1]), int(m[2]), None, text)
    if m := _YEAR.match(raw):
        return m[1]
    rel = _REL_FULL.match(raw) or _REL_MONTH.match(raw)
    if rel:
        if not reference:
            raise ValueError(f"relative date {text!r} needs the article's date")
        year = int(reference[:4]) + _OFFSET[rel[1]]
        day = int(rel[3]) if rel.re is _REL_FULL else None
        return _checked(year, int(rel[2]), day, text)
    raise ValueError(f"expected a date like 2024-02-04, 2023年6月 or 今年2月4日, got {text!r}")


def _checked(year: int, month: int, day: int | None, text: object) -> str:
    try:
        if day is None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"no such date: {text!r}") from None
