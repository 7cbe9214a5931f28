"""kg.loaders.html reads lxml's tree directly; it must read pages and posts exactly as the
BeautifulSoup code it replaced, which the module keeps as its fallback (``_bs4_*``), does."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

import kg.loaders.html as html
import kg.loaders.markdown as markdown
from kg.errors import InputError
from kg.loaders import ARTICLE_SUFFIXES, LOADERS, load
from kg.model import RawArticle

from tests.loaders.test_loaders import HTML_PAGE
from tests.scale_corpus import _generator

PAGE = Path("page.html")


class reference:
    """The BeautifulSoup reading, as the module falls back to it."""

    load_html = staticmethod(html._bs4_load_html)

    @staticmethod
    def body_paragraphs(markup: str) -> list[str]:
        return html._bs4_paragraphs_of(html._bs4_soup(html.strip_markdown_links(markup)), remove_furniture=True)

# Small pages shaped like the Chinese news sites policy-kg reads, each aimed at one place
# where lxml's tree and BeautifulSoup's soup differ.
PAGES = {
    "furniture": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>工信部发布数据_新华网</title>
<meta property="og:title" content="工信部：前三季度工业增加值同比增长">
<meta name="pubdate" content="2021-10-20 10:00:00"><meta property="og:site_name" content="新华网">
<link rel="canonical" href="https://www.news.cn/2021-10/20/c_1.htm"></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li>时政</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 财经</div>
<div class="main"><div class="article"><h1>工信部：前三季度工业增加值同比增长</h1>
<div class="info">2021-10-20 10:00 来源：新华网</div>
<div id="detail" class="content">
<p>　　工业和信息化部新闻发言人表示，工业经济稳定恢复。</p>
<div class="appendQr_wrap"><img src="qr.png">扫码关注</div>
<p>　　下一步将加强监测，<span class="share-btn">分享到微博</span>保持工业经济运行在合理区间。</p>
<ul class="adList"><li>广告一</li><li>广告二</li></ul>
</div></div><div class="related-news"><p>相关新闻：工信部召开会议研究部署下一阶段工作</p></div></div>
<div class="footer">版权所有 新华网</div></body></html>""",
    "nested-divs": """<html><head><title>国务院常务会议召开 - 中国政府网</title></head><body>
<div class="wrap"><div class="left"><div class="TRS_Editor"><div><div>
<p>国务院总理主持召开国务院常务会议，部署推进制造业数字化转型。</p><div><p>会议指出，要加强政策支持。</p></div>
</div></div></div></div><div class="right"><div class="text"><p>短</p></div></div></div></body></html>""",
    "br-breaks": """<html><body><div class="content"><p>第一行文字内容较长一些<br>第二行<br/>第三行</p>
<p>会议强调<br><br>要抓好落实。</p></div></body></html>""",
    "comments": """<html><body><div class="article"><p>工业和信息化部<!-- 编辑注释 -->表示，<!--
多行注释 -->将推动制造业高端化、智能化、绿色化发展。</p><!-- 广告位 --><p>这是第二段正文。</p></div></body></html>""",
    "scripts": """<html><head><script>var title = "<h1>假标题</h1>";</script><style>h1 {color: red}</style></head>
<body><h1>真标题<script>document.write("脚本")</script></h1><div class="content">
<p>正文第一段，介绍政策出台背景和主要内容。</p><script type="text/javascript">var x = "<p>脚本里的段落</p>";</script>
<noscript>请启用脚本</noscript><p>正文第二段。</p></div></body></html>""",
    "tails-after-removed": """<html><body><div class="content">
<p>据<span class="share">分享</span>新华社报道，<a class="nav-link">导航</a>
国家发展改革委<script>x()</script>  <iframe src="v"></iframe> \n 印发了《方案》。</p>
<p><button>点赞</button>尾随文字紧跟在按钮后面<svg><text>图</text></svg>继续。</p></div></body></html>""",
    "whitespace": """<html><body><div class="content"><p><span>工业</span> <span>和信息化部</span>\t<b>部长</b>\n<i>表示</i></p>
<p>　　全角空格开头的段落&nbsp;带不换行空格&#12288;以及实体&amp;符号&lt;标签&gt;。</p>
<pre>  预排版
    文本  保留 </pre></div></body></html>""",
    "missing-body": """<title>工信部召开新闻发布会_人民网</title>
<meta name="source" content="人民网">
<p>工业和信息化部今天召开新闻发布会，介绍工业和信息化发展情况。</p><p>发布会由新闻发言人主持。</p>""",
    "missing-html-and-head": """<body><h1>标题在正文里</h1><div class="detail"><p>正文段落一，讲述了具体政策措施的内容。</p>
<p>正文段落二。</p></div></body>""",
    "xml-declaration": """<?xml version="1.0" encoding="gb2312"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>关于印发《“十四五”工业绿色发展规划》的通知</title></head>
<body><div id="artibody"><p>各省、自治区、直辖市工业和信息化主管部门：</p><p>现将规划印发给你们，请结合实际认真贯彻落实。</p></div></body></html>""",
    "time-and-source": """<html><body><article><h1>工信部部署推进工业互联网发展</h1>
<time datetime="2022-03-15T09:30:00+08:00">3月15日</time>
<span class="source">来源：经济日报</span><p>工业和信息化部日前印发通知，部署推进工业互联网创新发展工作。</p></article></body></html>""",
    "date-in-text-only": """<html><body><div class="pub_date">发布时间：2021年12月28日 09:30</div>
<div class="article-content"><p>国务院办公厅印发《关于进一步优化营商环境的意见》，提出二十条措施。</p></div></body></html>""",
    "upper-case-metas": """<HTML><HEAD><META NAME="PubDate" CONTENT="2020-05-06 08:00">
<META PROPERTY="og:title
" CONTENT="  带换行属性的标题  "><LINK REL="alternate canonical" HREF=" https://example.cn/a.html "></HEAD>
<BODY><DIV CLASS="Content"><P>大写标签的页面也要读出正文段落内容。</P></DIV></BODY></HTML>""",
    "og-url": """<html><head><meta property="og:url" content="https://example.cn/og.html">
<link rel="alternate" href="x">
</head><body><p>只有一个段落的正文页面，内容足够长。</p></body></html>""",
    "table-layout": """<html><body><table><tr><td class="nav">导航</td></tr><tr><td class="content_text">
<p>表格布局的老网站，正文在单元格里面，内容较长。</p><p>第二段。</p></td></tr></table></body></html>""",
    "ruby-and-rt": """<html><body><div class="content"><p><ruby>鬲<rp>(</rp><rt>lì</rt><rp>)</rp></ruby>姓人士出席会议并讲话。</p>
<p>会上宣读了表彰决定。</p></div></body></html>""",
    "control-characters": """<html><body><div class="content"><p>正文\x0b内容<script>x</script>\x0b控制符后的尾巴。</p>
<p>第二段也有\x01字符。</p></div></body></html>""",
    "entities-and-nul": """<html><body><div class="content">
<p>空字符a\x00b与&#0;实体、&#x0b;及&nbsp;&nbsp;空格的处理。</p></div></body></html>""",
    "content-after-html": """<html><body><div class="content"><p>第一个文档的正文段落，内容较长。</p></div></body></html>
<p>关闭标签之后的段落</p>""",
    "title-from-head": """<html><head><title>
  国务院关于加快发展先进制造业的意见 | 中国政府网 </title></head><body><div><p>正文。</p><p>第二段。</p></div></body></html>""",
    "empty-body": """<html><head><title>只有标题</title></head><body></body></html>""",
    "blank-paragraphs": """<html><body><p>　</p><p> </p><div class="share">分享</div></body></html>""",
    "comment-only": """<!-- <p>注释里的段落</p> -->""",
    "fixture:test_loaders.HTML_PAGE": HTML_PAGE,
    "fixture:title-and-date-from-text": "<html><head><title>国务院常务会议召开 - 中国政府网</title></head><body>"
                                        "<div class='pub-info'>2022年01月12日 来源：中国政府网</div>"
                                        "<div id='content'><p>国务院总理李克强主持召开国务院常务会议。</p></div></body></html>",
}

