"""Officials and their posts, found through title patterns.

Forms handled (title words come from ``lexicons/titles.tsv``):
部长肖亚庆 · 肖亚庆部长 · 工业和信息化部党组书记、部长肖亚庆 · 装备工业一司司长王卫明 ·
新闻发言人、运行监测协调局局长黄利斌 · 习近平总书记. A name must start with a
surname; its length is decided by what follows it, with jieba's person tag as a
tie-breaker only. Once a person is known, later bare mentions ("肖亚庆表示",
speaker lines "肖亚庆：") are mentions too. Reporters and editors carry no title
from the lexicon and are never taken.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from kg.extract import Doc
from kg.extract._patterns import Spans, is_cjk
from kg.lexicon import _lines, lexicon
from kg.extract.organizations import MINISTRY_KINDS, context_place, nearby_place
from kg.model import HOLDS_POST, OFFICIAL, ORGANIZATION, SUB_ORGANIZATION_OF, Fact, Mention, make_attrs

_STOP = set("的了是在和与及等对将为把被从向于以而之其这那们我你他她它部委局司厅院省市县区记者该各每还也又亦都已")
_GIVEN_SOFT = set("和")
_GIVEN_FIRST = set("之以其和")  # stop characters that open two-character given names (吴之凌, 阴和俊)  # a stop character that given names also end with (景和, 永和)
_BEFORE_NAME = ("由", "和", "与", "及", "同", "对", "向", "请", "邀请", "据", "在", "会见", "陪同", "、", "，", "的")
_CHAIN_JOIN = ("、", "兼", "，", ",")
_TENURE = re.compile(r"(?:新任|现任|时任|兼任|大会)$")  # (、大会执行主席: the session's)
# Titles held inside a ministry: without an organization named, the one in context is meant.
_MINISTRY_TITLES = {"部长", "副部长", "部长助理", "新闻发言人", "发言人", "国际贸易谈判代表", "国际贸易谈判副代表", "应急指挥专员", "总工程师", "总经济师", "总会计师", "总农艺师", "总兽医师",
                    "党组书记", "党组副书记", "党组成员", "主任", "副主任", "局长", "副局长", "署长", "副署长",
                    "一级巡视员", "二级巡视员", "巡视员", "副巡视员", "秘书长", "副秘书长"}


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _surname_length(text: str, i: int) -> int:
    lex = lexicon()
    if text[i : i + 2] in lex.compound_surnames:
        return 2
    return 1 if text[i : i + 1] in lex.surnames else 0


def _given_ok(chars: str) -> bool:
    # numerals only (向十四届, 于二〇二五年) count or date something: no given name
    return all(is_cjk(ch) and (ch not in _STOP or ch in _GIVEN_FIRST and i == 0 < len(chars) - 1)
               for i, ch in enumerate(chars)) and not (len(chars) > 1 and all(ch in _NUMERALS for ch in chars))


_NUMERALS = set("〇零一二三四五六七八九十百千万两")


def _ends_name(text: str, pos: int) -> bool:
    rest = text[pos : pos + 4]
    return not rest or not is_cjk(rest[0]) or rest.startswith(lexicon().name_followers)


@lru_cache(maxsize=1)
def _follower_words() -> tuple[str, ...]:
    """The words of two characters or more that follow a name (表示, 强调): never a name themselves."""
    return tuple(w for w in lexicon().name_followers if len(w) >= 2)


# what a person does, right after the name: its first character is no given name's last
_VERB_PHRASES = ("作《", "作报告", "作说明", "作讲话", "作重要讲话", "作工作报告", "作政府工作报告", "作关于")


def name_after(text: str, i: int) -> int:
    """Length of the person's name starting at ``i`` (0 when there is none)."""
    sl = _surname_length(text, i)
    if not sl or text.startswith(_follower_words(), i):
        return 0  # 总理强调: 强调 is what follows a name, not one (强 is also a surname)
    for given in (2, 1):
        n = sl + given
        if given == 2 and text.startswith(_VERB_PHRASES, i + n - 1):
            continue  # 县长张勇作《政府工作报告》: 作 begins what he did
        if _given_ok(text[i + sl : i + n]) and len(text[i : i + n]) == n and _ends_name(text, i + n):
            return n
        # 徐景和出席: 和 ends a given name when a word that follows names comes right after it
        if given == 2 and text[i + n - 1 : i + n] in _GIVEN_SOFT and _given_ok(text[i + sl : i + n - 1]) \
                and len(text[i : i + n]) == n and _ends_name(text, i + n) and is_cjk(text[i + n : i + n + 1] or "a") \
                and not _surname_length(text, i + n):
            return n
    words = list(_posseg().cut(text[i : i + 8]))
    if words and words[0].flag.startswith("nr") and 2 <= len(words[0].word) <= 4 and _given_ok(words[0].word[sl:]):
        return len(words[0].word)
    # undecided: jieba saw no word running on from the surname (易|会|满), and most
    # Chinese names have two given characters
    if words and len(words[0].word) == sl and _given_ok(text[i + sl : i + sl + 2]) and len(text[i : i + sl + 2]) == sl + 2:
        return sl + 2
    return 0


