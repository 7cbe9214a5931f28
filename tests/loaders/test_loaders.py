"""Each loader on each seed shape, the encodings, and every kind of bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.loaders import load, sniff_kind

from tests.conftest import SEEDS

SINA = SEEDS / "001_6e642eb0af35ba1a.txt"
JEKYLL = SEEDS / "004_154e176e49f8efe2.txt"


def test_sina_hexo_post_with_blank_line_before_front_matter():
    raw = load(SINA)
    assert SINA.read_text(encoding="utf-8").startswith("\n---")
    assert raw.kind == "markdown"
    assert raw.title == "工信部：到2025年规模以上制造业企业大部分实现数字化网络化"
    assert raw.issued.isoformat() == "2021-12-28T03:58:05+00:00"  # RFC 2822, GMT
    assert raw.editor == "李思阳"  # 责任编辑 becomes metadata …
    assert not any("责任编辑" in p or "新浪财经APP" in p for p in raw.paragraphs)  # … and leaves the body
    assert raw.categories == ["金融", "新浪财经", "新浪财经－国內"]
    assert raw.paragraphs[0].startswith("近日，工业和信息化部")  # ideographic spaces gone
    assert all("\u3000" not in p for p in raw.paragraphs)


def test_sina_original_title_becomes_metadata():
    raw = load(SEEDS / "000_2dca299d51bf1490.txt")
    assert raw.original_title == "工信部：正分行业编制“十四五”发展规划，将在年内陆续出台"
    assert not any(p.startswith("原标题") for p in raw.paragraphs)


def test_sina_stock_quote_spans_keep_their_text():
    raw = load(SEEDS / "003_bfa3c1ea823b1a12.txt")
    assert any("催生新产业新业态新模式" in p for p in raw.paragraphs)


def test_jekyll_post_with_markdown_navigation_and_source_note():
    raw = load(JEKYLL)
    assert raw.kind == "markdown"
    assert raw.issued.isoformat() == "2022-03-15T05:52:18+08:00"
    assert raw.outlet == "中国证券报"  # （文章来源：中国证券报）
    assert raw.tags == ["中国证券报新闻"]
    assert not any("返回" in p or "http" in p for p in raw.paragraphs)
    assert raw.paragraphs[-1].startswith("在推进产业绿色低碳发展方面")


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>工信部发布数据_新华网</title>
<meta property="og:title" content="工信部：前三季度工业增加值同比增长">
<meta property="article:published_time" content="2021-10-20T10:00:00+08:00">
<link rel="canonical" href="https://example.org/a/1.html">
<script>alert(1)</script><style>p{}</style></head>
<body><nav>首页 新闻</nav><div class="share-bar">分享到微博</div>
<div class="article"><h1>工信部：前三季度工业增加值同比增长</h1>
<p>　　工业和信息化部新闻发言人表示，工业经济稳定恢复。</p><!-- 广告 -->
<p>下一步将加强监测。</p></div>
<footer>版权所有</footer></body></html>"""


