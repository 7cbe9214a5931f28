"""Write N realistic, deterministic policy-news articles for benchmarks and tests.

The corpus has to look like what users feed policy-kg, or the figures mean
nothing: organizations come from ``kg/lexicons/organizations.tsv``, officials
are generated names with lexicon titles, plans are 《…》 titles ending with a
document-type word, initiatives end in …行动/…工程, targets carry years and
values (到2027年…达到45%). Articles come in the three input formats (Hexo/Jekyll
Markdown with YAML front matter and an HTML or Markdown body, full HTML pages
with site furniture, plain text); some are in traditional characters, some
GB18030-encoded. The pools of plans, people and initiatives grow with N, so the
graph grows with N too, while popular entities recur across articles as in a
real archive. The same ``(n, seed)`` always gives the same bytes.

    python benchmarks/generate_corpus.py OUT_DIR -n 10000 --seed 1 [--bad 3]
"""
from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kg.lexicon import OrgEntry, lexicon

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "kg" / "lexicons"

SECTORS = [
    "智能制造", "工业互联网", "新能源汽车", "数字经济", "绿色制造", "中小企业", "5G应用", "人工智能", "集成电路",
    "生物医药", "新材料", "现代物流", "农业机械", "冷链物流", "氢能产业", "新型储能", "数据要素", "算力基础设施",
    "工业软件", "机器人产业", "智慧养老", "医疗装备", "船舶工业", "民用航空", "北斗导航", "区块链", "物联网",
    "网络安全", "消费品工业", "原材料工业", "钢铁行业", "石化化工", "建材行业", "有色金属", "轻工业", "纺织工业",
    "电子信息制造业", "软件和信息技术服务业", "智能网联汽车", "超高清视频", "虚拟现实", "安全应急产业",
    "节能环保产业", "服务型制造", "工业设计", "质量品牌", "产业集群", "专精特新企业", "制造业", "信息通信业",
]
# (prefix, suffix) of a plan title: the suffix ends with a document-type word.
PLAN_FORMS = [
    ("“十四五”", "发展规划"), ("关于推动", "高质量发展的指导意见"), ("", "创新发展行动计划（2023—2025年）"),
    ("", "高质量发展实施方案"), ("关于加快", "发展的若干意见"), ("", "标准体系建设指南"),
    ("", "产业发展三年行动计划"), ("“十五五”", "发展规划纲要"), ("关于促进", "健康发展的实施意见"),
    ("", "管理办法"), ("", "转型升级工作方案"), ("", "安全保障若干措施"),
]
REGIONS = ["", "广东省", "江苏省", "浙江省", "山东省", "上海市", "北京市", "四川省", "湖北省", "福建省", "河南省",
           "湖南省", "安徽省", "河北省", "陕西省", "重庆市", "天津市", "辽宁省", "江西省", "云南省", "广西壮族自治区"]
INIT_HEADS = ["示范工厂建设", "技术攻关", "标准领航", "数字化赋能", "绿色低碳转型", "质量提升", "品牌培育",
              "产业基础再造", "强链补链", "创新中心建设", "人才培育", "应用场景拓展", "融通创新", "安全可靠",
              "公共服务平台建设", "集群培育", "深度融合", "改造升级", "梯度培育", "骨干企业培育"]
INIT_SUFFIXES = ["行动", "工程", "专项行动", "提升行动", "示范工程", "攻坚行动", "专项工程"]
INDICATORS = [
    ("规模以上工业企业关键工序数控化率", "%"), ("数字化研发设计工具普及率", "%"), ("工业互联网平台普及率", "%"),
    ("单位工业增加值能耗", "%"), ("研发经费投入强度", "%"), ("产业规模", "亿元"), ("营业收入", "万亿元"),
    ("培育专精特新“小巨人”企业", "家"), ("建成智能制造示范工厂", "个"), ("5G基站数量", "万个"),
    ("重点行业骨干企业数字化转型比例", "%"), ("制造业增加值占比", "%"), ("新能源汽车新车销售量占比", "%"),
    ("关键核心技术产品", "项"), ("国家级先进制造业集群", "个"), ("培育系统解决方案供应商", "家"),
    ("算力规模", "EFLOPS"), ("工业固体废物综合利用率", "%"), ("绿色工厂数量", "家"), ("标准制修订", "项"),
]
COMPARATORS = ["达到", "超过", "提高到", "不低于", "突破", "力争达到"]
DEPARTMENTS = ["规划司", "政策法规司", "科技司", "运行监测协调局", "原材料工业司", "装备工业一司", "装备工业二司",
               "消费品工业司", "信息技术发展司", "节能与综合利用司", "中小企业局", "产业政策司", "财务司",
               "高技术产业司", "国民经济综合司", "资源节约和环境保护司", "综合司", "政策研究室"]