def name_before(text: str, end: int, floor: int) -> int | None:
    """Start of a person's name ending at ``end`` (just before a title), or ``None``."""
    for n in (3, 2):
        start = end - n
        if start < floor:
            continue
        sl = _surname_length(text, start)
        if not sl or not _given_ok(text[start + sl : end]):
            continue
        before = text[max(floor, start - 2) : start]
        if start == floor or not is_cjk(text[start - 1]) or before.endswith(_BEFORE_NAME):
            return start
    return None


@lru_cache(maxsize=1)
def _title_fits() -> dict[str, tuple[str, ...]]:
    """Title -> endings of the names of bodies it is held in (titles.tsv, third column)."""
    fits: dict[str, tuple[str, ...]] = {}
    for line in _lines("titles.tsv"):
        cols = line.split("\t")
        if len(cols) > 2 and cols[2]:
            fits[cols[0]] = tuple(cols[2].split("|"))
    return fits


def fits(title: str, org: Mention) -> bool:
    """Whether ``title`` can be held in ``org`` (副部长 in a …部, 局长 in a …局; any title with no ending listed)."""
    endings = _title_fits().get(title)
    return not endings or org.name.endswith(endings)


# 部党组成员、副部长X / 委新闻发言人X: a one-character stand-in for the body the article is about.
_SELF_REFERENCE = {"部": ("Ministry",), "委": ("Commission", "PartyBody", "Office"), "局": ("Agency", "Administration"),
                   "署": ("Agency", "Ministry"), "行": ("Ministry",)}
_BEFORE_SELF = set("由和与及同、，,：:；;（(“ \n的了任为是在对向将被")  # 了省委书记, 新任市委书记
# Words between a body and its title: 中央财办分管日常工作的副主任, 国家发展改革委常务副主任
_FILLER = re.compile(r"(?:分管日常工作的|主持日常工作的|负责日常工作的)")


def _home_body(orgs: list[Mention], char: str) -> Mention | None:
    """The body an article is about whose name ends with ``char`` (部, 委 …): the most named, earliest on ties."""
    candidates = [m for m in orgs if m.key and not m.attr("pronoun") and m.name.endswith(("委员会", "委") if char == "委" else char)
                  and m.attr("kind") in _SELF_REFERENCE[char]]
    if not candidates:
        return None
    counts = Counter(m.key for m in candidates)
    best = max(counts.values())
    return next(m for m in candidates if counts[m.key] == best)


