"""Chain templates (产业链全景图): the segments of an industry chain, as data.

A template is a YAML file: the chain, then its segments from upstream to downstream, each
with its position, its rank along the chain (``seq``; parallel segments share a rank), the
keywords that place an enterprise or a project on it (graph/placement.py), and the
segments it supplies (``feeds``)::

    chain: {key: 新能源汽车, name: 新能源汽车, name_en: New energy vehicles}
    segments:
      - {name: 电池材料, name_en: Battery materials, position: upstream, seq: 1,
         keywords: [正极, 负极, 电解液], feeds: [动力电池]}
      - {name: 动力电池, name_en: Power batteries, position: midstream, seq: 2,
         keywords: [动力电池, 电芯], feeds: [整车制造]}
      - {name: 整车制造, name_en: Vehicle assembly, position: downstream, seq: 3,
         keywords: [整车, 乘用车, 客车]}

A segment's key is ``<chain key>/<segment name>`` unless the file gives one (it must then
start with ``<chain key>/``); ``feeds`` names segments of the same template by name or key.
The FEEDS links must not loop (checked with networkx; the error names the cycle). ``seq``
may be left out: such a segment is ranked one after the highest-ranked segment feeding it,
or 1 when nothing feeds it (its longest-path layer in the FEEDS graph, computed in
topological order, so a derived rank is always below the segments it feeds when they are
derived too).
The bundled templates live in ``ontology/chains/``; :func:`load_templates` reads a user's.
Errors name the file, line and field, and nothing is returned until every file is valid::

    nev.yaml:7: column 'feeds': no segment '电池' in chain 新能源汽车; it has 电池材料, …

:func:`template_facts` turns templates into facts for the chains a graph already has:
a template applies to a chain whose key, name or alias equals the template's key, name or
one of its aliases; its segments are keyed under that chain's key, and a segment the graph
already has (same chain, same name) keeps its key and curated fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from chainkg.errors import InputError
from chainkg.graph import model as m

# Templates are read like curated tables: each mapping records its line and its keys' lines.
from chainkg.loaders.tables import _LINE, _LINES, _LineLoader


def _at(raw: dict[str, Any], name: str) -> int | None:
    """The line of field ``name`` in ``raw`` (of the mapping when unknown)."""
    return (raw.get(_LINES) or {}).get(name, raw.get(_LINE))

#: The bundled templates, one YAML file per chain.
TEMPLATE_DIR = Path(str(resources.files("chainkg.ontology").joinpath("chains")))

_CHAIN_FIELDS = {"key", "name", "name_en", "aliases"}
_SEGMENT_FIELDS = {"key", "name", "name_en", "aliases", "position", "seq", "keywords", "feeds"}
_POSITION_ZH = {v: k for k, v in m.POSITION_ZH.items()}


@dataclass
class SegmentTemplate:
    """One segment of a chain template."""

    key: str
    name: str
    position: str
    seq: int  # rank along the chain; derived from FEEDS when the file leaves it out
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)  # keys of segments of the same template
    line: int | None = None

    def cues(self) -> list[str]:
        """The words that place something on this segment: its name, aliases, keywords."""
        return list(dict.fromkeys([self.name, *self.aliases, *self.keywords]))


@dataclass
class ChainTemplate:
    """A chain and its segments, upstream first (a 产业链全景图)."""

    key: str
    name: str
    segments: list[SegmentTemplate]
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    file: str = ""

    @property
    def source_key(self) -> str:
        """The SourceDocument key the template's facts cite: ``template-<file stem>``."""
        return "template-" + Path(self.file).stem

    def names(self) -> set[str]:
        return {self.key, self.name, *self.aliases}


def _fail(msg: str, file: str, line: int | None, fld: str | None = None) -> InputError:
    return InputError(msg, file=file, line=line, field=fld)


