"""Curated tables -> facts: YAML files (one per source article, or any grouping) and CSV.

YAML layout: a mapping whose keys are section names, each a list of records::

    source:                      # the document these facts come from (or `sources:` list)
      key: zz-2024
      title: 株洲高新区……        # headline, outlet and date are provenance, not prose
      outlet: 红网
      date: 2024-08-09
    parks:
      - {key: zhuzhou-hitech, name: 株洲高新区, aliases: [株洲高新区(天元区)], park_type: 高新区}
    projects:
      - {key: nuotian, name: 诺天科技项目, park: zhuzhou-hitech, amount: 1.5亿元,
         signed: 今年2月4日, investors: [nuotian-tech]}

Every record gets the file's source(s) unless it lists its own ``sources``. CSV files are
named after their section (``parks.csv``, ``projects.csv`` …) with one column per field;
list fields are separated by ``;``.

Errors name the file, line and field and stop the load before anything is stored::

    parks.csv:14: column 'amount': expected a number with a unit like 1.5亿元, got 'about 2'
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from chainkg.errors import InputError
from chainkg.graph import model as m
from chainkg.loaders.units import parse_amount, parse_date

_LINE = "__line__"
_LINES = "__lines__"  # field name -> the line it is on, so errors point at the field itself


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that records the line of each mapping in the mapping itself."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        mapping[_LINES] = {k.value: k.start_mark.line + 1 for k, _ in node.value
                           if isinstance(k, yaml.ScalarNode)}
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # 2024-02-30 looks like a YAML date but is none: keep the text, so that the
            # date check reports it with its file, line and field.
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


def _line_of(ctx: dict[str, Any], field: str) -> int | None:
    """The line of ``field`` in the record being read (YAML), else the record's line."""
    return ctx.get("lines", {}).get(field, ctx.get("line"))  # type: ignore[no-any-return]


# Section -> (record class, fields it accepts beyond the class's own).
_ENTITY_SECTIONS = {
    "sources": m.SourceDocument, "regions": m.Region, "parks": m.Park,
    "chains": m.IndustryChain, "segments": m.ChainSegment, "enterprises": m.Enterprise,
    "posts": m.Post, "projects": m.Project, "indicators": m.Indicator,
}
_REL_SECTIONS = {
    "park_chains": (m.HasChain, "park", "chain"),
    "leads": (m.Leads, "leader", "chain"),
    "supplies": (m.Supplies, "supplier", "customer"),
    "located_in": (m.LocatedIn, "enterprise", "park"),
}
_LIST_FIELDS = {"aliases", "sources", "investors", "parks", "segments"}
_DATE_FIELDS = {"signed", "started", "in_production", "date"}
_POSITION_ZH = {v: k for k, v in m.POSITION_ZH.items()}
_STRATEGY_CODES = {v: k for k, v in m.STRATEGIES.items()}


