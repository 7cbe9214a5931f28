"""Cleaning: pure steps over paragraphs that drop boilerplate and lift metadata.

Outlets wrap articles in the same furniture (editor lines, "原标题", source
notes, app promotions); these are removed from the body, and the ones that carry
information (editor, original title, outlet) become metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"[ \t\r\f\v\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
_EDITOR = re.compile(r"^[（(\[]?\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編)\s*[:：]\s*(?P<v>[^）)\]]{1,30}?)\s*[）)\]]?$")
_ORIGINAL = re.compile(r"^(?:原标题|原標題)\s*[:：]\s*(?P<v>.+)$")
_SOURCE = re.compile(
    r"^[（(\[]?\s*(?:文章来源|文章來源|来源|來源|稿件来源|信息来源|出处)\s*[:：]\s*(?P<v>[^）)\]]{1,40}?)\s*[）)\]]?$"
)
_SOURCE_INLINE = re.compile(r"(?:文章来源|来源|來源)\s*[:：]\s*(?P<v>[\u4e00-\u9fffA-Za-z·]{2,20})")
_BOILERPLATE = re.compile(
    r"(海量资讯、精准解读|海量資訊|尽在新浪财经APP|扫描二维码|掃描二維碼|扫码下载|点击进入|點擊進入|"
    r"关注.{0,10}公众号|版权所有|版權所有|未经授权|转载请注明|本文来自|声明：|免责声明|返回首页|返回首頁|"
    r"分享到[:：]?|打印本页|关闭窗口|【我要纠错】|^\s*【\s*\w{0,6}\s*】\s*$|^上一篇|^下一篇)"
)
_URL_ONLY = re.compile(r"^(?:<?(?:https?:)?//\S+>?\s*)+$")


def normalize_spaces(text: str) -> str:
    """Ideographic and other odd spaces to one plain space, trimmed."""
    return _SPACES.sub(" ", text).strip()


@dataclass
class Cleaned:
    paragraphs: list[str]
    editor: str = ""
    original_title: str = ""
    outlet: str = ""
    dropped: list[str] = field(default_factory=list)


def clean_paragraphs(paragraphs: list[str]) -> Cleaned:
    """Normalise spaces, drop empty and boilerplate paragraphs, lift metadata lines."""
    out = Cleaned(paragraphs=[])
    for raw in paragraphs:
        text = normalize_spaces(raw)
        if not text or not re.search(r"[\w\u4e00-\u9fff]", text):
            continue
        m = _EDITOR.match(text)
        if m:
            out.editor = out.editor or m["v"].strip()
            continue
        m = _ORIGINAL.match(text)
        if m:
            out.original_title = out.original_title or m["v"].strip()
            continue
        m = _SOURCE.match(text)
        if m:
            out.outlet = out.outlet or m["v"].strip()
            continue
        if _URL_ONLY.match(text) or (_BOILERPLATE.search(text) and len(text) < 80):
            out.dropped.append(text)
            continue
        out.paragraphs.append(text)
    return out


def find_outlet(text: str) -> str:
    """An outlet named inline, as in "2021-12-28 来源：新华社"."""
    m = _SOURCE_INLINE.search(text)
    return m["v"] if m else ""
