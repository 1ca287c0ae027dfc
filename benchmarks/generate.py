"""Synthetic industry-chain graphs of any size, for benchmarks and robustness tests.

One size parameter, the number of enterprises, sets everything else: ``size // 2``
projects, about ``size // 500`` parks, ~40 chains with 3-6 segments each, a lead
enterprise per ~1,000 enterprises, 40% of enterprises placed in a chain segment, and
about five relationships per enterprise (at ``size=100_000``: ~530k links). Popularity
is skewed the way real data is: parks and chains are drawn Zipf-like (a few parks hold
most enterprises, a few chains most projects), and the lead enterprises (链主/龙头) are the
customers of most supply links.

The output is deterministic given ``seed``, and every key follows the project's
conventions (canonical Chinese names; posts ``<park>/<title>``, segments
``<chain>/<segment>``, indicators ``<park>/<metric>/<period>``). The two first parks are
株洲高新区 and 湘潭高新区 and the first chain is 新能源汽车, so the canned queries' default
parameters hit the densest part of the graph.

Examples
--------
>>> facts = synthetic_facts(200, seed=1)
>>> len(facts.enterprises), len(facts.projects)
(200, 100)
>>> synthetic_facts(200, seed=1).to_json() == facts.to_json()
True
>>> "株洲高新区" in facts.parks
True
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence

from chainkg.graph import model as m
from chainkg.loaders.units import parse_amount

CITIES = ("株洲", "湘潭", "长沙", "衡阳", "岳阳", "常德", "郴州", "益阳", "邵阳", "永州",
          "怀化", "娄底", "张家界", "湘西")
PARK_SUFFIXES = ("高新区", "经开区", "产业园", "工业园", "科技城", "综保区")
CHAINS = ("新能源汽车", "电子信息", "氢能", "轨道交通", "航空航天", "先进储能材料", "工程机械",
          "生物医药", "新材料", "集成电路", "智能制造装备", "绿色食品", "节能环保", "北斗",
          "人工智能", "软件和信息服务", "纺织服装", "现代石化", "有色金属", "医疗器械",
          "应急产业", "安全芯片", "光伏", "风电装备", "农机装备", "陶瓷", "烟花爆竹", "中药材",
          "数字创意", "新型显示", "工业母机", "智能网联汽车", "卫星互联网", "超高清视频",
          "锂电新能源", "特种钢材", "住宅工业", "移动互联网", "大数据", "区块链")
SEGMENT_WORDS = ("原材料", "关键零部件", "核心器件", "整机制造", "系统集成", "检测认证",
                 "应用服务", "回收利用")
NAME_HEADS = "华湘中创新天长宏金瑞博凯恒远科达鑫晟嘉盛泰德鸿安信众联通汇源诚"
NAME_TAILS = ("科技", "动力", "精密", "材料", "电子", "智能", "装备", "能源", "生物", "机械")
FORMS = ("有限公司", "股份有限公司", "集团有限公司")
METRICS = ("新签约项目", "签约项目总投资", "项目履约率")
OUTLETS = ("示例日报", "示例晚报", "示例网")
PRODUCTS = ("电芯", "车身钣金件", "线束", "芯片", "轴承", "电机", "控制器", "铸件", "模具", "软件")


class _Zipf:
    """Draw indexes ``0..n-1`` with probability proportional to ``1 / (rank + 1) ** s``."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])


def _unique_names(count: int, rng: random.Random, used: set[str]) -> list[str]:
    """``count`` distinct company-like short names (two heads, a tail, a number if needed)."""
    out: list[str] = []
    serial = 0
    while len(out) < count:
        name = rng.choice(NAME_HEADS) + rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        if name in used:
            serial += 1
            name = f"{name}{serial}"
        used.add(name)
        out.append(name)
    return out