class _Table:
    """Accumulates facts from files, remembering where each record came from."""

    def __init__(self) -> None:
        self.facts = m.Facts()
        self.origin: dict[tuple[Any, ...], tuple[str, int | None]] = {}
        self.kind_of_key: dict[str, str] = {}
        self.source_dates: dict[str, str | None] = {}

    # -- fields -------------------------------------------------------------------------
    def _field(self, section: str, name: str, value: Any, ctx: dict[str, Any]) -> Any:
        fail: Callable[[str], InputError] = lambda msg: InputError(  # noqa: E731
            msg, file=ctx["file"], line=_line_of(ctx, name), field=name)
        if value is None or value == "":
            return [] if name in _LIST_FIELDS else None
        if name in _LIST_FIELDS:
            if isinstance(value, str):
                return [v.strip() for v in value.replace("|", ";").split(";") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"expected a list of names, got {value!r}")
            return list(value)
        if name in _DATE_FIELDS:
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, int):
                value = str(value)
            try:
                return parse_date(value, reference=ctx.get("reference"))
            except ValueError as e:
                raise fail(str(e)) from None
        if name == "strategy":
            value = _STRATEGY_CODES.get(value, value)
            if value not in m.STRATEGIES:
                raise fail(f"expected one of {', '.join(m.STRATEGIES)}, got {value!r}")
            return value
        if name == "position":
            value = _POSITION_ZH.get(value, value)
            if value not in m.POSITIONS:
                raise fail("expected upstream/midstream/downstream (上游/中游/下游), "
                           f"got {value!r}")
            return value
        if name in ("seq",):
            try:
                return int(value)
            except (TypeError, ValueError):
                raise fail(f"expected a whole number, got {value!r}") from None
        if name in ("amount_cny",):
            try:
                return float(value)
            except (TypeError, ValueError):
                raise fail(f"expected a number of yuan, got {value!r}") from None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise fail(f"expected text, got {value!r}")
        return value if name == "value" else str(value)

    # -- records ------------------------------------------------------------------------
    def add_record(self, section: str, raw: dict[str, Any], ctx: dict[str, Any]) -> None:
        ctx = {**ctx, "lines": raw.get(_LINES) or {}}
        raw = {k: v for k, v in raw.items() if k not in (_LINE, _LINES)}
        if section in _ENTITY_SECTIONS:
            self._add_entity(section, raw, ctx)
        elif section in _REL_SECTIONS:
            self._add_rel(section, raw, ctx)
        else:
            raise InputError(
                f"unknown section {section!r}; expected one of "
                f"{', '.join([*_ENTITY_SECTIONS, *_REL_SECTIONS])}",
                file=ctx["file"], line=ctx["line"])

    def _values(self, section: str, raw: dict[str, Any], allowed: set[str],
                ctx: dict[str, Any]) -> dict[str, Any]:
        for name in raw:
            if name not in allowed:
                raise InputError(
                    f"unknown field in {section}; expected one of {', '.join(sorted(allowed))}",
                    file=ctx["file"], line=_line_of(ctx, str(name)), field=str(name))
        values = {k: self._field(section, k, v, ctx) for k, v in raw.items()}
        if not values.get("sources"):
            values["sources"] = list(ctx["sources"])
        return values

    def _add_entity(self, section: str, raw: dict[str, Any], ctx: dict[str, Any]) -> None:
        cls = _ENTITY_SECTIONS[section]
        names = {f.name for f in dataclasses.fields(cls) if f.name != "evidence"}
        extra = {"parks"} if cls is m.Enterprise else set()
        extra |= {"amount"} if cls is m.Project else set()
        values = self._values(section, raw, names | extra, ctx)
        for required in ("key", "name") + (("metric", "park") if cls is m.Indicator else ()):
            if not values.get(required):
                if required == "name" and cls is m.Indicator:
                    continue
                raise InputError(f"{section} record needs a {required!r}",
                                 file=ctx["file"], line=ctx["line"], field=required)
        if cls is m.Indicator and not values.get("name"):
            values["name"] = values["metric"]
        key = values["key"] = str(values["key"])
        if cls is m.SourceDocument:
            self.source_dates[key] = values.get("date")
        have = self.kind_of_key.setdefault(key, cls.kind)
        if have != cls.kind:
            raise InputError(f"key {key!r} is already used by a {have}",
                             file=ctx["file"], line=ctx["line"], field="key")
        parks = values.pop("parks", [])
        if cls is m.Project:
            self._amount(values, ctx)
        if cls is m.Indicator:
            self._indicator_value(values, ctx)
        record = cls(**values)
        self.facts.add(record)
        self.origin.setdefault(record.identity(), (ctx["file"], ctx["line"]))
        for park in parks:
            rel = m.LocatedIn(source=key, target=park, sources=values["sources"])
            self.facts.add(rel)
            self.origin.setdefault(rel.identity(), (ctx["file"], ctx["line"]))

    def _amount(self, values: dict[str, Any], ctx: dict[str, Any]) -> None:
        text = values.pop("amount", None)
        if text is None:
            return
        try:
            amount = parse_amount(str(text))
        except ValueError as e:
            raise InputError(str(e), file=ctx["file"], line=_line_of(ctx, "amount"),
                             field="amount") from None
        values.update(amount=amount.value, currency=amount.currency, amount_text=amount.text)
        if values.get("amount_cny") is None:  # a stated 折合 conversion wins
            values["amount_cny"] = amount.cny

    def _indicator_value(self, values: dict[str, Any], ctx: dict[str, Any]) -> None:
        value = values.get("value")
        if value is None or isinstance(value, (int, float)):
            values["value"] = None if value is None else float(value)
            return
        text = str(value).strip()
        values["value_text"] = values.get("value_text") or text
        unit: str | None
        if text.endswith("%"):
            number, unit = text[:-1], "%"
        else:
            try:
                amount = parse_amount(text)
            except ValueError:
                number, unit = text.rstrip("个家项户批次"), values.get("unit")
            else:
                values["value"], values["unit"] = amount.cny, "CNY"
                return
        try:
            values["value"], values["unit"] = float(number), values.get("unit") or unit
        except ValueError:
            raise InputError(f"expected a number, an amount like 435.5亿元 or a percentage, "
                             f"got {text!r}", file=ctx["file"], line=_line_of(ctx, "value"),
                             field="value") from None

    def _add_rel(self, section: str, raw: dict[str, Any], ctx: dict[str, Any]) -> None:
        cls, src, dst = _REL_SECTIONS[section]
        props = {f.name for f in dataclasses.fields(cls)
                 if f.name not in ("source", "target", "evidence")}
        values = self._values(section, raw, props | {src, dst}, ctx)
        for end in (src, dst):
            if not values.get(end):
                raise InputError(f"{section} record needs a {end!r}",
                                 file=ctx["file"], line=ctx["line"], field=end)
        record = cls(source=str(values.pop(src)), target=str(values.pop(dst)), **values)
        self.facts.add(record)
        self.origin.setdefault(record.identity(), (ctx["file"], ctx["line"]))

    # -- references ---------------------------------------------------------------------
    def check_references(self) -> None:
        """Every key a record points at must exist, with the right kind."""
        f = self.facts
        refs: list[tuple[m.Record, str, str | None, tuple[str, ...]]] = []
        for p in f.projects.values():
            refs += [(p, "park", p.park, ("Park",)), (p, "chain", p.chain, ("IndustryChain",)),
                     (p, "segment", p.segment, ("ChainSegment",))]
            refs += [(p, "investors", i, ("Enterprise",)) for i in p.investors]
        for s in f.segments.values():
            refs.append((s, "chain", s.chain, ("IndustryChain",)))
        for ent in f.enterprises.values():
            refs += [(ent, "segments", seg, ("ChainSegment",)) for seg in ent.segments]
        for post in f.posts.values():
            refs.append((post, "park", post.park, ("Park",)))
        for park in f.parks.values():
            refs.append((park, "region", park.region, ("Region",)))
        for reg in f.regions.values():
            refs.append((reg, "parent", reg.parent, ("Region",)))
        for ind in f.indicators.values():
            refs.append((ind, "park", ind.park, ("Park",)))
        for hc in f.park_chains.values():
            refs += [(hc, "park", hc.source, ("Park",)),
                     (hc, "chain", hc.target, ("IndustryChain",))]
        for ld in f.leads.values():
            refs += [(ld, "leader", ld.source, ("Enterprise", "Post")),
                     (ld, "chain", ld.target, ("IndustryChain",)),
                     (ld, "park", ld.park, ("Park",))]
        for sp in f.supplies.values():
            refs += [(sp, "supplier", sp.source, ("Enterprise",)),
                     (sp, "customer", sp.target, ("Enterprise",))]
        for li in f.located_in.values():
            refs += [(li, "park", li.target, ("Park",)),
                     (li, "enterprise", li.source, ("Enterprise",))]
        for record in f.records():
            for src in record.sources:
                refs.append((record, "sources", src, ("SourceDocument",)))
        for record, field, key, kinds in refs:
            if not key:
                continue
            kind = self.kind_of_key.get(key)
            if kind not in kinds:
                file, line = self.origin.get(record.identity(), (None, None))
                what = f"a {kind}" if kind else "not defined"
                raise InputError(f"{key!r} is {what}; expected the key of a {' or '.join(kinds)}",
                                 file=file, line=line, field=field)


