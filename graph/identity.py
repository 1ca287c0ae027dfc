"""Identity: stable keys, IRIs, name normalisation and alias resolution.

Examples
--------
>>> entity_iri("Park", "株洲高新区")
'https://w3id.org/chainkg/id/park/株洲高新区'
>>> entity_iri("Enterprise", "a b/c")
'https://w3id.org/chainkg/id/enterprise/a%20b%2Fc'
>>> normalize_name(" 株洲高新区（天元区） ")
'株洲高新区(天元区)'
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from chainkg.ontology.mapping import BASE

# ASCII characters that may stand unescaped in an IRI path segment; every other ASCII
# character is percent-encoded, non-ASCII letters are kept (IRIs allow them, RFC 3987), so
# IRIs of Chinese names stay readable.
_SAFE = "-._~"


# The escape of each ASCII character, applied with str.translate: a build makes millions
# of IRIs, and quoting character by character was half the time of generating RDF.
_ESCAPES = {i: quote(chr(i), safe=_SAFE) for i in range(128)}


# Non-ASCII code points an IRI may not hold (RFC 3987 ucschar excludes them): C1
# controls, surrogates, private use, noncharacters, tags. Chinese text from PDFs and old
# encodings does carry private-use characters; kept raw they made the IRI invalid and the
# whole RDF load fail.
_NOT_UCSCHAR = re.compile(
    "[\x80-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff"
    + "".join(f"\\U{p:04x}fffe-\\U{p:04x}ffff" for p in range(1, 14))
    + "\\U000e0000-\\U000e0fff\\U000efffe-\\U0010ffff]")


def _percent(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", "surrogatepass")
    return "".join(f"%{b:02X}" for b in raw)


def iri_segment(key: str) -> str:
    """``key`` with every ASCII character but letters, digits and ``-._~`` percent-encoded,
    and every non-ASCII code point an IRI may not hold (private use, C1 controls,
    noncharacters) percent-encoded as UTF-8; Chinese and other letters stay as they are.

    >>> iri_segment("新能源汽车/动力 电池")
    '新能源汽车%2F动力%20电池'
    >>> iri_segment("东\ue000园\x85")
    '东%EE%80%80园%C2%85'
    """
    text = key.translate(_ESCAPES)
    if not text.isascii() and _NOT_UCSCHAR.search(text):
        text = _NOT_UCSCHAR.sub(_percent, text)
    return text


def entity_iri(label: str, key: str) -> str:
    """The IRI of the entity with PG ``label`` and ``key``."""
    return f"{BASE}id/{label.lower()}/{iri_segment(key)}"


def graph_iri(source_key: str) -> str:
    """The named graph holding what source document ``source_key`` states."""
    return f"{BASE}graph/{iri_segment(source_key)}"


def statement_iri(rel_type: str, rid: str) -> str:
    """The IRI of a qualified relationship with identifier ``rid`` (see graph.rows.rid)."""
    return f"{BASE}id/{rel_type.lower().replace('_', '-')}/{rid}"


def normalize_name(name: str) -> str:
    """NFKC (full-width -> half-width punctuation), trimmed, inner spaces removed between
    CJK characters."""
    text = unicodedata.normalize("NFKC", name).strip()
    out = []
    for i, ch in enumerate(text):
        if ch.isspace():
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if _is_cjk(prev) or _is_cjk(nxt):
                continue
        out.append(ch)
    return "".join(out)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u3400" <= ch <= "\u9fff"


# Equivalent park-type suffixes: the long form -> the short form used as canonical.
PARK_SUFFIXES = {
    "经济技术开发区": "经开区",
    "经济开发区": "经开区",
    "高新技术产业开发区": "高新区",
    "高新技术开发区": "高新区",
}


def canonical_park_name(name: str) -> str:
    """Fold a park's long form onto its short form and drop a trailing (district).

    >>> canonical_park_name("郴州经济开发区")
    '郴州经开区'
    >>> canonical_park_name("株洲高新区(天元区)")
    '株洲高新区'
    """
    text = normalize_name(name)
    if text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")]
    for long, short in PARK_SUFFIXES.items():
        if text.endswith(long):
            return text[: -len(long)] + short
    return text


# -- matching names across sources (used when ingesting articles) ----------------------------
# Legal-form suffixes, longest first: 湖北凯乐科技股份有限公司 and 凯乐科技 name one firm.
LEGAL_SUFFIXES = (
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司",
    "控股有限公司", "有限公司", "股份公司", "分公司", "公司",
)
# Region prefixes a firm's legal name starts with (provinces, then the cities these
# articles name most); a match needs more than the region left over.
REGION_PREFIXES = (
    "中国", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
    "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西",
    "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州", "东莞", "苏州", "无锡",
    "南京", "杭州", "宁波", "武汉", "长沙", "株洲", "湘潭", "衡阳", "郴州", "岳阳",
    "常德", "益阳", "娄底", "邵阳", "永州", "怀化", "张家界", "成都", "西安", "厦门",
    "青岛", "济南", "合肥", "南昌", "佛山", "中山", "珠海", "景德镇",
)
_REGION_SUFFIX = ("省", "市", "自治区", "县", "区")
CHAIN_SUFFIXES = ("产业链", "产业集群", "产业")


def strip_region(name: str, times: int = 2, keep: int = 2) -> str:
    """Drop up to ``times`` leading region names (湖北, 湖南省, 株洲市), leaving at least
    ``keep`` characters.

    >>> strip_region("湖南株洲欧格瑞"), strip_region("湖南"), strip_region("湖南郴州经开区", 1)
    ('欧格瑞', '湖南', '郴州经开区')
    """
    for _ in range(times):
        for prefix in sorted(REGION_PREFIXES, key=len, reverse=True):
            if name.startswith(prefix):
                rest = name[len(prefix):]
                for sfx in _REGION_SUFFIX:
                    if rest.startswith(sfx) and len(rest) > len(sfx) + 1:
                        rest = rest[len(sfx):]
                        break
                if len(rest) < keep:
                    return name
                name = rest
                break
        else:
            return name
    return name


def enterprise_core(name: str) -> str:
    """A firm's distinctive core: no brackets, legal suffix, region prefix or 集团.

    >>> enterprise_core("湖北凯乐科技股份有限公司"), enterprise_core("凯乐科技")
    ('凯乐科技', '凯乐科技')
    >>> enterprise_core("北汽集团株洲分公司")
    '北汽'
    """
    text = normalize_name(name)
    text = re.sub(r"\([^)]*\)", "", text)
    for sfx in LEGAL_SUFFIXES:
        if text.endswith(sfx) and len(text) > len(sfx) + 1:
            text = text[: -len(sfx)]
            break
    text = strip_region(text)
    # a branch named after its city (北汽集团株洲) keeps the parent's core
    for prefix in REGION_PREFIXES:
        if text.endswith(prefix) and len(text) > len(prefix) + 1:
            text = text[: -len(prefix)]
            break
    for sfx in ("集团", "控股", "股份"):
        if text.endswith(sfx) and len(text) > len(sfx) + 1:
            text = text[: -len(sfx)]
    return text


def match_forms(kind: str, name: str) -> set[str]:
    """The forms under which an entity of ``kind`` named ``name`` matches another source.

    Two names of one kind denote the same entity when their forms meet: parks by their
    canonical short name (郴州经济开发区 = 郴州经开区, 株洲高新区(天元区) = 株洲高新区, with
    or without a province prefix), firms by their core (see :func:`enterprise_core`),
    chains without 产业链/产业集群, anything else by its normalised name.

    >>> match_forms("Park", "湖南郴州经济开发区") == match_forms("Park", "郴州经开区")
    False
    >>> "郴州经开区" in match_forms("Park", "湖南郴州经济开发区")
    True
    >>> match_forms("IndustryChain", "新能源汽车产业链")
    {'新能源汽车'}
    """
    base = normalize_name(name)
    if not base:
        return set()
    if kind == "Park":
        canon = canonical_park_name(base)
        return {canon, strip_region(canon, times=1, keep=4)}
    if kind == "Enterprise":
        core = enterprise_core(base)
        return {base, core} if len(core) >= 2 else {base}
    if kind == "IndustryChain":
        for sfx in CHAIN_SUFFIXES:
            if base.endswith(sfx) and len(base) > len(sfx) + 1:
                return {base[: -len(sfx)]}
        return {base}
    return {base}