def test_html_page(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    raw = load(path)
    assert raw.kind == "html"
    assert raw.title == "工信部：前三季度工业增加值同比增长"
    assert raw.issued.isoformat() == "2021-10-20T10:00:00+08:00"
    assert raw.url == "https://example.org/a/1.html"
    assert raw.paragraphs == ["工业和信息化部新闻发言人表示，工业经济稳定恢复。", "下一步将加强监测。"]


def test_html_page_title_and_date_from_text(tmp_path: Path):
    path = tmp_path / "page.htm"
    path.write_text("<html><head><title>国务院常务会议召开 - 中国政府网</title></head><body>"
                    "<div class='pub-info'>2022年01月12日 来源：中国政府网</div>"
                    "<div id='content'><p>国务院总理李克强主持召开国务院常务会议。</p></div></body></html>",
                    encoding="utf-8")
    raw = load(path)
    assert raw.title == "国务院常务会议召开"
    assert (raw.issued.year, raw.issued.month, raw.issued.day) == (2022, 1, 12)
    assert raw.outlet == "中国政府网"


def test_plain_text_with_date_line(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("国务院印发《方案》\n2021年12月28日 来源：新华社\n\n近日，国务院印发了方案。\n方案提出了目标。\n", encoding="utf-8")
    raw = load(path)
    assert raw.kind == "text"
    assert raw.title == "国务院印发《方案》"
    assert raw.issued.isoformat() == "2021-12-28T00:00:00+08:00"
    assert raw.outlet == "新华社"
    assert raw.paragraphs == ["近日，国务院印发了方案。", "方案提出了目标。"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "big5"])
def test_encodings_are_detected(tmp_path: Path, encoding: str):
    text = "工業和信息化部召開新聞發布會\n2021年12月28日\n工業和信息化部部長在會上表示，將推動製造業數字化轉型。\n" \
        if encoding == "big5" else "工业和信息化部召开新闻发布会\n2021年12月28日\n工业和信息化部部长在会上表示，将推动制造业数字化转型。\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    raw = load(path)
    assert raw.title == text.splitlines()[0]
    assert raw.encoding.replace("hkscs", "").startswith(encoding.split("-")[0].replace("gbk", "gb18030")[:4])


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n ", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary file"),
        ("broken.md", "---\ntitle: [unclosed\ndate: 2021-01-01\n---\n<p>正文</p>".encode(), "broken front matter"),
        ("unclosed.md", "---\ntitle: 标题\n\n<p>正文</p>".encode(), "broken front matter"),
        ("undecodable.txt", "标题".encode() + b"\x80\xff" * 20, "cannot decode"),
        ("nobody.md", "---\ntitle: 只有标题\ndate: 2021-01-01\n---\n<p>　</p>\n".encode(), "no body text"),
    ],
)
def test_bad_input_names_file_and_cause(tmp_path: Path, name: str, content: bytes, cause: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load(path)
    assert str(path) in str(info.value)
    assert cause in str(info.value)


def test_missing_date_is_a_warning_not_a_skip(tmp_path: Path):
    path = tmp_path / "nodate.md"
    path.write_text("---\ntitle: 无日期\n---\n<p>工业和信息化部召开会议。</p>\n", encoding="utf-8")
    raw = load(path)
    assert raw.issued is None
    assert any("no date" in w for w in raw.warnings)


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("a.txt", "\n---\ntitle: x\n---\n<p>y</p>", "markdown"),
        ("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("a.html", "<html><body><p>x</p></body></html>", "html"),
        ("a.md", "# 标题\n\n正文", "markdown"),
        ("a.txt", "标题\n正文", "text"),
    ],
)
def test_kind_is_decided_by_content_first(name: str, text: str, kind: str):
    assert sniff_kind(Path(name), text) == kind


def test_markdown_body_without_html(tmp_path: Path):
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: 标题\ndate: 2022-01-02 10:00:00 +0800\n---\n\n## 小标题\n\n"
                    "第一段**加粗**文字，[链接](http://x.org)在此。\n第二行接上。\n\n- 列表项\n", encoding="utf-8")
    raw = load(path)
    assert raw.paragraphs == ["小标题", "第一段加粗文字，链接在此。第二行接上。", "列表项"]


@pytest.mark.parametrize(
    ("body", "url", "issued"),
    [
        # a notice signed with its date, standing alone after the issuers
        ("<p>各有关单位：现将方案印发给你们，请认真贯彻执行。</p><p>农业农村部办公厅</p><p>2023年4月12日</p>", "",
         "2023-04-12"),
        # no date in the text: the one in the page's address
        ("<p>现将方案印发给你们，请认真贯彻执行。</p>", "https://news.example.cn/news/2024/03/05/fangan.html", "2024-03-05"),
        ("<p>现将方案印发给你们，请认真贯彻执行。</p>", "https://www.example.gov.cn/zwgk/202305/t20230518_123.html",
         "2023-05-18"),
        # a number in the address that is no date
        ("<p>现将方案印发给你们，请认真贯彻执行。</p>", "https://news.example.cn/caijing/119249.html", None),
    ],
)
def test_a_page_without_a_dateline_is_dated_by_its_signature_or_address(tmp_path: Path, body: str, url: str,
                                                                          issued: str | None):
    link = f'<link rel="canonical" href="{url}">' if url else ""
    page = tmp_path / "notice.html"
    page.write_text(f"<html><head><title>关于印发实施方案的通知</title>{link}</head><body>{body}</body></html>",
                    encoding="utf-8")
    raw = load(page)
    assert (raw.issued.date().isoformat() if raw.issued else None) == issued
    assert ("no date found" in " ".join(raw.warnings)) == (issued is None)