class _Bodies:
    """The bodies an article names, indexed once, to answer "which body is this bare title held in?"
    in log time per title (an article can hold thousands of titles)."""

    def __init__(self, doc: Doc, orgs: list[Mention]) -> None:
        self.doc = doc
        self.orgs = orgs
        self._named = [m for m in orgs if not m.attr("pronoun") and (
            (m.key and m.attr("kind") in MINISTRY_KINDS) or m.attr("kind") == "LocalGovernment")]
        self._fitting: dict[tuple[str, bool], tuple[list[int], list[Mention]]] = {}
        self._home: dict[str, Mention | None] = {}
        self._places: dict[str, str | None] = {}
        self._single: dict[tuple[str, bool], Mention | None] = {}

    def add(self, made: Mention) -> None:
        """A body the officials extractor named itself (杭州市人民政府 for 市长)."""
        self._named.append(made)
        self._fitting.clear()
        self._single.clear()

    def place(self, level: str) -> str | None:
        if level not in self._places:
            self._places[level] = context_place(self.orgs, level, self.doc.text)
        return self._places[level]

    def home(self, char: str) -> Mention | None:
        if char not in self._home:
            self._home[char] = _home_body(self.orgs, char)
        return self._home[char]

    def _sorted(self, title: str, keyed: bool) -> tuple[list[int], list[Mention]]:
        cached = self._fitting.get((title, keyed))
        if cached is None:
            found = sorted((m for m in self._named if fits(title, m) and (m.key or not keyed)), key=lambda m: m.start)
            cached = self._fitting[(title, keyed)] = ([m.start for m in found], found)
        return cached

    def _before(self, title: str, keyed: bool, start: int, offset: int) -> Mention | None:
        """The nearest fitting body named in [start, offset)."""
        starts, found = self._sorted(title, keyed)
        i = bisect.bisect_left(starts, offset) - 1
        while i >= 0 and starts[i] >= start:
            if found[i].end <= offset:
                return found[i]
            i -= 1
        return None

    def holder(self, offset: int, title: str) -> Mention | None:
        """The body a bare title at ``offset`` is held in, when the text makes it plain: the nearest
        fitting body named earlier in the sentence, else the only fitting body the article names
        (for a title any body may hold, the only ministry it names)."""
        sentence = self.doc.article.sentence_at(offset)
        if not _title_fits().get(title):
            before = self._before(title, True, sentence.start, offset)
            if before is not None:
                return before
            return self._only(title, True)
        before = self._before(title, False, sentence.start, offset)
        if before is not None:
            return before
        if offset - sentence.start <= 1 and sentence.index > 0:
            # 主任X主持会议。副主任A、B出席: a sentence opening with a title goes on with the last one's body
            previous = self.doc.article.sentences[sentence.index - 1]
            before = self._before(title, False, previous.start, offset)
            if before is not None:
                return before
        return self._only(title, False)

    def _only(self, title: str, ministries: bool) -> Mention | None:
        """The only fitting body (ministry) the article names, if there is just one."""
        if (title, ministries) not in self._single:
            found = [m for m in self._sorted(title, ministries)[1]
                     if not ministries or (m.key and m.attr("kind") in MINISTRY_KINDS)]
            # one body, however often named (local bodies have no key: their names tell them apart)
            self._single[(title, ministries)] = found[0] if found and len({m.key or m.name for m in found}) == 1 \
                else None
        return self._single[(title, ministries)]


def _local_government(doc: Doc, pos: int, title: str) -> Mention | None:
    """浙江省副省长, 杭州市市长: the place before a government title names its people's government."""
    text = doc.text
    lex = lexicon()
    if title in ("主席", "副主席", "常务副主席"):  # 广西壮族自治区副主席: the region's government
        head = text[max(0, pos - 12) : pos]
        for short, full in lex.provinces.items():
            if full.endswith("自治区") and head.endswith((full, short + "自治区")):
                written = full if head.endswith(full) else short + "自治区"
                return Mention(ORGANIZATION, doc.article.text[pos - len(written) : pos], pos - len(written), pos,
                               doc.sentence_of(pos - len(written)), name=full + "人民政府", key=None,
                               attrs=make_attrs(kind="LocalGovernment"))
        return None
    endings = _title_fits().get(title, ())
    if not any(e.endswith("人民政府") for e in endings):
        return None
    level = endings[0][0]  # 省 / 市 / 区 / 县 / 州
    head = text[max(0, pos - 12) : pos]
    for place in lex.places:
        for written in (place + level, place):
            if head.endswith(written):
                start = pos - len(written)
                name = place + level + "人民政府"
                return Mention(ORGANIZATION, doc.article.text[start:pos], start, pos, doc.sentence_of(start),
                               name=name, key=None, attrs=make_attrs(kind="LocalGovernment"))
    m = re.search(r"([\u4e00-\u9fff]{2,3})" + re.escape(level) + r"$", head)
    if m and m.start() > 0 and is_cjk(head[m.start() - 1]) and head[m.start() - 1] not in _BEFORE_SELF:
        m = None  # 昨天海淀区区长: where the place begins is not plain
    if m and level in "区县州" and not _STOP.intersection(m.group(1)):
        start = pos - len(m.group())
        return Mention(ORGANIZATION, doc.article.text[start:pos], start, pos, doc.sentence_of(start),
                       name=m.group() + "人民政府", key=None, attrs=make_attrs(kind="LocalGovernment"))
    return None


