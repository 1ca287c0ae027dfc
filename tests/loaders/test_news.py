"""The Chinese news extractor: one invented passage per rule, then the seed articles."""

from __future__ import annotations

import unicodedata

import pytest
import support

from chainkg.graph.model import Facts, SourceDocument
from chainkg.loaders.news import extract_facts

DOC = SourceDocument(key="test-doc", name="测试", outlet="示例日报", date="2024-08-09")


def run(text: str, doc: SourceDocument = DOC) -> Facts:
    return extract_facts(unicodedata.normalize("NFKC", text), doc)


def test_park_alias_folding() -> None:
    f = run("甲市高新技术产业开发区(乙区)今年引进项目12个。甲市高新区再获佳绩。")
    assert list(f.parks) == ["甲市高新区"]
    park = f.parks["甲市高新区"]
    assert "甲市高新技术产业开发区(乙区)" in park.aliases
    assert park.park_type == "高新区"


def test_economic_zone_long_form() -> None:
    f = run("丙州经济开发区与丁科技股份有限公司签约。")
    assert "丙州经开区" in f.parks


def test_legal_and_short_names_merge() -> None:
    f = run("去年9月,甲市高新区与湖北戊通科技股份有限公司成功签约。"
            "戊通科技等项目实现当年签约当年纳税。戊通科技表示将扩大投资。")
    assert "戊通科技" in f.enterprises
    assert f.enterprises["戊通科技"].legal_name == "湖北戊通科技股份有限公司"


def test_enumeration_items_are_firms_or_projects() -> None:
    f = run("甲市高新区近年引进了乙光电、丙新材、丁智能装备等一批优质企业。"
            "己电缆三期、庚医疗等一批重点项目加速建设。")
    for name in ("乙光电", "丙新材", "丁智能装备", "庚医疗"):
        assert name in f.enterprises, name
    assert "己电缆三期项目" in f.projects
    assert f.projects["己电缆三期项目"].investors == ["己电缆"]


def test_leads_trigger() -> None:
    f = run("在新能源汽车产业链条中,甲市高新区以乙汽车集团为龙头,形成整车产业布局。")
    leads = {(r.source, r.target, r.role, r.park) for r in f.leads.values()}
    assert ("乙汽车集团", "新能源汽车", "龙头", "甲市高新区") in leads


def test_supplies_trigger_and_project_dates() -> None:
    f = run("4月18日,丙方机械有限公司与甲市高新区签约,投资3亿元打造冲压生产基地,"
            "为乙汽车分公司提供配套服务。"
            "7月13日,丙方智能工厂项目举行开工仪式。")
    assert {(r.source, r.target) for r in f.supplies.values()} == {("丙方", "乙汽车分公司")}
    p = f.projects["丙方智能工厂项目"]
    assert (p.amount_cny, p.signed, p.started, p.park) == (3e8, "2024-04-18", "2024-07-13",
                                                            "甲市高新区")
    assert p.investors == ["丙方"]


@pytest.mark.parametrize(
    ("phrase", "value", "currency", "cny"),
    [
        ("总投资1.5亿元", 1.5e8, "CNY", 1.5e8),
        ("总投资2000万元", 2e7, "CNY", 2e7),
        ("总投资2亿美元", 2e8, "USD", 2e8 * 7.1),
        ("总投资2亿美元,折合人民币14.4亿元", 2e8, "USD", 14.4e8),
    ],
)
def test_project_amounts(phrase: str, value: float, currency: str, cny: float) -> None:
    f = run(f"位于甲市高新区的乙芯片封测项目,{phrase},于今年2月4日签约引进。")
    p = f.projects["乙芯片封测项目"]
    assert (p.amount, p.currency) == (value, currency)
    assert p.amount_cny == pytest.approx(cny)
    assert p.signed == "2024-02-04"


def test_relative_dates_follow_the_article_date() -> None:
    doc = SourceDocument(key="d2", name="t", date="2020-01-10")
    f = run("去年9月,甲市高新区丁储能项目签约。", doc)
    assert f.projects["丁储能项目"].signed == "2019-09"


def test_strategy_statements() -> None:
    f = run("甲市高新区分业施策。\n有链强链。乙车身项目的入驻,让新能源汽车产业如虎添翼。\n"
            "无链建链。丙氢能科技园项目签约,为甲市氢能产业链注入新引擎。")
    stances = {(r.target, r.strategy) for r in f.park_chains.values() if r.strategy}
    assert ("新能源汽车", "有链强链") in stances
    assert ("氢能", "无链建链") in stances
    assert f.projects["丙氢能科技园项目"].chain == "氢能"
    assert f.projects["丙氢能科技园项目"].strategy == "无链建链"


