"""The document model: title + paragraphs in one text, sentences addressed by offsets."""
from __future__ import annotations

from kg.document import make_article, split_sentences
from kg.loaders import load
from kg.model import RawArticle

from tests.conftest import SEEDS


def test_sentence_offsets_point_into_the_text():
    article = make_article(load(SEEDS / "001_6e642eb0af35ba1a.txt"))
    assert article.sentences[0].paragraph == 0  # the headline is sentence 0
    for s in article.sentences:
        assert article.text[s.start : s.end] == article.sentence_text(s.index)
        assert "\n" not in article.text[s.start : s.end]
    assert article.sentence_text(1).startswith("近日，工业和信息化部")
    assert article.sentence_text(1).endswith("（下称“《规划》”）。")


def test_split_keeps_closing_quotes_with_their_sentence():
    text = "他说：“要加快发展。”随后离开。没有句号"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["他说：“要加快发展。”", "随后离开。", "没有句号"]


def test_folded_text_has_the_same_offsets():
    raw = RawArticle(source="t", kind="text", title="工業和資訊化部", paragraphs=["國家發展改革委印發規劃。"])
    article = make_article(raw)
    assert len(article.folded) == len(article.text)
    assert article.folded.startswith("工业和信息化部")


def test_id_is_a_content_hash():
    a = make_article(RawArticle(source="a.txt", kind="text", title="t", paragraphs=["p"]))
    b = make_article(RawArticle(source="elsewhere/b.txt", kind="text", title="t", paragraphs=["p"]))
    c = make_article(RawArticle(source="a.txt", kind="text", title="t", paragraphs=["q"]))
    assert a.id == b.id != c.id


def test_regional_wording_is_folded_but_mainland_words_are_kept():
    from kg.text import fold, to_simplified

    assert to_simplified("工業和資訊化部推動軟體產業") == "工业和信息化部推动软件产业"
    assert to_simplified("数字经济核心产业") == "数字经济核心产业"  # simplified text is left alone
    assert fold("數字經濟核心產業") == "数字经济核心产业"  # no Taiwan "kernel" rewrite