_BARE_LOCAL = re.compile(r"(?P<level>省|市|区|县|州)(?P<body>委|政府|人民政府)$")


def _local_body(doc: Doc, bodies: "_Bodies", pos: int) -> Mention | None:
    """市委副书记, 市政府秘书长: a bare 市委 / 市政府 before a title is the body of the city in context."""
    text = doc.text
    m = _BARE_LOCAL.search(text, max(0, pos - 4), pos)
    if not m or m.end() != pos:
        return None
    start = m.start()
    if start > 0 and is_cjk(text[start - 1]) and text[start - 1] not in _BEFORE_SELF:
        return None
    sentence = doc.article.sentence_at(start)
    place = nearby_place(bodies.orgs, m["level"], sentence.start, start) or bodies.place(m["level"])
    if place is None:
        return None
    body = "委员会" if m["body"] == "委" else "人民政府"
    # no written form: a bare 市委 names no city on its own, so it is no alias of this one
    return Mention(ORGANIZATION, "", start, pos, doc.sentence_of(start),
                   name=place + m["level"] + body, key=None, attrs=make_attrs(kind="LocalGovernment"))


# 王洪祥接棒成为新一任的中央政法委新闻发言人, 李明出任市长: a person taking up a post named after the verb
_TAKES_UP = re.compile(r"(?:接棒|正式|将|已)?(?:担任|出任|成为|接任|升任|转任|改任|现任|起任|为|系)(?:新一任的?|新任的?|首任的?|)$")


_SUCCEEDS = re.compile(r"接替|接任|替代|取代|继任")


def _taken_up(text: str, title_start: int, org: Mention | None, floor: int,
              org_by_end: dict[int, Mention] | None = None) -> tuple[int, int] | None:
    """(start, end) of the name before a verb of taking up the post whose title starts at ``title_start``."""
    edge = org.start if org is not None and org.end in (title_start, title_start - 1) else title_start
    while org_by_end and edge in org_by_end and org_by_end[edge].start < edge:
        edge = org_by_end[edge].start  # 教育部 + 办公厅 + 副主任: the verb stands before the whole body
    m = _TAKES_UP.search(text, max(floor, edge - 12), edge)
    if m is None or not m.group():
        return None
    start = name_before(text, m.start(), floor)
    if start is None or _SUCCEEDS.search(text, max(floor, start - 12), start):
        return None  # 接替被免职的易会满出任主席: the one named is the predecessor, the taker unnamed
    return start, m.start()


def _name_at(text: str, pos: int) -> tuple[int, int]:
    """A name starting at ``pos``, or after one space there (运输服务司一级巡视员 孙文剑：); (start, length)."""
    n = name_after(text, pos)
    if n:
        return pos, n
    if text[pos : pos + 1] in (" ", "\u3000") and is_cjk(text[pos + 1 : pos + 2] or " "):
        n = name_after(text, pos + 1)
        after = text[pos + 1 + n : pos + 2 + n]
        if n and (after in ("：", ":", "", "\n", " ") or text.startswith(lexicon().name_followers, pos + 1 + n)):
            return pos + 1, n
    return pos, 0