# Markdown bodies: HTML fragments, often with Markdown links mixed in.
FRAGMENTS = {
    "sina-body": """<div class="article" id="artibody"><p>　　原标题：工信部：到2025年规模以上制造业企业大部分实现数字化网络化</p>
<p>　　近日，工业和信息化部等八部门联合印发《“十四五”智能制造发展规划》。</p>
<div class="appendQr_wrap"><div class="appendQr_normal"><img src="qr.png"></div></div>
<p class="article-editor">责任编辑：李思阳</p></div>""",
    "markdown-links": """[返回首页](https://example.cn/) | [财经](https://example.cn/finance)
<p>正文提到了<a href="https://example.cn/a">一个链接</a>和[Markdown链接](https://example.cn/b)。</p>
<https://example.cn/auto> <p>第二段</p>""",
    "bare-text-and-br": "第一行没有标签<br>第二行<br>\n<span>行内</span> <span>元素</span>",
    "pre-and-list": "<ul><li>列表一</li><li>列表二 <b>加粗</b></li></ul><pre>  代码  \n  块 </pre>",
    "comment-only": "<!-- <p>x</p> -->",
    "after-html": "<p>甲</p></html>\n<p>乙</p>",
}


def _outcome(read: Callable[..., Any], *args: Any) -> Any:
    try:
        return read(*args)
    except InputError as exc:
        return ("InputError", str(exc))