def _strings(value: Any, file: str, line: int | None, fld: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(f"expected a list of words, got {value!r}", file, line, fld)
    return list(value)


def _text(raw: dict[str, Any], name: str, file: str, line: int | None,
          required: bool = False) -> str | None:
    value = raw.get(name)
    line = _at(raw, name) or line
    if value is None or value == "":
        if required:
            raise _fail(f"needs a {name!r}", file, line, name)
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise _fail(f"expected text, got {value!r}", file, line, name)
    return str(value)


def _check_fields(raw: dict[str, Any], allowed: set[str], what: str, file: str,
                  line: int | None) -> None:
    for name in raw:
        if name not in (_LINE, _LINES) and name not in allowed:
            raise _fail(f"unknown field in {what}; expected one of {', '.join(sorted(allowed))}",
                        file, _at(raw, name) or line, str(name))


def _read(path: Path) -> ChainTemplate:
    file = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise _fail(f"not valid YAML: {e.problem}", file,
                    mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise _fail("not UTF-8 text", file, None) from None
    if not isinstance(data, dict) or not isinstance(data.get("chain"), dict):
        raise _fail("expected a mapping with `chain:` (key, name …) and `segments:`", file, 1)
    for name in data:
        if name not in (_LINE, _LINES, "chain", "segments"):
            raise _fail("unknown section; expected chain and segments", file, None, str(name))
    raw_chain = data["chain"]
    cline = raw_chain.get(_LINE)
    _check_fields(raw_chain, _CHAIN_FIELDS, "chain", file, cline)
    name = _text(raw_chain, "name", file, cline, required=True) or ""
    key = _text(raw_chain, "key", file, cline) or name
    chain = ChainTemplate(key=key, name=name, name_en=_text(raw_chain, "name_en", file, cline),
                          aliases=_strings(raw_chain.get("aliases"), file,
                                           _at(raw_chain, "aliases"),
                                           "aliases"),
                          segments=[], file=file)
    raw_segments = data.get("segments")
    if not isinstance(raw_segments, list) or not raw_segments:
        raise _fail("`segments:` must be a non-empty list", file, cline, "segments")
    feeds_of: list[tuple[SegmentTemplate, list[str], int | None]] = []
    by_key: dict[str, SegmentTemplate] = {}
    for raw in raw_segments:
        if not isinstance(raw, dict):
            raise _fail(f"each segment must be a mapping, got {raw!r}", file, cline, "segments")
        line = raw.get(_LINE)
        _check_fields(raw, _SEGMENT_FIELDS, "a segment", file, line)
        sname = _text(raw, "name", file, line, required=True) or ""
        skey = _text(raw, "key", file, line) or f"{key}/{sname}"
        if not skey.startswith(key + "/"):
            raise _fail(f"segment keys start with the chain key, {key + '/'!r}; got {skey!r}",
                        file, _at(raw, "key"), "key")
        if skey in by_key:
            raise _fail(f"duplicate segment key {skey!r} (first on line {by_key[skey].line})",
                        file, _at(raw, "key") if "key" in raw else _at(raw, "name"), "key")
        position = raw.get("position")
        position = _POSITION_ZH.get(position, position)
        if position not in m.POSITIONS:
            raise _fail(f"expected upstream/midstream/downstream (上游/中游/下游), got "
                        f"{raw.get('position')!r}", file, _at(raw, "position"), "position")
        seq = raw.get("seq")
        if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 0):
            raise _fail(f"expected a whole number (rank along the chain, upstream first), "
                        f"got {seq!r}", file, _at(raw, "seq"), "seq")
        seg = SegmentTemplate(
            key=skey, name=sname, position=str(position), seq=-1 if seq is None else seq,
            name_en=_text(raw, "name_en", file, line),
            aliases=_strings(raw.get("aliases"), file, _at(raw, "aliases"), "aliases"),
            keywords=_strings(raw.get("keywords"), file, _at(raw, "keywords"), "keywords"),
            line=line)
        by_key[skey] = seg
        chain.segments.append(seg)
        feeds_of.append((seg, _strings(raw.get("feeds"), file, _at(raw, "feeds"), "feeds"),
                         _at(raw, "feeds")))
    by_name = {s.name: s for s in chain.segments}
    for seg, targets, fline in feeds_of:
        for target in targets:
            found = by_key.get(target) or by_name.get(target)
            if found is None:
                raise _fail(f"no segment {target!r} in chain {chain.name}; it has "
                            f"{', '.join(by_name)}", file, fline, "feeds")
            if found is seg:
                raise _fail(f"segment {seg.name!r} cannot feed itself", file, fline, "feeds")
            seg.feeds.append(found.key)
    _check_feeds(chain, {seg.key: fline for seg, _, fline in feeds_of})
    return chain


def _check_feeds(chain: ChainTemplate, feeds_line: dict[str, int | None]) -> None:
    """Fail on a FEEDS cycle; rank the segments that have no ``seq`` (seq == -1)."""
    import networkx as nx  # only when templates are read: keeps `chainkg --help` quick

    g = nx.DiGraph()
    g.add_nodes_from(s.key for s in chain.segments)
    g.add_edges_from((s.key, t) for s in chain.segments for t in s.feeds)
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        cycle = []
    if cycle:
        names = {s.key: s.name for s in chain.segments}
        loop = " -> ".join([names[a] for a, _ in cycle] + [names[cycle[0][0]]])
        raise _fail(f"feeds form a cycle: {loop}; FEEDS must run upstream -> downstream",
                    chain.file, feeds_line.get(cycle[0][0]), "feeds")
    by_key = {s.key: s for s in chain.segments}
    for k in nx.lexicographical_topological_sort(g):
        seg = by_key[k]
        if seg.seq < 0:
            seg.seq = max((by_key[p].seq for p in g.predecessors(k)), default=0) + 1


def template_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .yaml/.yml files at ``paths`` (folders are searched, sorted by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix in (".yaml", ".yml"))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return out


def load_templates(paths: Iterable[str | Path]) -> list[ChainTemplate]:
    """Read chain templates from YAML files or folders of them.

    Raises :class:`~chainkg.errors.InputError` naming file, line and field on a bad
    position or rank, a ``feeds`` naming an unknown segment, or a duplicate key.

    >>> chains = load_templates([TEMPLATE_DIR])
    >>> nev = next(t for t in chains if t.key == "新能源汽车")
    >>> [s.key for s in nev.segments][:2]
    ['新能源汽车/电池材料', '新能源汽车/汽车材料']
    """
    out: list[ChainTemplate] = []
    seen: dict[str, str] = {}
    for path in template_files(paths):
        t = _read(path)
        for name in t.names():
            if name in seen:
                raise _fail(f"chain {name!r} already has a template, in {seen[name]}",
                            t.file, 1, "key")
            seen[name] = t.file
        out.append(t)
    return out


def bundled_templates() -> list[ChainTemplate]:
    """The templates shipped in ``ontology/chains/``."""
    return load_templates([TEMPLATE_DIR])


def match_chains(templates: Iterable[ChainTemplate], facts: m.Facts) -> dict[str, ChainTemplate]:
    """Chain key in ``facts`` -> the template that applies to it.

    A template applies when one of the chain's key, name or aliases is the template's key,
    name or one of its aliases.

    >>> f = m.Facts(); _ = f.add(m.IndustryChain(key="c-ev", name="新能源汽车"))
    >>> {k: t.key for k, t in match_chains(bundled_templates(), f).items()}
    {'c-ev': '新能源汽车'}
    """
    by_name: dict[str, ChainTemplate] = {}
    for t in templates:
        for n in t.names():
            by_name.setdefault(n, t)
    out: dict[str, ChainTemplate] = {}
    for chain in facts.chains.values():
        for n in (chain.key, chain.name, *chain.aliases):
            if n in by_name:
                out[chain.key] = by_name[n]
                break
    return out


def segment_keys(template: ChainTemplate, chain_key: str, facts: m.Facts) -> dict[str, str]:
    """Template segment key -> the segment's key in ``facts``' chain ``chain_key``.

    A segment the facts already have under that chain (same name, or the name of one of
    the template segment's aliases) keeps its key; the others get ``<chain key>/<name>``.
    """
    have: dict[str, str] = {}
    for s in facts.segments.values():
        if s.chain == chain_key:
            for n in (s.name, *s.aliases):
                have.setdefault(n, s.key)
    out = {}
    for seg in template.segments:
        found = next((have[n] for n in (seg.name, *seg.aliases) if n in have), None)
        out[seg.key] = found or f"{chain_key}/{seg.name}"
    return out


def template_facts(templates: Iterable[ChainTemplate], facts: m.Facts | None = None,
                   all_chains: bool = False) -> m.Facts:
    """Facts stating the templates' segments and FEEDS links.

    With ``facts``, only templates of chains ``facts`` has are used, keyed under those
    chains' keys (so a graph does not grow chains nobody mentioned); ``all_chains`` adds
    the others too, as new chains. Each template is cited as a source document
    ``template-<file stem>``.

    >>> f = m.Facts(); _ = f.add(m.IndustryChain(key="新能源汽车", name="新能源汽车"))
    >>> t = template_facts(bundled_templates(), f)
    >>> sorted(t.segments)[:2], len(t.chains)
    (['新能源汽车/动力电池', '新能源汽车/售后服务'], 0)
    """
    templates = list(templates)
    facts = facts if facts is not None else m.Facts()
    out = m.Facts()
    targets: list[tuple[ChainTemplate, str]] = [
        (t, key) for key, t in match_chains(templates, facts).items()]
    if all_chains or not facts.chains:
        used = {id(t) for t, _ in targets}
        for t in templates:
            if id(t) not in used:
                targets.append((t, t.key))
                out.add(m.IndustryChain(key=t.key, name=t.name, name_en=t.name_en,
                                        aliases=list(t.aliases), sources=[t.source_key]))
    for t, chain_key in targets:
        src = [t.source_key]
        out.add(m.SourceDocument(key=t.source_key, name=f"产业链全景图模板:{t.name}",
                                 name_en=f"Chain template: {t.name_en or t.name}",
                                 outlet="chainkg", file=t.file))
        keys = segment_keys(t, chain_key, facts)
        for seg in t.segments:
            out.add(m.ChainSegment(key=keys[seg.key], name=seg.name, name_en=seg.name_en,
                                   aliases=list(seg.aliases),
                                   chain=chain_key, position=seg.position, seq=seg.seq,
                                   sources=list(src)))
            for target in seg.feeds:
                out.add(m.Feeds(source=keys[seg.key], target=keys[target], sources=list(src)))
    return out


def chain_templates(paths: Iterable[str | Path] = (), bundled: bool = True) -> list[ChainTemplate]:
    """The user's templates at ``paths`` plus, with ``bundled``, the shipped ones for the
    chains the user's do not cover (a user's template replaces the shipped one).

    >>> len(chain_templates()) >= 13, chain_templates(bundled=False)
    (True, [])
    """
    mine = load_templates(paths)
    names = {n for t in mine for n in t.names()}
    shipped = [t for t in bundled_templates() if not (t.names() & names)] if bundled else []
    return mine + shipped
