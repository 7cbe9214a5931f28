"""Decode article bytes: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

The encoding is detected, not assumed: UTF-8 is tried strictly first; otherwise
each Chinese legacy encoding that decodes without error is scored by how much of
the result is ordinary Chinese text, and the best wins.
"""
from __future__ import annotations

import codecs

# Frequent characters of Chinese news text, in both scripts where they differ.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
    "這個們來時為會對說經國發動後過產種學現實點從業開當還與關於數問題據處"
    "務區務機構規劃綱要辦法條例計畫資訊網路軟體經濟發展建設推動實施加強"
)


def _score(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    common = sum(1 for ch in text if ch in _COMMON)
    odd = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf" or ch == "\ufffd")
    return (common * 3 + cjk - odd * 10) / len(text)


# A UTF-8 article with at most this many stray bytes (a truncated copy-paste, one bad byte) is read
# with them replaced by U+FFFD and a warning giving their offsets; more, and it is not UTF-8.
STRAY_BYTES = 8


class JapaneseText(ValueError):
    """The bytes are Shift-JIS (or EUC-JP) Japanese text, which a Chinese decoder would turn to mojibake."""


def stray_utf8_bytes(data: bytes, limit: int = STRAY_BYTES) -> list[int] | None:
    """Offsets of the bytes that are not UTF-8 when ``data`` is UTF-8 but for at most ``limit`` of them."""
    offsets: list[int] = []
    start = 0
    while True:
        try:
            data[start:].decode("utf-8")
            return offsets
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end >= len(data) - start:
                offsets.append(start + exc.start)  # a sequence cut at the end of the file
                return offsets
            offsets.append(start + exc.start)
            if len(offsets) > limit:
                return None
            start += exc.start + 1
    

def _japanese(data: bytes) -> bool:
    """Shift-JIS or EUC-JP text: decodes strictly as one of them and is mostly kana and kanji."""
    for encoding in ("shift_jis", "euc_jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff")
        if kana >= 8 and kana >= 0.1 * sum(1 for ch in text if not ch.isascii()):
            return True
    return False


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``UnicodeDecodeError`` when nothing fits.

    Raises :class:`JapaneseText` for Shift-JIS / EUC-JP Japanese, which GB18030
    would otherwise accept as mojibake.
    """
    text, encoding, _ = decode_with_notes(data)
    return text, encoding


def decode_with_notes(data: bytes) -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)``: :func:`decode`, plus what was repaired (stray UTF-8 bytes)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        stray = stray_utf8_bytes(data)
        if stray:
            return data.decode("utf-8", "replace"), "utf-8-sig", [_stray_note(stray)]
        return data.decode("utf-8", "replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    stray = stray_utf8_bytes(data)
    if stray and _mostly_utf8(data, len(stray)):
        return data.decode("utf-8", "replace"), "utf-8", [_stray_note(stray)]
    if _japanese(data):
        raise JapaneseText("Shift-JIS or EUC-JP Japanese text")
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] <= 0:
        raise utf8_error
    return best[1], best[2], []


def _mostly_utf8(data: bytes, stray: int) -> bool:
    """Many well-formed multi-byte UTF-8 sequences around the stray bytes: a UTF-8 text with a few bad bytes."""
    multibyte = sum(1 for b in data if 0xE0 <= b <= 0xEF)  # lead bytes of 3-byte sequences (CJK)
    return multibyte >= 8 * stray


def _stray_note(offsets: list[int]) -> str:
    where = ", ".join(str(o) for o in offsets)
    return (f"{len(offsets)} byte{'s' if len(offsets) > 1 else ''} not UTF-8 at byte offset{'s' if len(offsets) > 1 else ''} "
            f"{where}, replaced with U+FFFD")


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text article."""
    head = data[:4096]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05