def test_paraphrased_stances_give_several_strategies() -> None:
    f = run("甲市经开区围绕电子信息产业链强链延链补链。")
    stances = {r.strategy for r in f.park_chains.values() if r.target == "电子信息"}
    assert {"有链强链", "短链延链", "补链"} <= stances


def test_chain_posts() -> None:
    f = run("甲市高新区设立链长工作机制,由区主要领导担任总链长、副总链长,"
            "指派相关区领导担任主链长、分链长。")
    posts = {k: p.holder for k, p in f.posts.items()}
    assert posts == {"甲市高新区/总链长": "区主要领导", "甲市高新区/副总链长": "区主要领导",
                     "甲市高新区/主链长": "相关区领导", "甲市高新区/分链长": "相关区领导"}


def test_indicators() -> None:
    f = run("2023年,甲市高新区累计引进项目85个,累计引资69.6亿元,项目履约率达100%。")
    got = {(i.value, i.unit, i.period, i.park) for i in f.indicators.values()}
    assert (85.0, "个", "2023", "甲市高新区") in got
    assert (69.6e8, "CNY", "2023", "甲市高新区") in got
    assert (100.0, "%", "2023", "甲市高新区") in got


def test_chain_segments() -> None:
    f = run("甲市经开区着力打造新能源新材料(电池材料、绿色建材)产业集群。")
    assert "新能源新材料" in f.chains
    assert {s.name for s in f.segments.values()} == {"电池材料", "绿色建材"}


def test_evidence_spans_point_into_the_text() -> None:
    text = unicodedata.normalize(
        "NFKC", "今年3月,甲市高新区与乙科技股份有限公司签约,乙科技新材料项目总投资5亿元。")
    f = extract_facts(text, DOC)
    records = [r for r in f.records() if r is not DOC]
    assert records
    for r in records:
        assert r.sources == [DOC.key]
        assert r.evidence, r
        for e in r.evidence:
            assert e.doc == DOC.key and 0 <= e.start < e.end <= len(text)
    assert "甲市高新区" in text[f.parks["甲市高新区"].evidence[0].start:
                               f.parks["甲市高新区"].evidence[0].end]
    ev = f.projects["乙科技新材料项目"].evidence[0]
    assert text[ev.start:ev.end] == "乙科技新材料项目"


@pytest.mark.parametrize("text", ["", "   \n", "Jia Hi-tech Zone signed 12 projects in 2024."])
def test_no_chinese_no_facts(text: str) -> None:
    f = extract_facts(text, DOC)
    assert [r for r in f.records()] == [DOC]


def test_deterministic() -> None:
    text = "甲市高新区引进乙光电、丙新材等一批企业,以丁集团为龙头打造集成电路产业链。"
    assert run(text).to_json() == run(text).to_json()


def test_group_names_and_inner_parentheses_are_firms() -> None:
    f = run("7月3日,丙州高新集团与跨国企业KLM集团合作签约。"
            "在甲市经开区园区企业戊坤(湖南)轴承有限公司,大家走进厂房。")
    assert {"丙州高新集团", "KLM集团"} <= set(f.enterprises)
    assert "跨国企业" not in f.enterprises
    assert any(e.legal_name == "戊坤(湖南)轴承有限公司" or k == "戊坤(湖南)轴承有限公司"
               for k, e in f.enterprises.items())


def test_project_names_with_dots_conjunctions_slashes_and_parentheses() -> None:
    f = run("乙市高新区大力推进重点项目,卡尔森·马丁压缩机研发制造总部项目开工,"
            "丙海科技投资3亿元建设的精密检测设备研发/生产及再制造项目稳步推进,"
            "为丁健康(科创)产业园项目提供供地。")
    assert {"卡尔森·马丁压缩机研发制造总部项目", "精密检测设备研发/生产及再制造项目",
            "丁健康(科创)产业园项目"} <= set(f.projects)
    assert f.projects["精密检测设备研发/生产及再制造项目"].investors == ["丙海科技"]
    assert f.projects["精密检测设备研发/生产及再制造项目"].amount_cny == 3e8


def test_programmes_and_bare_industries_are_not_named_projects() -> None:
    f = run("乙市高新区企业获四川省级科技计划项目立项18项,25个生物医药项目入驻,甲乙和项目对接。")
    assert not f.projects