PERSON_TITLES = ["部长", "副部长", "主任", "副主任", "局长", "副局长", "党组书记", "新闻发言人", "总工程师",
                 "总经济师", "司长", "副司长", "署长"]
DEPT_TITLES = ["司长", "副司长", "局长", "副局长", "一级巡视员"]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰涛明超霞平刚桂华建国志红玉兰海波宁丹春晓斌鹏飞云峰辉亮健林雪梅琳晨宇浩然"\
        "泽瑞博文昊天嘉怡欣佳俊凯毅宏彬锋振松岩坚卫东庆德新立鑫晶莉颖倩昕楠雯瑶"
OUTLETS = ["新华社", "人民网", "新浪财经", "中国政府网", "经济日报", "证券时报", "中国证券报", "央视新闻", "光明日报",
           "第一财经", "中国新闻网", "澎湃新闻"]
FILLER = [
    "{s}是推动经济高质量发展的重要支撑，对于加快构建新发展格局具有重要意义。",
    "近年来，我国{s}发展取得积极成效，产业规模持续扩大，创新能力不断增强。",
    "当前，{s}发展仍面临关键核心技术受制于人、产业基础薄弱、区域发展不平衡等问题。",
    "要坚持创新驱动，强化企业创新主体地位，推动产业链上下游协同发展。",
    "下一步，将加强统筹协调，完善政策体系，加大财政金融支持力度，营造良好发展环境。",
    "各地区各部门要切实提高思想认识，压实工作责任，确保各项任务落地见效。",
    "去年，{s}实现营业收入同比增长12.5%，累计建成各类平台240个。",
    "据统计，今年前三季度{s}投资同比增长8.3%，高于全部投资增速。",
    "专家认为，{s}正处于由大变强的关键阶段，机遇与挑战并存。",
    "要深化开放合作，积极参与国际标准制定，提升国际竞争力和话语权。",
    "发挥龙头企业引领作用，带动中小企业融入产业链供应链，形成大中小企业融通发展格局。",
    "加快数字化、网络化、智能化改造，推动{s}向高端化、智能化、绿色化方向发展。",
    "强化人才支撑，完善多层次人才培养体系，加强高技能人才队伍建设。",
    "在政策支持方面，将统筹用好各类专项资金，引导社会资本加大投入。",
    "目前，已有超过3000家企业参与试点，覆盖全国31个省（区、市）。",
]
MD_CATEGORIES = ["金融", "新浪财经", "宏观经济", "产业政策", "科技"]


class Org(OrgEntry):
    """A lexicon organization (its short names of 3+ characters), as articles write it."""

    def written(self, rng: random.Random) -> str:
        """The full name mostly, a short name sometimes, as newsrooms write them."""
        return self.name if not self.aliases or rng.random() < 0.6 else rng.choice(self.aliases)


@dataclass(frozen=True)
class Person:
    name: str
    org: Org
    dept: str
    title: str


def _orgs() -> list[Org]:
    """The lexicon's organizations (read by kg.lexicon, in file order), short names of 3+ characters."""
    return [Org(e.id, e.kind, e.name, tuple(a for a in e.aliases if len(a) >= 3))
            for e in lexicon().organizations.values()]


