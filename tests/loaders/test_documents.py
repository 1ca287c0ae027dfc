"""Reading article files: encodings, page chrome, metadata, and every kind of bad input.

The passages are written for these tests (no article text is kept in the repository).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.loaders.documents import (
    MAX_BYTES,
    clean_lines,
    find_documents,
    read_document,
)

BODY = ("今年以来,示范高新区新引进项目18个,总投资42.5亿元。\n"
        "园区以星河新材料股份有限公司为龙头,打造新材料产业链;“链长制”由区主要领导担任总链长。\n")


def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# -- encodings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_supported_encoding_decodes_to_the_same_text(tmp_path: Path,
                                                           encoding: str) -> None:
    reference = read_document(_write(tmp_path / "ref.txt", BODY, "utf-8")).text
    article = read_document(_write(tmp_path / f"a-{encoding}.txt", BODY, encoding))
    assert article.text == reference
    assert article.text.startswith("今年以来,示范高新区")  # NFKC: full-width comma -> ","


def test_gb18030_only_characters_decode(tmp_path: Path) -> None:
    # U+3400 is outside GBK but inside GB18030 (a four-byte sequence)
    text = "㐀字号企业入驻示范高新区,总投资3亿元。"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    article = read_document(_write(tmp_path / "a.txt", text, "gb18030"))
    assert article.encoding == "gb18030"
    assert article.text == text.replace(",", ",")


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="gbk"><title>示范园区签约_示例网</title></head>'
            f"<body><p>{BODY}</p></body></html>")
    article = read_document(_write(tmp_path / "a.html", page, "gbk"))
    assert article.encoding == "gb18030"
    assert "星河新材料股份有限公司" in article.text
    assert article.doc.name == "示范园区签约"


def test_full_width_forms_are_normalised(tmp_path: Path) -> None:
    text = "示范高新区(天元片区)今年签约项目12个:总投资3.5亿元。"
    article = read_document(_write(tmp_path / "a.txt", text, "utf-8"))
    assert article.text == "示范高新区(天元片区)今年签约项目12个:总投资3.5亿元。"


# -- page chrome --------------------------------------------------------------------------------
HTML_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="publishdate" content="2024-03-18 09:30:00">
<meta property="og:site_name" content="示例新闻网">
<link rel="canonical" href="https://news.example.cn/2024/0318/a.html">
<title>示范高新区一季度签约项目12个 - 示例新闻网</title>
<style>.nav { color: red }</style><script>var pv = "频道首页";</script>
</head><body>
<div class="top-nav"><a href="/">首页</a> | <a>要闻</a> | <a>园区</a> | <a>经济</a></div>
<nav><ul><li>首页</li><li>政务要闻</li><li>县区新闻</li></ul></nav>
<div class="breadcrumb">当前位置:首页 &gt; 园区 &gt; 正文</div>
<div class="article">
  <h1>示范高新区一季度签约项目12个</h1>
  <div class="info">2024-03-18 09:30 来源:示例日报 作者:张三 编辑:李四</div>
  <div class="tools">放大 缩小 默认</div>
  <figure><img src="a.jpg" alt="签约现场"><figcaption>签约仪式现场。王五 摄</figcaption></figure>
  <p>今年一季度,示范高新区签约项目12个,总投资36.8亿元。</p>
  <p>其中,星河新材料股份有限公司投资5亿元建设电池隔膜项目,为园区新能源汽车产业链补链。</p>
  <p class="pic-txt">图为园区全景</p>
  <div class="page">上一篇:园区召开招商大会 下一篇:园区举办人才招聘会</div>
</div>
<div class="related"><h3>相关新闻</h3><ul><li>园区新闻一</li><li>园区新闻二</li></ul></div>
<footer><p>Copyright © 2024 示例新闻网 版权所有</p><p>湘ICP备00000000号</p></footer>
</body></html>
"""


def test_html_chrome_is_stripped_and_metadata_kept(tmp_path: Path) -> None:
    article = read_document(_write(tmp_path / "page.html", HTML_PAGE, "utf-8"))
    assert article.text.splitlines() == [
        "示范高新区一季度签约项目12个",
        "今年一季度,示范高新区签约项目12个,总投资36.8亿元。",
        "其中,星河新材料股份有限公司投资5亿元建设电池隔膜项目,为园区新能源汽车产业链补链。",
    ]
    doc = article.doc
    assert (doc.name, doc.outlet, doc.date) == ("示范高新区一季度签约项目12个", "示例日报",
                                                "2024-03-18")
    assert doc.url == "https://news.example.cn/2024/0318/a.html"
    assert doc.file == "page.html"
    assert doc.key.isascii() and doc.key.startswith("doc-2024-03-18-")


EPAPER_DUMP = """第05版:园区 上一版3  4下一版

版面导航

第01版
头版

第02版
要闻

第03版
评论

标题导航
首页 | 版面导航 | 标题导航 |
2024年03月18日 星期一
下一篇 4 放大 缩小 默认
签约一季度
——示范高新区以招商引资推动园区发展

  张 三  李 四

  今年一季度,示范高新区签约项目12个,总投资36.8亿元。
  星河新材料股份有限公司投资5亿元建设电池隔膜项目。
  (本文图片均由示范高新区提供)

来源:示例日报
作者:张三
编辑:李四

相关链接

    频道精选

  • 重要新闻
  • 政务要闻
  • 县区新闻
  • 园区

阅读下一篇

返回示例网首页 返回园区频道首页
  © 版权所有 示例日报社
互联网新闻信息服务许可证:0000000000 ICP备案号:示ICP备00000000号
"""


