"""Pure ``str -> str`` helpers shared by every stage: folding, normalising, keys."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTE_CHARS = "\"'“”‘’「」『』〝〞＂＇"
_KEY_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】（）()\[\]_·•、，,：:。〝〞]")


@lru_cache(maxsize=1)
def _char_converter():
    """OpenCC's traditional-to-simplified converter, loaded on first use."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _regional_phrases():
    """Taiwan/Hong Kong wording to mainland wording (lexicons/regional_phrases.tsv), as a regex."""
    from importlib import resources

    pairs = {}
    text = resources.files("kg.lexicons").joinpath("regional_phrases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            src, dst = line.split("\t")[:2]
            if src != dst:
                pairs[src] = dst
    pattern = re.compile("|".join(sorted(map(re.escape, pairs), key=len, reverse=True)))
    return pattern, pairs


def to_simplified(text: str) -> str:
    """Traditional to simplified, with Taiwan and Hong Kong wording (資訊 -> 信息).

    Text that is already simplified is returned as it is; only text that had
    traditional characters gets the regional phrase table, so mainland words are
    never rewritten.
    """
    if not text or text.isascii():
        return text
    conv = _char_converter()
    if conv is None:  # pragma: no cover
        return text
    simplified = conv.convert(text)
    if simplified == text:
        return text
    pattern, pairs = _regional_phrases()
    return pattern.sub(lambda m: pairs[m.group()], simplified)


# Full-width ASCII (but the Chinese punctuation kept as written) and ideographic spaces.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "（），：；！？"}
_WIDTH_TABLE.update({0x3000: 0x20, 0x00A0: 0x20})


def fold_width(text: str) -> str:
    """Full-width ASCII and ideographic spaces to their plain forms, same length."""
    return text.translate(_WIDTH_TABLE)


def fold(text: str) -> str:
    """Fold ``text`` for matching, keeping its length so offsets are shared.

    Phrase-level conversion is used when it keeps the length (almost always);
    otherwise each character is converted on its own.
    """
    text = fold_width(text)
    if not text or text.isascii():
        return text
    lines = text.split("\n")
    out = []
    for line in lines:  # line by line: a traditional paragraph need not make the whole text so
        simplified = to_simplified(line)
        if len(simplified) != len(line):
            conv = _char_converter()
            simplified = "".join(c if len(c) == 1 else o for c, o in zip((conv.convert(ch) for ch in line), line))
        out.append(simplified)
    return "\n".join(out)


def normalize_quotes(text: str) -> str:
    """Write every quoted stretch with Chinese curly quotes: "十四五" / _十四五_ -> “十四五”."""
    text = re.sub(r"_([^_\s]{1,20})_", r"“\1”", text)
    text = re.sub(r"[\"＂〝]([^\"＂〝〞”]{1,20})[\"＂〞”]", r"“\1”", text)
    text = re.sub(r"[「『]([^」』]{1,20})[」』]", r"“\1”", text)
    return text


@lru_cache(maxsize=65536)  # names recur across a corpus
def canonical_name(text: str) -> str:
    """The display form of a name: simplified, width-folded, curly quotes, trimmed."""
    text = normalize_quotes(to_simplified(fold_width(text)))
    text = re.sub(r"\s+", " ", text).strip(" 《》〈〉")
    return text


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The matching key of a name: simplified, no quotes, brackets, spaces or case."""
    text = unicodedata.normalize("NFKC", text)
    return _KEY_DROP.sub("", to_simplified(text)).lower()


def strip_quotes(text: str) -> str:
    return text.strip(_QUOTE_CHARS + " ")