def _surnames() -> str:
    lines = [l for l in (LEXICONS / "surnames.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    return lines[0][:120]  # the common ones


def _skewed(rng: random.Random, size: int, power: float = 2.2) -> int:
    """An index into a pool, low indices far more often: popular entities recur."""
    return min(size - 1, int(size * rng.random() ** power))


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


class Corpus:
    """Pools of entities sized by N; article i is a pure function of (seed, i)."""

    def __init__(self, n: int, seed: int = 1) -> None:
        self.n, self.seed = n, seed
        self.orgs = _orgs()
        self.ministries = [o for o in self.orgs if o.kind in ("Ministry", "Commission", "Agency", "Administration")]
        self.surnames = _surnames()
        self.plan_count = max(60, n // 3)
        self.person_count = max(40, n // 4)
        self.init_count = len(INIT_HEADS) * len(SECTORS) * len(INIT_SUFFIXES)

    # -- entity pools: index -> entity, deterministic ---------------------------
    def plan(self, i: int) -> tuple[str, Org, list[Org], int]:
        """Title, lead issuer, co-issuers and end year of plan ``i``."""
        s, rest = i % len(SECTORS), i // len(SECTORS)
        f, r = rest % len(PLAN_FORMS), (rest // len(PLAN_FORMS)) % len(REGIONS)
        prefix, suffix = PLAN_FORMS[f]
        title = f"{REGIONS[r]}{prefix}{SECTORS[s]}{suffix}"
        if rest // (len(PLAN_FORMS) * len(REGIONS)):
            title = f"{REGIONS[r]}{prefix}{SECTORS[s]}{'第' + str(rest // (len(PLAN_FORMS) * len(REGIONS)) + 1) + '期'}{suffix}"
        h = _h("plan", self.seed, i)
        lead = self.ministries[h % len(self.ministries)]
        co = [self.ministries[(h >> (8 * k)) % len(self.ministries)] for k in range(1, 1 + (h >> 40) % 4)]
        co = [o for o in dict.fromkeys(co) if o != lead]
        return title, lead, co, 2025 + (h >> 50) % 11

    def person(self, j: int) -> Person:
        h = _h("person", self.seed, j)
        surname = self.surnames[h % len(self.surnames)]
        given = GIVEN[(h >> 8) % len(GIVEN)] + (GIVEN[(h >> 16) % len(GIVEN)] if (h >> 24) % 3 else "")
        org = self.ministries[(h >> 28) % len(self.ministries)]
        if (h >> 36) % 3 == 0:
            return Person(surname + given, org, DEPARTMENTS[(h >> 40) % len(DEPARTMENTS)],
                          DEPT_TITLES[(h >> 44) % len(DEPT_TITLES)])
        return Person(surname + given, org, "", PERSON_TITLES[(h >> 44) % len(PERSON_TITLES)])

    def initiative(self, k: int) -> str:
        head = INIT_HEADS[k % len(INIT_HEADS)]
        sector = SECTORS[(k // len(INIT_HEADS)) % len(SECTORS)]
        suffix = INIT_SUFFIXES[(k // (len(INIT_HEADS) * len(SECTORS))) % len(INIT_SUFFIXES)]
        return f"{sector}{head}{suffix}"

    # -- one article ------------------------------------------------------------
    def article(self, i: int) -> tuple[str, list[str], dict]:
        """Title, body paragraphs and metadata of article ``i``."""
        rng = random.Random(_h("article", self.seed, i))
        p = _skewed(rng, self.plan_count, 1.6)
        plan, lead, co, end_year = self.plan(p)
        sector = next(s for s in SECTORS if s in plan)
        people = [self.person(_skewed(rng, self.person_count, 1.4)) for _ in range(rng.randint(1, 3))]
        first = people[0]
        issued = datetime(2019, 1, 1, tzinfo=timezone(timedelta(hours=8))) + timedelta(
            days=rng.randrange(365 * 6), seconds=rng.randrange(86400))
        paragraphs: list[str] = []
        issuers = [lead, *co]
        names = "、".join(o.written(rng) for o in issuers)
        count = f"等{len(issuers)}个部门联合" if len(issuers) > 2 else ("联合" if len(issuers) == 2 else "")
        lead_in = rng.choice(["近日，", "日前，", f"{issued.month}月{issued.day}日，", ""])
        paragraphs.append(f"{lead_in}{names}{count}印发了《{plan}》（以下简称《规划》），"
                          f"对{sector}发展作出系统部署。")
        # an official speaks
        where = f"{first.org.written(rng)}{first.dept}" if first.dept else first.org.written(rng)
        say = rng.choice(["表示", "指出", "介绍", "强调"])
        if rng.random() < 0.7:
            paragraphs.append(f"在{rng.choice(['国务院新闻办', '国新办'])}举行的新闻发布会上，{where}{first.title}"
                              f"{first.name}{say}，《规划》是指导{sector}发展的纲领性文件。")
        else:
            paragraphs.append(f"{first.name}{first.title}{say}，要认真贯彻落实《规划》各项部署。")
        for filler in rng.sample(FILLER, rng.randint(4, 9)):
            paragraphs.append(filler.format(s=sector) + rng.choice(FILLER).format(s=rng.choice(SECTORS))
                              + rng.choice(FILLER).format(s=sector))
        # targets of this plan: the same indicators whichever article reports them
        h = _h("targets", self.seed, p)
        targets = []
        for t in range(2 + h % 3):
            indicator, unit = INDICATORS[(h >> (5 * t + 4)) % len(INDICATORS)]
            value = (h >> (3 * t + 20)) % 90 + 10
            if rng.random() < 0.1:  # an article now and then reports another figure
                value += 1
            cmp_ = COMPARATORS[(h >> (2 * t + 40)) % len(COMPARATORS)]
            targets.append(f"{indicator}{cmp_}{value}{unit}" + ("左右" if unit in ("家", "个") else ""))
        year = end_year if rng.random() < 0.9 else end_year - 2
        paragraphs.append(f"《规划》提出，到{year}年，" + "，".join(targets) + "。")
        if rng.random() < 0.5:
            paragraphs.append(f"到2035年，{sector}基本实现智能化，整体水平迈入世界先进行列。")
        # initiatives of this plan, listed
        inits = [self.initiative((h >> (7 * k)) % self.init_count) for k in range(2 + (h >> 60) % 3)]
        intro = rng.choice([f"《规划》部署了{len(inits)}项重点行动：", "围绕重点任务，《规划》包括："])
        paragraphs.append(intro + "、".join(inits) + "。")
        if rng.random() < 0.6:
            other = self.initiative(_skewed(rng, self.init_count))
            paragraphs.append(f"同时，将深入实施{other}，推动{sector}加快发展。")
        for person in people[1:]:
            where = f"{person.org.written(rng)}{person.dept}" if person.dept else person.org.written(rng)
            paragraphs.append(f"{where}{person.title}{person.name}{rng.choice(['表示', '指出', '透露'])}，"
                              + rng.choice(FILLER).format(s=sector))
        if rng.random() < 0.3:
            p2, org2, _, _ = self.plan(_skewed(rng, self.plan_count))
            paragraphs.append(f"此前，{org2.written(rng)}发布的《{p2}》明确了相关工作要求。")
        for filler in rng.sample(FILLER, rng.randint(1, 4)):
            paragraphs.append(filler.format(s=sector))
        title = rng.choice([f"{lead.written(rng)}等部门印发《{plan}》",
                            f"{first.name}：加快推进{sector}高质量发展",
                            f"到{year}年{targets[0]}"])
        meta = {"issued": issued, "outlet": rng.choice(OUTLETS), "id": i,
                "url": f"https://news.example.cn/{issued:%Y%m%d}/{_h('url', self.seed, i) % 10**8:08d}.html",
                "tags": [sector, "政策解读"] if rng.random() < 0.5 else []}
        return title, paragraphs, meta


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    return _s2t().convert(text)


def render_markdown(title: str, paragraphs: list[str], meta: dict, rng: random.Random) -> str:
    issued = meta["issued"]
    date = issued.strftime("%a, %d %b %Y %H:%M:%S +0800") if rng.random() < 0.5 else issued.isoformat()
    lines = ["---", f"title: '{title}'", "categories: "]
    lines += [f" - {c}" for c in rng.sample(MD_CATEGORIES, 2)]
    lines += [f"author: {meta['outlet']}", "comments: false", f"date: {date}"]
    if meta["tags"]:
        lines.append("tags: [" + ", ".join(meta["tags"]) + "]")
    lines += ["---", ""]
    if rng.random() < 0.75:  # HTML body, as Hexo posts scraped from news sites have
        lines.append("<div>   ")
        lines.append(f'<p class="ori_titlesource">\u3000\u3000原标题：{title}</p>')
        lines += [f'<p cms-style="font-L">\u3000\u3000{p}</p>' for p in paragraphs]
        lines.append(f'<p class="show_author">责任编辑：{rng.choice(["王芳", "李娜", "张伟"])}</p>')
        lines.append("</div><!-- news_keyword_pub -->")
    else:
        lines.append(f"## {title}")
        lines.append("")
        for p in paragraphs:
            lines += [p, ""]
    return "\n".join(lines) + "\n"


def render_html(title: str, paragraphs: list[str], meta: dict, rng: random.Random, charset: str) -> str:
    issued = meta["issued"]
    body = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{title}_{meta['outlet']}</title>
<meta property="og:title" content="{title}">
<meta name="pubdate" content="{issued:%Y-%m-%d %H:%M:%S}">
<meta property="og:site_name" content="{meta['outlet']}">
<link rel="canonical" href="{meta['url']}">
<style>body {{ font-family: sans-serif; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/politics/">时政</a></li><li><a href="/fortune/">财经</a></li></ul></div>
<div class="main">
<div class="article">
<h1>{title}</h1>
<div class="info">{issued:%Y-%m-%d %H:%M} 来源：{meta['outlet']}</div>
<div id="detail" class="content">
{body}
<p class="editor">（责任编辑：{rng.choice(["王芳", "李娜", "张伟"])}）</p>
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a.html">相关阅读一</a></li><li><a href="/b.html">相关阅读二</a></li></ul></div>
</div>
<div class="footer">版权所有 © 2024 新闻网 未经授权禁止转载</div>
<script src="/js/stat.js"></script>
</body>
</html>
"""


def render_text(title: str, paragraphs: list[str], meta: dict, rng: random.Random) -> str:
    issued = meta["issued"]
    return "\n".join([title, f"{issued.year}年{issued.month}月{issued.day}日 来源：{meta['outlet']}", "",
                      *(f"\u3000\u3000{p}\n" for p in paragraphs)]) + "\n"


def article_file(corpus: Corpus, i: int) -> tuple[str, bytes]:
    """The relative path and bytes of article ``i``."""
    title, paragraphs, meta = corpus.article(i)
    rng = random.Random(_h("render", corpus.seed, i))
    roll = rng.random()
    kind = "markdown" if roll < 0.45 else "html" if roll < 0.8 else "text"
    script = rng.random()
    traditional, gb = script < 0.08, 0.08 <= script < 0.16
    if traditional:
        title, paragraphs = _traditional(title), [_traditional(p) for p in paragraphs]
    if kind == "markdown":
        text, ext = render_markdown(title, paragraphs, meta, rng), ".md" if rng.random() < 0.5 else ".txt"
    elif kind == "html":
        text, ext = render_html(title, paragraphs, meta, rng, "gb18030" if gb else "utf-8"), ".html"
    else:
        text, ext = render_text(title, paragraphs, meta, rng), ".txt"
    data = text.encode("gb18030" if gb else "utf-8")
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{i // 1000:04d}/{i:07d}_{digest}{ext}", data


BAD_FILES: list[tuple[str, bytes]] = [
    ("bad_empty.txt", b""),
    ("bad_binary.txt", b"\x00\x01\x02\x03PK\x03\x04" * 64),
    ("bad_front_matter.md", "---\ntitle: '断开的前言\ndate: [2021\n正文没有结束标记。\n".encode("utf-8")),
]


def generate(out_dir: str | Path, n: int, seed: int = 1, bad: int = 0) -> list[Path]:
    """Write ``n`` articles (and ``bad`` unreadable files) under ``out_dir``; return their paths."""
    out = Path(out_dir)
    corpus = Corpus(n, seed)
    written = []
    for i in range(n):
        rel, data = article_file(corpus, i)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    for name, data in BAD_FILES[:bad]:
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write the articles into")
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--bad", type=int, default=0, choices=range(len(BAD_FILES) + 1),
                        help="also write this many unreadable files")
    args = parser.parse_args()
    paths = generate(args.out, args.n, args.seed, args.bad)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