def extract_officials(doc: Doc) -> Iterator[Mention | Fact]:
    text, raw = doc.text, doc.article.text
    lex = lexicon()
    orgs = [m for m in doc.of_type(ORGANIZATION)]
    org_by_end: dict[int, Mention] = {m.end: m for m in orgs}
    org_at: dict[int, Mention] = {}  # offset -> the organization covering it (names are short)
    for o in orgs:
        for i in range(o.start, o.end):
            org_at.setdefault(i, o)
    org_keys = {m.key for m in orgs if m.key}
    # A title starting inside a body's name (…纪检监察组 + 组长 read as 纪检监察组组长) starts after it.
    titles = []
    for ts, te, title in lex.title_matcher.find(text):
        inside = org_at.get(ts)
        if inside is not None and inside.start < ts and te <= inside.end:
            continue  # 省人大常委会: 常委 inside a body's name is no title
        inside = inside if inside is not None and inside.end < te else None
        if inside is not None:
            rest = text[inside.end : te]
            if rest in lex.titles:
                ts, title = inside.end, rest
        titles.append((ts, te, title))
    title_starts = {ts for ts, _, _ in titles}
    people: dict[str, Mention] = {}
    taken: list[tuple[int, int]] = []
    made_orgs: dict[int, Mention] = {}
    yielded: set[int] = set()
    bodies = _Bodies(doc, orgs)

    def org_before(pos: int, title: str) -> Mention | None:
        if pos in org_by_end:
            return org_by_end[pos]
        filler = _FILLER.search(text, max(0, pos - 8), pos)
        if filler and filler.end() == pos and filler.start() in org_by_end:
            return org_by_end[filler.start()]  # 中央财办分管日常工作的副主任
        if title.startswith("部") and pos + 1 in org_by_end and org_by_end[pos + 1].text.endswith("部"):
            return org_by_end[pos + 1]  # 外交部长: the title shares 部 with the ministry
        char = text[pos - 1 : pos]
        if char in _SELF_REFERENCE and (pos < 2 or text[pos - 2] in _BEFORE_SELF or not is_cjk(text[pos - 2])):
            return bodies.home(char)
        if pos in made_orgs:
            return made_orgs[pos]
        if title == "纪检监察组组长" and text[pos - 2 : pos] in ("驻部", "驻委", "驻局", "驻署"):
            home = bodies.home(text[pos - 1])  # 驻部纪检监察组组长: the group stationed in this ministry
            if home is not None:
                group = Mention(ORGANIZATION, "", pos - 2, pos, doc.sentence_of(pos),
                                name=f"中央纪委国家监委驻{home.name}纪检监察组", key=None,
                                attrs=make_attrs(kind="PartyBody"))
                made_orgs[pos] = group
                return group
        local = _local_government(doc, pos, title) or _local_body(doc, bodies, pos)
        if local is not None:
            made_orgs[pos] = local
            bodies.add(local)
        return local

    for index, (ts, te, title) in enumerate(titles):
        sentence = doc.article.sentence_at(ts)
        name_start, n = _name_at(text, te)
        if n:
            name_end = name_start + n
            title_first = True
        else:
            floor = sentence.start
            start = name_before(text, ts, floor)
            if start is None or org_before(ts, title) is not None:
                taken_up = _taken_up(text, ts, org_before(ts, title), floor, org_by_end)
                if taken_up is None:
                    continue
                name_start, name_end, title_first = *taken_up, True
            else:
                name_start, name_end, title_first = start, ts, False
        # The chain of titles this person holds: 党组书记、部长肖亚庆
        chain: list[tuple[str, Mention | None]] = []
        j, pos, cur_title = index, ts, title
        while True:
            org = org_before(pos, cur_title) if title_first else org_before(name_start, cur_title)
            chain.append((cur_title, org))
            if org is not None and org.end in (pos, pos + 1):
                edge = org.start  # the body named right before the title
            elif org is not None and text[pos - 1 : pos] in _SELF_REFERENCE:
                edge = pos - 1  # 委新闻发言人: the one-character stand-in
            else:
                edge = pos
            if j == 0 or not title_first:
                break
            pts, pte, ptitle = titles[j - 1]
            joiner = _TENURE.sub("", text[pte:edge])  # 、新任省委新闻发言人: new in the post, still a post
            if joiner not in _CHAIN_JOIN:
                break
            j, pos, cur_title = j - 1, pts, ptitle
        posts: list[tuple[str, Mention | None]] = []
        inherited: Mention | None = None
        extra_facts: list[Fact] = []
        for t, org in reversed(chain):  # leftmost first: its organization carries over
            standalone = lex.titles.get(t) == "-"
            if org is not None:
                if org.attr("kind") == "Department" and not org.attr("parent") and inherited is not None \
                        and inherited.attr("kind") in MINISTRY_KINDS:
                    # 国家统计局新闻发言人、国民经济综合统计司司长: the department is the bureau's
                    extra_facts.append(Fact(SUB_ORGANIZATION_OF, org, inherited, sentence.index))
                if org.attr("kind") != "Department":
                    inherited = org
            holder = org
            if holder is None and not standalone and inherited is not None and fits(t, inherited):
                holder = inherited
            if holder is None and lex.titles.get(t) in org_keys:
                holder = next(m for m in orgs if m.key == lex.titles[t])
            if holder is None and (t in _MINISTRY_TITLES or t in _title_fits()):
                holder = bodies.holder(name_start if not title_first else ts, t)
            if holder is None and any(e.endswith("人民政府") for e in _title_fits().get(t, ())):
                level = _title_fits()[t][0][0]
                place = bodies.place(level)
                if place is not None:  # 市长 in an article about one city: that city's government
                    at = pos if title_first else ts
                    holder = Mention(ORGANIZATION, doc.article.text[at:at], at, at, sentence.index,
                                     name=place + level + "人民政府", key=None, attrs=make_attrs(kind="LocalGovernment"))
                    made_orgs.setdefault(-at - 1, holder)
            if holder is not None and t.endswith("组组长") and holder.name.endswith(t[:-2]):
                t = "组长"  # the group is the body: 纪检监察组 + 组长
            posts.append((t, holder))
        # One title for several people: 副部长钱克明、盛秋平
        names = [(name_start, name_end)]
        while title_first and text[names[-1][1] : names[-1][1] + 1] in ("、", "和") and names[-1][1] + 1 not in title_starts:
            nxt = names[-1][1] + 1
            k = name_after(text, nxt)
            if not k:
                break
            follow = text[nxt + k : nxt + k + 1]
            if follow and is_cjk(follow) and not text.startswith(lex.name_followers, nxt + k):
                break
            names.append((nxt, nxt + k))
        for made in {id(h): h for _, h in posts if h is not None and any(h is o for o in made_orgs.values())
                     and id(h) not in yielded}.values():
            yielded.add(id(made))
            yield made
        yield from extra_facts
        for s, e in names:
            name = text[s:e]
            person = Mention(OFFICIAL, raw[s:e], s, e, sentence.index, name=name)
            people.setdefault(name, person)
            taken.append((s, e))
            yield person
            for t, holder in posts:
                yield Fact(HOLDS_POST, person, holder, sentence.index, title=t)
    # Later bare mentions of a known person, speaker lines included.
    taken_spans = Spans(taken)
    for start, end in _occurrences(text, people):  # every known name, the longest first where they overlap
        if taken_spans.covers(start):
            continue
        if not _ends_name(text, end) and text[end : end + 1] not in "：:":
            continue
        yield Mention(OFFICIAL, raw[start:end], start, end, doc.sentence_of(start), name=text[start:end])


def _occurrences(text: str, names) -> list[tuple[int, int]]:
    """Where ``names`` occur in ``text``, left to right, a longer name winning where two overlap
    (a handful of names an article: str.find beats compiling a pattern for each article)."""
    found = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            found.append((at, at + len(name)))
            at = text.find(name, at + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    chosen, last_end = [], -1
    for start, end in found:
        if start >= last_end:
            chosen.append((start, end))
            last_end = end
    return chosen
