"""Article files -> clean plain text and a :class:`SourceDocument`.

Reads ``.txt``, ``.html``/``.htm`` and ``.md`` files as saved from news sites and e-paper
pages, and gives the extractor (:func:`chainkg.loaders.news.extract_facts`) the article's
text only:

- **Encoding.** UTF-8 (with or without a BOM), UTF-16 with a BOM, GBK/GB2312/GB18030
  (decoded as GB18030, their superset); an HTML page's ``<meta charset>`` is honoured.
  Decoding is strict: a file with invalid bytes or cut inside a multi-byte character is
  refused with an :class:`~chainkg.errors.InputError` naming the file and the byte offset,
  because replacement characters inside a company's name would put a wrong name into the
  graph without anybody noticing.
- **Page chrome.** Navigation lists, 上一版/下一版/上一篇/下一篇, 版面导航, 标题导航,
  放大 缩小 默认, breadcrumbs (当前位置), copyright and ICP footers, bylines
  (来源/作者/编辑/记者/通讯员), 相关链接/频道精选 menus, photo credits and, in HTML,
  ``<nav>``/``<header>``/``<footer>``/``<aside>``, menus and image captions are dropped.
  What they say about the document (来源 -> outlet, the dated line -> date) is kept as
  metadata.
- **Normalisation.** NFKC (full-width punctuation and letters -> half-width), each line
  trimmed, blank lines dropped: paragraphs are separated by one ``\\n``. Evidence offsets
  of extracted facts index this cleaned text, which the workspace stores beside the graph.
- **Size.** Files are read in chunks through incremental decoders, never whole; files over
  :data:`MAX_BYTES` (8 MiB, some hundred times a long article) are refused before reading.

Examples
--------
>>> clean = clean_lines(["当前位置:首页 > 园区", "株洲高新区招商纪实", "2024年08月09日 星期五",
...                      "株洲高新区引进项目12个。", "来源:红网", "© 版权所有 红网"])
>>> clean.lines, clean.outlet, clean.date
(['株洲高新区招商纪实', '株洲高新区引进项目12个。'], '红网', '2024-08-09')
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from chainkg.errors import InputError
from chainkg.graph.model import SourceDocument

#: Largest article file read, in bytes. News articles are 5-50 KB; a bigger file is almost
#: certainly a whole site dump or the wrong file, and extraction time grows with its size.
MAX_BYTES = 8 * 1024 * 1024
#: File suffixes read as articles (a folder is searched recursively for these).
SUFFIXES = (".txt", ".html", ".htm", ".md")
_CHUNK = 256 * 1024
# At least this many Chinese characters must remain once the chrome is gone.
_MIN_CJK = 10


@dataclass
class Article:
    """A cleaned article: its :class:`SourceDocument` and the text facts are read from."""

    doc: SourceDocument
    text: str
    encoding: str
    path: Path
    dropped_lines: int = 0
    #: month-day of a dateline whose year the page does not state (``08-09`` for 8月9日讯)
    dateline: str | None = None


# -- finding files ----------------------------------------------------------------------------
def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The article files among ``paths``: files as given, folders searched recursively for
    :data:`SUFFIXES`, in a stable (sorted) order without duplicates.

    >>> find_documents([])
    []
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() in SUFFIXES)
            out += found
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return list(dict.fromkeys(out))


# -- decoding ---------------------------------------------------------------------------------
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_CHARSETS = {"utf-8": "utf-8", "utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030",
             "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_CHUNK)
            if not block:
                return
            yield block


def _try_codec(path: Path, codec: str) -> tuple[int, int, str] | None:
    """Decode the whole file strictly, chunk by chunk, keeping nothing.

    Returns None when it decodes, else ``(byte offset of the error, non-ASCII characters
    decoded before it, reason)``.
    """
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = good = 0
    for block in _chunks(path):
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError as e:
            valid = block[:e.start].decode(codec, "ignore")
            return offset + e.start, good + sum(1 for ch in valid if ord(ch) > 127), e.reason
        good += sum(1 for ch in text if ord(ch) > 127)
        offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset, good, "truncated"
    return None


def detect_encoding(path: str | Path) -> str:
    """The codec to read ``path`` with: a BOM, an HTML ``<meta charset>``, else the first of
    UTF-8 and GB18030 that decodes the whole file. Raises InputError naming the file for
    an empty, binary, truncated or undecodable file.
    """
    path = Path(path)
    name = str(path)
    with open(path, "rb") as fh:
        head = fh.read(_CHUNK)
    if not head.strip():
        raise InputError("empty file: no article text", file=name)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    _refuse_binary(head, name, 0)
    if path.suffix.lower() in (".html", ".htm"):
        m = _META_CHARSET.search(head[:4096])
        if m and m.group(1).decode("ascii").lower() in _CHARSETS:
            return _CHARSETS[m.group(1).decode("ascii").lower()]
    utf8 = _try_codec(path, "utf-8")
    if utf8 is None:
        return "utf-8"
    at, good, reason = utf8
    if reason == "truncated" and good:
        raise InputError(f"truncated UTF-8 text: the file ends inside a character "
                         f"(byte {at})", file=name)
    if good >= 100:  # long valid UTF-8 Chinese before the bad byte: a damaged UTF-8 file
        raise InputError(f"invalid UTF-8 at byte {at} ({reason})", file=name)
    gb = _try_codec(path, "gb18030")
    if gb is None:
        return "gb18030"
    at, _, reason = gb
    if reason == "truncated":
        raise InputError(f"truncated GBK/GB18030 text: the file ends inside a character "
                         f"(byte {at})", file=name)
    raise InputError(f"neither UTF-8 nor GBK/GB18030 text: invalid bytes at byte {at}; "
                     "save the article as UTF-8", file=name)


def _refuse_binary(block: bytes, name: str, offset: int) -> None:
    nul = block.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at {offset + nul}), not an article text",
                         file=name)


def _decoded(path: Path, codec: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    try:
        for block in _chunks(path):
            if not codec.startswith("utf-16"):
                _refuse_binary(block, str(path), offset)
            yield decoder.decode(block)
            offset += len(block)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as e:
        raise InputError(f"invalid {codec} text at byte {offset + e.start} ({e.reason})",
                         file=str(path)) from None


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split decoded chunks into lines without holding more than one chunk."""
    carry = ""
    for chunk in chunks:
        parts = (carry + chunk).splitlines()
        if not parts:
            carry = ""
            continue
        # the last part may continue in the next chunk, unless the chunk ended a line
        carry = "" if (carry + chunk)[-1:] in "\n\r" else parts.pop()
        yield from parts
    if carry:
        yield carry