def synthetic_facts(size: int, seed: int = 0) -> m.Facts:
    """A consistent synthetic :class:`~chainkg.graph.model.Facts` with ``size`` enterprises.

    Parameters
    ----------
    size:
        Number of enterprises (at least 10); projects are ``size // 2``.
    seed:
        Seed of the pseudo-random generator: the same ``(size, seed)`` gives the same facts.

    Examples
    --------
    >>> f = synthetic_facts(1000)
    >>> counts = f.counts()
    >>> counts["Enterprise"], counts["Project"] >= 500, counts["SUPPLIES"] > 1000
    (1000, True, True)
    """
    if size < 10:
        raise ValueError(f"size must be at least 10 enterprises, got {size}")
    rng = random.Random(seed)
    f = m.Facts()
    add = f.add

    # Provenance: one document per ~1,000 enterprises (each record cites one or two).
    docs = [f"synthetic-{i:04d}" for i in range(max(2, size // 1000))]
    for i, key in enumerate(docs):
        add(m.SourceDocument(key=key, name=f"示例报道第{i + 1}篇", outlet=OUTLETS[i % 3],
                             date=f"{2020 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    doc_zipf = _Zipf(len(docs), 0.8)

    def cite() -> list[str]:
        first = docs[doc_zipf.draw(rng)]
        if rng.random() < 0.1:
            second = docs[rng.randrange(len(docs))]
            return [first] if second == first else [first, second]
        return [first]

    # Regions: the province and its cities.
    add(m.Region(key="湖南省", name="湖南省", level="province", sources=[docs[0]]))
    for city in CITIES:
        add(m.Region(key=f"{city}市", name=f"{city}市", level="city", parent="湖南省",
                     sources=[docs[0]]))

    # Parks: 株洲高新区 and 湘潭高新区 first (the queries' defaults), then city x suffix x n.
    n_parks = max(3, size // 500)
    park_keys: list[str] = []
    for i in range(n_parks):
        city = CITIES[i % len(CITIES)]
        suffix = PARK_SUFFIXES[(i // len(CITIES)) % len(PARK_SUFFIXES)]
        round_ = i // (len(CITIES) * len(PARK_SUFFIXES))
        name = f"{city}{'第' + str(round_ + 1) if round_ else ''}{suffix}"
        aliases = [name.replace("高新区", "高新技术产业开发区").replace("经开区", "经济开发区")]
        aliases = [a for a in aliases if a != name]
        add(m.Park(key=name, name=name, aliases=aliases, park_type=suffix, region=f"{city}市",
                   sources=cite()))
        park_keys.append(name)
    park_zipf = _Zipf(n_parks, 1.0)

    # Chains and their segments (3-6 each, upstream -> downstream).
    n_chains = min(len(CHAINS), max(3, size // 250))
    chain_keys = list(CHAINS[:n_chains])
    segments: dict[str, list[str]] = {}
    for c in chain_keys:
        add(m.IndustryChain(key=c, name=c, aliases=[c + "产业链"], sources=cite()))
        words = SEGMENT_WORDS[: rng.randint(3, 6)]
        segments[c] = []
        for j, w in enumerate(words):
            pos = m.POSITIONS[min(2, j * 3 // len(words))]
            key = f"{c}/{w}"
            add(m.ChainSegment(key=key, name=w, chain=c, position=pos, seq=j + 1,
                               sources=cite()))
            segments[c].append(key)
    chain_zipf = _Zipf(n_chains, 1.1)
    strategies: Sequence[str | None] = (*m.STRATEGIES, None)

    # Each park has 3-8 chains (popular chains first), with a stance toward each.
    park_chains: dict[str, list[str]] = {}
    for p in park_keys:
        chosen: list[str] = []
        for _ in range(rng.randint(3, 8)):
            c = chain_keys[chain_zipf.draw(rng)]
            if c not in chosen:
                chosen.append(c)
        park_chains[p] = chosen
        for c in chosen:
            add(m.HasChain(source=p, target=c, strategy=rng.choice(strategies), sources=cite()))
        add(m.Post(key=f"{p}/总链长", name=f"{p}总链长", title="总链长", park=p,
                   holder="区主要领导", sources=cite()))
        for c in chosen[:2]:
            post = add(m.Post(key=f"{p}/{c}链长", name=f"{p}{c}链长", title="主链长", park=p,
                              holder="区领导", sources=cite()))
            add(m.Leads(source=post.key, target=c, park=p, role="主链长",  # type: ignore[attr-defined]
                        sources=cite()))
        for k, metric in enumerate(METRICS):
            value = [rng.randint(5, 80), round(rng.uniform(10, 500), 1), rng.randint(80, 100)][k]
            unit = ["个", "CNY", "%"][k]
            text = [f"{value}个", f"{value}亿元", f"{value}%"][k]
            add(m.Indicator(key=f"{p}/{metric}/2024", name=metric, park=p, metric=metric,
                            value=float(value) * (1e8 if k == 1 else 1), unit=unit,
                            period="2024", value_text=text, sources=cite()))

    # Enterprises, each in one park (20% in two), Zipf over parks.
    used: set[str] = set()
    ent_keys = _unique_names(size, rng, used)
    ent_park: dict[str, str] = {}
    for key in ent_keys:
        src = cite()
        add(m.Enterprise(key=key, name=key, legal_name=f"湖南{key}{rng.choice(FORMS)}",
                         sources=src))
        p = park_keys[park_zipf.draw(rng)]
        ent_park[key] = p
        add(m.LocatedIn(source=key, target=p, sources=src))
        if rng.random() < 0.2:
            q = park_keys[rng.randrange(n_parks)]
            if q != p:
                add(m.LocatedIn(source=key, target=q, sources=cite()))

    # Segment placements: 40% of enterprises work in one segment of a chain their park has
    # (what a 招商图谱 shows). A separate random stream, so that adding placements left the
    # rest of the graph as it was.
    place_rng = random.Random(seed + 1)
    for key in ent_keys:
        if place_rng.random() < 0.4:
            seg = place_rng.choice(segments[place_rng.choice(park_chains[ent_park[key]])])
            add(m.InSegment(source=key, target=seg, rule="curated", reason="synthetic",
                            confidence=1.0, sources=[docs[place_rng.randrange(len(docs))]]))

    # Lead enterprises: one per ~1,000 enterprises, each leading a chain in its park.
    leads = ent_keys[: max(2, size // 1000)]
    for e in leads:
        p = ent_park[e]
        c = rng.choice(park_chains[p])
        add(m.Leads(source=e, target=c, park=p, role=rng.choice(("链主", "龙头")), sources=cite()))
    lead_zipf = _Zipf(len(leads), 1.0)

    # Supply links, ~1.5 per enterprise: most go to a lead enterprise.
    for _ in range(size * 3 // 2):
        s = ent_keys[rng.randrange(size)]
        t = leads[lead_zipf.draw(rng)] if rng.random() < 0.7 else ent_keys[rng.randrange(size)]
        if s != t:
            add(m.Supplies(source=s, target=t, product=rng.choice(PRODUCTS), sources=cite()))

    # Projects: in a park (Zipf), on one of its chains, 1-2 investors from that park or any.
    by_park: dict[str, list[str]] = {}
    for e, p in ent_park.items():
        by_park.setdefault(p, []).append(e)
    for i in range(size // 2):
        p = park_keys[park_zipf.draw(rng)]
        c = rng.choice(park_chains[p])
        local = by_park.get(p) or ent_keys
        investors = list(dict.fromkeys(
            rng.choice(local) if rng.random() < 0.8 else ent_keys[rng.randrange(size)]
            for _ in range(rng.randint(1, 2))))
        if rng.random() < 0.9:
            unit = rng.choice(("亿元", "万元", "亿美元"))
            number = rng.randint(1, 200) / (10 if unit != "万元" else 0.01)
            amount = parse_amount(f"{number:g}{unit}")
            money = dict(amount=amount.value, currency=amount.currency,
                         amount_cny=amount.cny, amount_text=amount.text)
        else:
            money = {}
        year = rng.choice((2022, 2023, 2024, 2025))
        signed = f"{year}-{rng.randint(1, 12):02d}" + (
            f"-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else "")
        name = f"{investors[0]}{c}项目{i + 1}"
        add(m.Project(key=name, name=name, park=p, chain=c,
                      strategy=rng.choice(strategies),
                      segment=rng.choice(segments[c]) if rng.random() < 0.9 else None,
                      signed=signed,
                      started=f"{year + 1}-{rng.randint(1, 12):02d}" if rng.random() < 0.4
                      else None,
                      investors=investors, sources=cite(), **money))  # type: ignore[arg-type]
    return f


def main() -> None:  # pragma: no cover - a convenience for looking at the output
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    facts = synthetic_facts(args.size, args.seed)
    print(json.dumps(facts.counts(), ensure_ascii=False, indent=1))


if __name__ == "__main__":  # pragma: no cover
    main()