def _yaml_records(path: Path) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise InputError(f"not valid YAML: {e.problem}", file=name,
                         line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as e:  # a control character; not a MarkedYAMLError
        where = path.read_text(encoding="utf-8")[: e.position].count("\n") + 1
        raise InputError(f"not valid YAML: character {e.character!r} is not allowed",
                         file=name, line=where) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=name) from None
    if data is None:
        return
    if not isinstance(data, dict):
        raise InputError("expected a mapping of sections (parks:, projects: …)", file=name, line=1)
    data.pop(_LINE, None)
    data.pop(_LINES, None)
    docs = data.pop("source", None)
    docs = [docs] if isinstance(docs, dict) else []
    listed = data.get("sources") or []
    ctx_sources = [str(d.get("key")) for d in docs]
    reference = next((d.get("date") for d in docs if d.get("date")), None)
    ctx = {"file": name, "sources": ctx_sources,
           "reference": str(reference) if reference is not None else None}
    for d in docs:
        yield "sources", d, {**ctx, "line": d.get(_LINE), "sources": []}
    if listed and not isinstance(listed, list):
        raise InputError("section 'sources' must be a list", file=name)
    for section, records in data.items():
        if not isinstance(records, list):
            raise InputError(f"section {section!r} must be a list of records", file=name,
                             line=records.get(_LINE) if isinstance(records, dict) else None)
        for raw in records:
            if not isinstance(raw, dict):
                raise InputError(f"each {section} record must be a mapping, got {raw!r}",
                                 file=name)
            line = raw.get(_LINE)
            yield section, raw, {**ctx, "line": line,
                                 "sources": [] if section == "sources" else ctx_sources}