def test_site_listed_before_a_project_shares_its_suffix_and_region_prefix_merges() -> None:
    f = run("甲市高新区签约落地庚镁合金产业园、风光储一体化项目,分别投资10亿元。"
            "湖南辛华交通装备产业园项目当年投产,辛华交通装备产业园项目带动明显。")
    assert {"庚镁合金产业园项目", "风光储一体化项目"} <= set(f.projects)
    assert "庚镁合金产业园" not in f.parks  # a signed project, not a park
    assert f.projects["辛华交通装备产业园项目"].aliases == ["湖南辛华交通装备产业园项目"]
    assert "湖南辛华交通装备产业园项目" not in f.projects


def test_generic_and_glued_park_names() -> None:
    f = run("甲市高新区打造电机、储能等7大产业园。丙州大学甲市高新区科研转化基地揭牌。"
            "甲市高新区与壬川集团、深圳科创园就代理招商达成一致。")
    assert list(f.parks) == ["甲市高新区"]
    assert not any("大学" in k for k in f.enterprises)


def test_enumerations_in_the_park_are_located_unless_cleared() -> None:
    f = run("甲市经开区强力推行腾笼换鸟,清理乙华电机、丙诚包装等企业闲置厂房,"
            "督促丁美森、戊普医疗等项目加快建设。今年新引进新锐动能产业园、己尧富锂等产业项目13个。")
    located = {r.source for r in f.located_in.values() if r.target == "甲市经开区"}
    assert {"丁美森", "戊普医疗", "己尧富锂"} <= located
    assert not located & {"乙华电机", "丙诚包装", "清理乙华电机"}
    assert "新锐动能产业园项目" in f.projects  # the single head character 新 stays
    assert "督促丁美森" not in f.enterprises


def test_visits_locate_firms_only_at_home() -> None:
    f = run("甲市高新区党工委书记率队到深圳招商,走访考察癸尚实业集团、子辉科技股份有限公司等企业。"
            "甲市高新区工作人员例行走访丑德威科技有限公司等企业。我市与寅星投资(集团)有限公司签订合作协议。")
    located = {r.source for r in f.located_in.values()}
    assert "丑德威科技有限公司" in located
    assert not located & {"癸尚实业集团", "子辉科技股份有限公司", "寅星投资(集团)有限公司"}


def test_enumeration_tail_with_a_verb_is_not_a_firm_list() -> None:
    f = run("甲市高新区促进人才、技术、成果等创新资源向科技型中小企业集聚。")
    assert not {"促进人才", "技术", "成果"} & set(f.enterprises)


def test_leading_industries_as_ranges_lists_and_coordinations() -> None:
    f = run("甲市高新区从新能源汽车到电子信息和智能机器人,从轨道交通到新能源新材料,"
            "产业格局基本成型。"
            "甲市高新区锁定集成电路、生物医药、节能环保等产业领域精准招商。"
            "甲市高新区着力壮大航空航天和工业机器人产业链。")
    assert {"新能源汽车", "电子信息", "智能机器人", "轨道交通", "新能源新材料", "集成电路",
            "生物医药", "节能环保", "航空航天", "工业机器人"} <= set(f.chains)
    assert {r.target for r in f.park_chains.values() if r.source == "甲市高新区"} == set(f.chains)


def test_chain_names_without_places_counts_or_project_lists() -> None:
    f = run("丙州经开区梳理了八条新兴优势产业链。乙丁项目的签约,为丙州氢能产业链注入动力。"
            "丙州经开区应急产业链加快建设,引进戊己、庚辛等产业项目9个。")
    assert set(f.chains) == {"氢能", "应急产业"}


def test_project_chain_is_the_nearest_in_its_clause_then_a_shared_word() -> None:
    f = run("甲市高新区发展电子信息产业链,乙丙氢能科技园项目签约,为氢能产业链增添动力。\n"
            "延链补链。丁戊焊接机器人项目落户甲市高新区。甲市电子信息和智能机器人产业链不断延展。")
    assert f.projects["乙丙氢能科技园项目"].chain == "氢能"
    assert f.projects["丁戊焊接机器人项目"].chain == "智能机器人"