@pytest.mark.parametrize("markup", PAGES.values(), ids=PAGES.keys())
def test_page_reads_as_before(markup: str):
    assert _outcome(html.load_html, PAGE, markup) == _outcome(reference.load_html, PAGE, markup)


@pytest.mark.parametrize("markup", [*FRAGMENTS.values(), *PAGES.values()], ids=[*FRAGMENTS, *PAGES])
def test_fragment_reads_as_before(markup: str):
    assert html.body_paragraphs(markup) == reference.body_paragraphs(markup)


@pytest.mark.parametrize("name", ["empty-body", "blank-paragraphs", "comment-only"])
def test_page_without_body_text_is_an_input_error(name: str):
    with pytest.raises(InputError, match="no body text"):
        html.load_html(PAGE, PAGES[name])


def test_the_cases_exercise_the_lxml_path(monkeypatch: pytest.MonkeyPatch):
    """Only a document lxml splits in two is read through BeautifulSoup; the rest must not be."""
    def no_soup(markup: str) -> None:
        raise AssertionError(f"fell back to BeautifulSoup: {markup[:60]!r}")

    monkeypatch.setattr(html, "_bs4_soup", no_soup)
    for name, markup in PAGES.items():
        if name != "content-after-html":
            _outcome(html.load_html, PAGE, markup)
    for name, markup in FRAGMENTS.items():
        if name != "after-html":
            html.body_paragraphs(markup)
    with pytest.raises(AssertionError, match="fell back"):
        html.load_html(PAGE, PAGES["content-after-html"])


def _reference_load(path: Path) -> RawArticle:
    """``kg.loaders.load`` with the BeautifulSoup loader and Markdown bodies."""
    loader = LOADERS.get
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "body_paragraphs", reference.body_paragraphs)
        patch.setattr(LOADERS, "get",
                      lambda name: reference.load_html if LOADERS.canonical(name) == "html" else loader(name))
        return load(path)


def _assert_load_as_before(paths: list[Path]) -> None:
    assert paths
    different = [path.name for path in paths if _outcome(load, path) != _outcome(_reference_load, path)]
    assert not different, f"{len(different)} of {len(paths)} files read differently: {different[:10]}"


def test_seeds_load_as_before(seed_paths: list[Path]):
    _assert_load_as_before(seed_paths)


def test_generated_corpus_loads_as_before(tmp_path: Path):
    """The scale tests' generated articles: Hexo/Jekyll posts, full pages with furniture, GB18030."""
    _generator().generate(tmp_path, 60, 7)
    paths = sorted(p for p in tmp_path.rglob("*") if p.suffix in ARTICLE_SUFFIXES)
    assert {p.suffix for p in paths} >= {".html", ".md"}
    _assert_load_as_before(paths)
