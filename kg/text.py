"""Pure ``str -> str`` helpers shared by every stage: folding, normalising, keys."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTE_CHARS = "\"'“”‘’「」『』〝〞＂＇"
_KEY_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】（）()\[\]_·•、，,：:。〝〞]")


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's Taiwan/Hong Kong-aware converter, loaded on first use."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("tw2sp")


@lru_cache(maxsize=1)
def _char_converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, with Taiwan and Hong Kong wording (資訊 -> 信息).

    Text that is already simplified is returned as it is: the Taiwan phrase table
    would otherwise rewrite mainland words (核心 -> 内核).
    """
    if not text or text.isascii():
        return text
    chars = _char_converter()
    if chars is None or chars.convert(text) == text:
        return text
    conv = _converter()
    return conv.convert(text) if conv else chars.convert(text)


def fold_width(text: str) -> str:
    """Full-width ASCII and ideographic spaces to their plain forms, same length."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "（），：；！？":
            out.append(chr(code - 0xFEE0))
        elif ch in "\u3000\u00a0":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def fold(text: str) -> str:
    """Fold ``text`` for matching, keeping its length so offsets are shared.

    Phrase-level conversion is used when it keeps the length (almost always);
    otherwise each character is converted on its own.
    """
    text = fold_width(text)
    if not text or text.isascii():
        return text
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        return simplified
    conv = _char_converter()
    if conv is None:  # pragma: no cover
        return text
    chars = [conv.convert(ch) for ch in text]
    return "".join(c if len(c) == 1 else o for c, o in zip(chars, text))


def normalize_quotes(text: str) -> str:
    """Write every quoted stretch with Chinese curly quotes: "十四五" / _十四五_ -> “十四五”."""
    text = re.sub(r"_([^_\s]{1,20})_", r"“\1”", text)
    text = re.sub(r"[\"＂〝]([^\"＂〝〞”]{1,20})[\"＂〞”]", r"“\1”", text)
    text = re.sub(r"[「『]([^」』]{1,20})[」』]", r"“\1”", text)
    return text


def canonical_name(text: str) -> str:
    """The display form of a name: simplified, width-folded, curly quotes, trimmed."""
    text = normalize_quotes(to_simplified(fold_width(text)))
    text = re.sub(r"\s+", " ", text).strip(" 《》〈〉")
    return text


def name_key(text: str) -> str:
    """The matching key of a name: simplified, no quotes, brackets, spaces or case."""
    text = unicodedata.normalize("NFKC", text)
    return _KEY_DROP.sub("", to_simplified(text)).lower()


def strip_quotes(text: str) -> str:
    return text.strip(_QUOTE_CHARS + " ")