def test_text_dump_chrome_is_stripped(tmp_path: Path) -> None:
    article = read_document(_write(tmp_path / "dump.txt", EPAPER_DUMP, "utf-8"))
    assert article.text.splitlines() == [
        "签约一季度",
        "——示范高新区以招商引资推动园区发展",
        "今年一季度,示范高新区签约项目12个,总投资36.8亿元。",
        "星河新材料股份有限公司投资5亿元建设电池隔膜项目。",
    ]
    doc = article.doc
    assert doc.name == "签约一季度——示范高新区以招商引资推动园区发展"
    assert (doc.outlet, doc.date) == ("示例日报", "2024-03-18")
    assert article.dropped_lines > 20


def test_dateline_without_year_leaves_the_date_open(tmp_path: Path) -> None:
    text = ("红网时刻新闻3月18日讯(通讯员 张三)示范高新区今年签约项目12个,总投资36.8亿元。\n"
            "来源:红网\n作者:张三\n编辑:李四\n本站原创文章,转载请附上原文链接。\n")
    article = read_document(_write(tmp_path / "a.txt", text, "utf-8"))
    assert article.doc.date is None
    assert article.dateline == "03-18"
    assert article.doc.outlet == "红网"
    assert article.doc.key.startswith("rednet-")
    assert article.text.splitlines() == [text.splitlines()[0]]


def test_markdown_keeps_text_and_drops_images(tmp_path: Path) -> None:
    md = ("# 示范高新区签约项目12个\n\n![签约现场](a.jpg)\n\n"
          "今年一季度,[示范高新区](https://example.cn)签约项目12个,**总投资36.8亿元**。\n")
    article = read_document(_write(tmp_path / "a.md", md, "utf-8"))
    assert article.text.splitlines() == ["示范高新区签约项目12个",
                                         "今年一季度,示范高新区签约项目12个,总投资36.8亿元。"]
    assert article.doc.name == "示范高新区签约项目12个"


def test_clean_lines_keeps_content_lists() -> None:
    # a short list with numbers is content (项目 counts), not a menu
    lines = ["2019年全区引进", "- 亿元以上项目46个", "- 5亿元以上项目22个", "- 10亿元以上项目13个"]
    assert clean_lines(lines).lines == ["2019年全区引进", "亿元以上项目46个", "5亿元以上项目22个",
                                        "10亿元以上项目13个"]


def test_find_documents_walks_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.html", "sub/c.md", "sub/d.htm", "notes.pdf", "sub/e.json"):
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    found = find_documents([tmp_path, tmp_path / "b.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "b.txt", "sub/a.html", "sub/c.md", "sub/d.htm"]
    with pytest.raises(InputError, match="no such file"):
        find_documents([tmp_path / "missing.txt"])


# -- bad input ----------------------------------------------------------------------------------
def _refused(path: Path, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        read_document(path)
    assert str(path) in str(info.value)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    _refused(tmp_path / "empty.txt", "empty file")
    (tmp_path / "blank.txt").write_bytes(b" \n\r\n\t ")
    _refused(tmp_path / "blank.txt", "empty file")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _refused(path, "binary file")


def test_binary_past_the_first_chunk(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(BODY.encode("utf-8") * 4000 + b"\x00\x01\x02")
    _refused(path, "binary file")


def test_non_chinese_text(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_text("The zone signed 12 projects worth 3.68 billion yuan this quarter.\n",
                    encoding="utf-8")
    _refused(path, "no Chinese text")


def test_html_that_is_all_chrome(tmp_path: Path) -> None:
    page = ("<html><head><title>示例新闻网</title></head><body>"
            "<nav><ul><li>首页</li><li>要闻</li><li>园区</li></ul></nav>"
            "<div class='breadcrumb'>当前位置:首页 &gt; 园区</div>"
            "<div>上一篇 下一篇 放大 缩小 默认</div>"
            "<footer>Copyright © 示例新闻网 版权所有 湘ICP备00000000号</footer>"
            "</body></html>")
    _refused(_write(tmp_path / "chrome.html", page, "utf-8"), "page chrome")


def test_truncated_gbk_file(tmp_path: Path) -> None:
    data = BODY.encode("gbk")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-3] + data[-2:-1])  # ends on the lead byte of a character
    _refused(path, "truncated GBK/GB18030")


def test_truncated_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(BODY.encode("utf-8").rstrip(b"\n")[:-1])
    _refused(path, "truncated UTF-8")


def test_invalid_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("示范高新区".encode("gbk") + b"\x80\xff\xff\x80" * 3)
    _refused(path, "neither UTF-8 nor GBK")


def test_damaged_utf8_names_the_offset(tmp_path: Path) -> None:
    good = BODY.encode("utf-8") * 5
    path = tmp_path / "damaged.txt"
    path.write_bytes(good + b"\xc0\xaf" + good)
    err = _refused(path, "invalid UTF-8 at byte")
    assert str(len(good)) in str(err)


def test_a_50_mb_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = BODY.encode("utf-8")
    with open(path, "wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    size = path.stat().st_size
    assert size > 50 * 2**20 > MAX_BYTES
    tracemalloc.start()
    try:
        _refused(path, r"articles are read up to 8 MiB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size // 50


def test_a_large_article_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """Just under the limit: decoded chunk by chunk, the file is never held as bytes."""
    path = tmp_path / "long.txt"
    line = BODY.encode("utf-8")
    with open(path, "wb") as fh:
        for _ in range(2 * 2**20 // len(line)):
            fh.write(line)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        article = read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert article.text.count("示范高新区") == 2 * 2**20 // len(line)
    # the text itself is ~0.9 x size (two bytes a CJK character vs three in UTF-8); a
    # whole-file read plus copies would peak several times higher
    assert peak < 3 * size