def test_firm_heading_a_project_name_is_its_investor() -> None:
    f = run("从引进项目看,甲市高新区宏晟电子电感器生产项目、中锐重工智能运输设备项目等"
            "均为制造类项目。")
    assert f.projects["宏晟电子电感器生产项目"].investors == ["宏晟电子"]
    assert f.projects["中锐重工智能运输设备项目"].investors == ["中锐重工"]
    assert {"宏晟电子", "中锐重工"} <= set(f.enterprises)
    ev = f.enterprises["宏晟电子"].evidence[0]
    assert f.projects["宏晟电子电感器生产项目"].evidence[0].start == ev.start


def test_country_alone_is_never_a_firm_key() -> None:
    f = run("我市与中国乙丙有限责任公司签约。中国乙丙联合会、中国乙丙协会参会,中国代表团到访。"
            "中国制造、中国速度广受关注。")
    assert "中国" not in f.enterprises
    assert any(e.legal_name == "中国乙丙有限责任公司" for e in f.enterprises.values())


def test_indicator_forms() -> None:
    f = run("今年,甲市高新区签约15个项目,支持乙丙、丁戊等8个存量企业技改。"
            "甲市高新区新引进亿元以上项目12个,投资完成率65.3%,总投资88.5亿元,"
            "项目开工率90%,进场交易41项,同比增长20%。")
    got = {(i.value, i.unit) for i in f.indicators.values() if i.park == "甲市高新区"}
    assert {(15.0, "个"), (8.0, "个"), (12.0, "个"), (65.3, "%"), (88.5e8, "CNY"), (90.0, "%"),
            (41.0, "项")} <= got
    assert (20.0, "%") not in got  # growth rates are not park figures


def test_same_metric_of_two_sub_parks_keeps_both_figures() -> None:
    f = run("甲市经开区大健康产业园全年新引进乙丙、丁戊等产业项目22个;"
            "新材料产业园全年新引进己庚、辛壬等产业项目13个。")
    assert {i.value for i in f.indicators.values()} >= {22.0, 13.0}


def test_amount_of_a_named_project_is_no_park_figure() -> None:
    f = run("甲市高新区签约落地乙丙镁板加工产业园项目,将投资20亿元。")
    assert not [i for i in f.indicators.values() if i.unit == "CNY"]
    assert f.projects["乙丙镁板加工产业园项目"].park == "甲市高新区"


def test_names_broken_over_lines_are_joined_with_exact_evidence() -> None:
    text = unicodedata.normalize(
        "NFKC", "甲市高新区发展新能源汽车产业链,以乙汽车集团为龙头,丙丁驱动系\n\n"
                "统总成项目落户,总投资3亿元。\n\n小标题 不连\n\n甲市高新区再获佳绩。")
    f = extract_facts(text, DOC)
    assert "丙丁驱动系统总成项目" in f.projects
    assert "统总成项目" not in f.projects
    ev = f.projects["丙丁驱动系统总成项目"].evidence[0]
    assert text[ev.start:ev.end] == "丙丁驱动系\n\n统总成项目"
    for r in f.records():
        for e in r.evidence or []:
            span = text[e.start:e.end]
            assert span and span == span.strip(), (r, span)
    ev = f.parks["甲市高新区"].evidence[0]
    assert text[ev.start:ev.end] == "甲市高新区"


def test_headings_and_captions_are_not_joined() -> None:
    from chainkg.loaders.news import join_broken_lines

    text = "甲市高新区:引进项目12个\n本报讯 甲市高新区今年引进项目12个,总投资5亿元。\n乙图片说明"
    assert join_broken_lines(text) == (text, None)


# -- the seed articles against the hand-annotated gold set ------------------------------------
# Targets actually reached on the five seeds (see benchmarks/extraction.py for the figures);
# the assertions keep the extractor from regressing below them.
REACHED = {"parks": 0.99, "enterprises": 0.92, "projects": 0.97, "relations": 0.93}


def test_seed_articles_against_gold() -> None:
    from chainkg.loaders.news_eval import ENTITY_TYPES, RELATION_TYPES, evaluate, prf

    support.need(support.SEEDS_DIR.is_dir(), f"seed articles not found in {support.SEEDS_DIR}")
    counts, chars, _ = evaluate(support.SEEDS_DIR, support.DATA / "gold")
    assert chars > 10_000
    for kind in ("parks", "enterprises", "projects"):
        assert prf(*counts[kind])[2] >= REACHED[kind], (kind, counts[kind])
    rel = [sum(counts[r][i] for r in RELATION_TYPES) for i in range(3)]
    assert prf(*rel)[2] >= REACHED["relations"], rel
    assert set(ENTITY_TYPES) <= set(counts)