# -- HTML -------------------------------------------------------------------------------------
_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "select", "button", "iframe", "figcaption", "svg", "template", "head"}
_SKIP_CLASS = re.compile(
    r"nav|menu|footer|foot\b|breadcrumb|crumb|copyright|share|sidebar|side-bar|related|"
    r"comment|advert|\bad\b|toolbar|pager|pagination|caption|pic-?txt|img-?txt|imgtitle|"
    r"tupian|position|location|topbar|header|banner", re.I)
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
          "section", "article", "table", "ul", "ol", "dd", "dt", "dl", "blockquote", "pre",
          "hr", "center"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col",
         "embed", "param", "track"}
_META_DATE = {"publishdate", "pubdate", "publish_date", "article:published_time", "date",
              "dc.date", "dcterms.issued", "weibo: article:create_at", "og:release_date"}
_META_OUTLET = {"source", "contentsource", "og:site_name", "sitename", "site_name",
                "application-name"}


class _HtmlText(HTMLParser):
    """HTML -> lines of visible article text, skipping chrome elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buf: list[str] = []
        self._skip: list[str] = []  # tags opened while skipping (to find where it ends)
        self.title = ""
        self.h1 = ""
        self._in: str | None = None  # "title" or "h1" while inside one
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        if self._buf:
            self.lines.append("".join(self._buf))
            self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"].strip())
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
            return
        if tag == "body" and self._skip[:1] == ["head"]:
            self._skip.clear()  # a page that never closed its <head>
        if tag == "title" and not self._skip_active_outside_head():
            self._in = "title"
            return
        if self._skip:
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _VOID and tag != "br":
            return
        cls = " ".join((a.get("class", ""), a.get("id", ""), a.get("role", "")))
        if tag in _SKIP_TAGS or (tag not in ("body", "html", "article", "main")
                                 and _SKIP_CLASS.search(cls)):
            self._flush()
            self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "h1" and not self.h1:
            self._in = "h1"

    def _skip_active_outside_head(self) -> bool:
        return bool(self._skip) and self._skip[0] != "head"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in == "title":
            self._in = None
            return
        if self._skip:
            # close up to the matching open tag; unclosed inner tags (<li>, <p>) go with it
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "h1" and self._in == "h1":
            self._in = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
            return
        if self._skip:
            return
        if self._in == "h1":
            self.h1 += data
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


# -- cleaning lines ---------------------------------------------------------------------------
@dataclass
class Cleaned:
    """The content lines of an article and the metadata its chrome stated."""

    lines: list[str] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    dateline: str | None = None  # month-day of a dateline whose year is not stated (08-09)
    dropped: int = 0
    raw_cjk: int = 0  # Chinese characters before cleaning (chrome included)


_NAV_WORDS = re.compile(r"上一版|下一版|上一篇|下一篇|版面导航|标题导航|放大\s*缩小|"
                        r"返回.{0,8}首页|阅读下一篇|阅读上一篇|上一页|下一页")
_DROP = re.compile(
    r"""^(?:
      当前位置.* | 您的位置.* | 您现在的位置.* | 首页\s*[>›»].* |
      相关链接 | 相关阅读 | 相关新闻 | 相关文章 | 频道精选 | 推荐阅读 | 热点推荐 | 热门推荐 |
      延伸阅读 | 更多新闻 | 精彩推荐 | 网友评论 | 我要评论 | 打印(本页)? | 关闭(窗口)? |
      返回顶部 | 返回 | 收藏 | 分享到[::]?.* | 扫一扫.* | 字号[::]?.* | 默认 | 放大 | 缩小 |
      (责任)?编辑[::/].* | 作者[::/].* | 记者[::/].* | 通讯员[::/].* | 校对[::/].* |
      (审核|审校|监制|统筹|策划|摄影|摄像|图片|图|文|文字|撰文)[::/].* |
      第\s*\d+\s*版.* | (上接|下转|接上|转下|转第)\s*[A-Z]?\d*\s*版? |
      版权所有.* | .*(©|\(c\)|Copyright|All\s+Rights\s+Reserved|ICP|许可证|
        转载请|本站原创|未经授权|违法和不良信息|举报电话|免责声明).* |
      \(?(本文)?(图片|图|照片|配图)(均)?(由|为|来源|来自).{0,20}(提供|供图|摄)?\)? |
      [\[(]?(图|摄影?)[/:].{0,20}[\])]?
    )$""", re.X | re.I)
_SOURCE = re.compile(r"(?:^|\s)(?:信息)?来源[::]\s*([^\s|/]{2,20})")
_DATE_FULL = re.compile(r"(20\d\d|19\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_DATE_LINE = re.compile(
    r"^(?:(?:发布|发表|更新)?(?:时间|日期)[::]\s*)?(20\d\d|19\d\d)\s*[年\-/.]\s*(\d{1,2})\s*"
    r"[月\-/.]\s*(\d{1,2})\s*日?\s*(?:星期.|周.)?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATELINE = re.compile(r"^(.{0,14}?)(\d{1,2})月(\d{1,2})日\s*(?:讯|电|消息)")
_MONTH_DAY_YEAR = re.compile(r"^(?:[^。]{0,14}?)(20\d\d)年(\d{1,2})月(\d{1,2})日\s*(?:讯|电)")
_COPYRIGHT_OWNER = re.compile(r"版权所有\s*[::]?\s*([\u4e00-\u9fff]{2,12}?)(?:报业集团|传媒集团|"
                              r"报社|集团|网站|$|\s)")
_BULLET = re.compile(r"^[\s•·●○■□▪▫►▶◆◇★☆※\-*+>]+")
_PUNCT = re.compile(r"[。,,;;::!!??、“”\"]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NAMES = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}\s+)+[\u4e00-\u9fff]{1,3}$")
#: Outlets named in datelines and 来源 lines, and the ASCII slug used in document keys.
OUTLETS = {
    "红网": "rednet", "湖南日报": "hnrb", "新湖南": "xhn", "华声在线": "voc",
    "株洲日报": "zzrb", "湘潭日报": "xtrb", "衡阳日报": "hyrb", "郴州日报": "czrb",
    "今日郴州": "jrcz", "长沙晚报": "cswb", "人民网": "people", "新华网": "xinhua",
    "新华社": "xinhua", "人民日报": "rmrb", "经济日报": "jjrb", "中国新闻网": "chinanews",
}


def _is_menu_item(line: str) -> bool:
    return 0 < len(line) <= 8 and not _PUNCT.search(line)


def _iso(y: str, m: str, d: str) -> str | None:
    mi, di = int(m), int(d)
    if 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return None


def _outlet_of(text: str) -> str | None:
    for name in sorted(OUTLETS, key=len, reverse=True):
        if text.startswith(name):
            return name
    return None


def clean_lines(raw: Iterable[str]) -> Cleaned:
    """Keep the content lines of an article, dropping chrome and reading metadata.

    Lines are NFKC-normalised and trimmed; blank ones are dropped. See the module
    docstring for what counts as chrome.

    >>> clean_lines(["上一篇 下一篇 放大 缩小 默认", "来源:今日郴州", "园区签约15个项目。"]).lines
    ['园区签约15个项目。']
    """
    out = Cleaned()
    kept: list[str] = []
    after_marker = 0  # lines left in a menu opened by 相关链接/版面导航/频道精选
    run: list[int] = []  # indexes in `kept` of a current run of menu-like short lines

    def end_run() -> None:
        # A run of six or more short unpunctuated lines is a menu or channel list.
        if len(run) >= 6:
            for i in reversed(run):
                kept.pop(i)
            out.dropped += len(run)
        run.clear()

    for line in raw:
        line = unicodedata.normalize("NFKC", line).strip()
        out.raw_cjk += len(_CJK.findall(line))
        line = _BULLET.sub("", line).strip() if _BULLET.match(line) else line
        if not line:
            continue
        source = _SOURCE.search(line)
        if source and len(line) <= 60 and "。" not in line:
            out.outlet = out.outlet or source.group(1)
        owner = _COPYRIGHT_OWNER.search(line)
        if owner and not out.outlet:
            out.outlet = owner.group(1)
        date = _DATE_LINE.match(line)
        if date and not out.date:
            out.date = _iso(*date.groups())
        if (source or date) and len(line) <= 80 and "。" not in line:
            after_marker = 0  # a menu ends at the page's date or byline
            if not out.date:
                m = _DATE_FULL.search(line)
                out.date = _iso(*m.groups()) if m else None
            out.dropped += 1
            continue
        marker = line in ("相关链接", "频道精选", "版面导航", "标题导航", "相关阅读", "相关新闻",
                          "推荐阅读", "热点推荐", "延伸阅读", "更多新闻", "精彩推荐")
        is_nav = (len(line) <= 60 and _NAV_WORDS.search(line) is not None) or (
            line.count("|") >= 2 and all(len(s.strip()) <= 8 for s in line.split("|")))
        if marker or is_nav or _DROP.match(line):
            out.dropped += 1
            if marker:
                after_marker = 40
            elif is_nav:
                after_marker = 0  # 上一篇/下一篇 bars close a menu and precede the headline
            continue
        if after_marker and _is_menu_item(line):
            after_marker -= 1
            out.dropped += 1
            continue
        after_marker = 0
        # a names-only byline (彭 婷  邓 梁) or reporters' line near the top
        if len(kept) < 6 and (_NAMES.match(line) or (
                re.search(r"记者|通讯员|特约|摄影|撰稿", line) and not _PUNCT.search(line)
                and len(line) <= 60)):
            out.dropped += 1
            continue
        if not out.date and not out.dateline and len(kept) < 6:
            full = _MONTH_DAY_YEAR.match(line)
            if full:
                out.date = _iso(*full.groups())
            else:
                m = _DATELINE.match(line)
                if m:
                    out.dateline = f"{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                    out.outlet = out.outlet or _outlet_of(m.group(1))
        if _is_menu_item(line):
            run.append(len(kept))
        else:
            end_run()
        kept.append(line)
    end_run()
    # a lone author name closing the article (程业久)
    if kept and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", kept[-1]):
        kept.pop()
        out.dropped += 1
    out.lines = kept
    out.title = _title(kept)
    return out


def _title(lines: list[str]) -> str | None:
    """The headline: a short first line without a full stop, with its ——subtitle."""
    if not lines:
        return None
    first = lines[0].lstrip("#").strip()
    if len(first) > 50 or "。" in first or first.endswith((":", ":")):
        return None
    if len(lines) > 1 and lines[1].startswith(("——", "—", "--")) and len(lines[1]) <= 50:
        first += lines[1]
    return first


def _markdown(line: str) -> str:
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images (their alt text is a caption)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links -> their text
    line = re.sub(r"^\s{0,3}(#{1,6}|>)\s*", "", line)
    return re.sub(r"(\*\*|__|`)", "", line)


# -- documents --------------------------------------------------------------------------------
def doc_key(outlet: str | None, date: str | None, title: str | None, text: str) -> str:
    """An ASCII key: outlet slug, date, and a hash of the title (or of the text).

    >>> doc_key("红网", "2024-08-09", "株洲高新区招商纪实", "")
    'rednet-2024-08-09-ed153ac9'
    """
    slug = OUTLETS.get(outlet or "", "doc")
    basis = title or text[:2000]
    digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:8]
    return "-".join(p for p in (slug, date, digest) if p)


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read an article file into clean text and its :class:`SourceDocument`.

    Raises :class:`~chainkg.errors.InputError` naming the file for an empty, binary,
    oversized, undecodable or truncated file, a text with no Chinese, and a page that is
    all chrome.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("园区签约\\n今年以来,某园区签约项目12个,总投资36亿元。\\n来源:红网", "gbk")
    >>> art = read_document(p)
    >>> art.encoding, art.doc.outlet, art.text.splitlines()[0]
    ('gb18030', '红网', '园区签约')
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise InputError("not a file", file=name)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"file is {size / 2**20:.1f} MiB; articles are read up to "
            f"{max_bytes / 2**20:.0f} MiB: split it into articles", file=name)
    codec = detect_encoding(path)
    suffix = path.suffix.lower()
    meta: dict[str, str] = {}
    html_title = ""
    if suffix in (".html", ".htm"):
        parser = _HtmlText()
        for chunk in _decoded(path, codec):
            parser.feed(chunk)
        parser.close()
        raw: Iterable[str] = parser.lines
        meta = parser.meta
        html_title = (parser.h1 or parser.title).strip()
        # <title> is often "headline_outlet" or "headline - outlet"
        if not parser.h1 and parser.title:
            parts = re.split(r"\s[-|–—]\s|_", parser.title.strip(), maxsplit=1)
            html_title = parts[0].strip()
            if len(parts) == 2 and parts[1].strip():
                meta.setdefault("title-outlet", parts[1].strip())
    elif suffix == ".md":
        raw = (_markdown(line) for line in _lines(_decoded(path, codec)))
    else:
        raw = _lines(_decoded(path, codec))
    cleaned = clean_lines(raw)
    body_cjk = sum(len(_CJK.findall(line)) for line in cleaned.lines)
    if body_cjk < _MIN_CJK:
        if cleaned.raw_cjk >= _MIN_CJK:
            raise InputError("no article text left after removing page chrome (navigation, "
                             "bylines, footers)", file=name)
        raise InputError("no Chinese text: chainkg reads Chinese articles", file=name)
    text = "\n".join(cleaned.lines)
    title = unicodedata.normalize("NFKC", html_title).strip() or cleaned.title
    outlet = cleaned.outlet or _meta_value(meta, _META_OUTLET) or meta.get("title-outlet")
    outlet = unicodedata.normalize("NFKC", outlet).strip() if outlet else None
    date = cleaned.date
    meta_date = _meta_value(meta, _META_DATE)
    if meta_date:
        m = _DATE_FULL.search(meta_date)
        date = date or (_iso(*m.groups()) if m else None)
    # A dateline without a year (8月9日讯) stays undated unless the page states the year.
    doc = SourceDocument(
        key=doc_key(outlet, date, title, text),
        name=title or path.stem,
        outlet=outlet,
        date=date,
        url=meta.get("canonical") or meta.get("og:url"),
        file=path.name,
    )
    return Article(doc=doc, text=text, encoding=codec, path=path,
                   dropped_lines=cleaned.dropped, dateline=None if date else cleaned.dateline)


def _meta_value(meta: dict[str, str], names: set[str]) -> str | None:
    for k, v in meta.items():
        if k in names and v:
            return v
    return None


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character.

    >>> has_cjk("abc"), has_cjk("株洲")
    (False, True)
    """
    return _CJK.search(text) is not None