def _csv_records(path: Path) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    section = path.stem
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if None in row:
                    raise InputError(f"row has {len(row[None]) + len(reader.fieldnames or [])} "
                                     f"cells but the header has {len(reader.fieldnames or [])}",
                                     file=path.name, line=reader.line_num)
                clean = {k.strip(): (v.strip() if isinstance(v, str) else v)
                         for k, v in row.items() if k is not None}
                clean = {k: v for k, v in clean.items() if v not in ("", None)}
                yield section, clean, {"file": path.name, "line": reader.line_num,
                                       "sources": [], "reference": None}
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=path.name) from None


def table_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .yaml/.yml/.csv files at ``paths`` (folders are searched, sorted by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix in (".yaml", ".yml", ".csv"))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return out


def load_tables(paths: Iterable[str | Path]) -> m.Facts:
    """Read curated YAML/CSV files into one :class:`~chainkg.graph.model.Facts`.

    All files are read and cross-checked before anything is returned, so a bad row never
    yields half a graph.

    >>> from chainkg.loaders import SEED_DIR
    >>> facts = load_tables([SEED_DIR])
    >>> "株洲高新区" in {p.name for p in facts.parks.values()}
    True
    """
    table = _Table()
    files = table_files(paths)
    # Source documents first, so relative dates and references resolve in any file order.
    records = []
    for path in files:
        reader = _csv_records if path.suffix == ".csv" else _yaml_records
        records += list(reader(path))
    records.sort(key=lambda r: r[0] != "sources")
    for section, raw, ctx in records:
        if ctx.get("reference") is None and ctx.get("sources"):
            ctx["reference"] = table.source_dates.get(ctx["sources"][0])
        if section != "sources" and "sources" in raw and raw["sources"]:
            listed = raw["sources"]
            first = listed[0] if isinstance(listed, list) else str(listed).split(";")[0]
            ctx["reference"] = table.source_dates.get(first, ctx.get("reference"))
        table.add_record(section, raw, ctx)
    table.check_references()
    return table.facts
