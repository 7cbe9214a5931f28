"""Parse the dates articles carry: RFC 2822, ISO 8601, and Chinese 2021年12月28日."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

CHINA = timezone(timedelta(hours=8))

_ISO = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
_CN = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
)


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return timezone.utc
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4])
    if hours > 14 or minutes > 59 or (hours == 14 and minutes):  # real UTC offsets lie within ±14:00
        raise ValueError(f"no such UTC offset: {text}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _from_match(m: re.Match, default_zone: timezone | None) -> datetime | None:
    try:
        value = datetime(
            int(m["y"]), int(m["m"]), int(m["d"]),
            int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0),
        )
        zone = _zone(m.groupdict().get("tz")) or default_zone
    except ValueError:  # 2021-02-30, 25:00, +99:00: not a date
        return None
    return value.replace(tzinfo=zone) if zone else value


# Dates outside these years are typos or placeholders (0001-01-01, 9999-12-31), and some outputs
# cannot show them (the page's date range, xsd:dateTime in older stores): they count as no date.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible(value: datetime | None) -> datetime | None:
    """``value`` when it is a real instant between FIRST_YEAR and LAST_YEAR, else ``None``."""
    if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    offset = value.utcoffset()
    if offset is not None and abs(offset) > timedelta(hours=14):
        return None
    return value


def parse_date(value: object, default_zone: timezone | None = CHINA) -> datetime | None:
    """A datetime from a front-matter value or a text; ``None`` when there is none.

    Chinese dates without a zone are taken to be China Standard Time.
    """
    try:
        return plausible(_parse_date(value, default_zone))
    except (ValueError, OverflowError, TypeError):
        return None


def _parse_date(value: object, default_zone: timezone | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=default_zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=default_zone)
    if not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()[:200]
    if not text:
        return None
    if re.match(r"^[A-Za-z]{3},?\s+\d", text) or re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            parsed = parsedate_to_datetime(text)
            if parsed is not None:
                return parsed
        except (TypeError, ValueError):
            pass
    for pattern in (_ISO, _CN):
        m = pattern.search(text)
        if m:
            parsed = _from_match(m, default_zone)
            if plausible(parsed) is not None:
                return parsed
    return None


def find_date(text: str) -> tuple[datetime | None, str]:
    """The first plausible date written in ``text`` and the text it was read from."""
    for pattern in (_CN, _ISO):
        for m in pattern.finditer(text):
            parsed = _from_match(m, CHINA)
            if plausible(parsed) is not None:
                return parsed, m.group(0)
    return None, ""


# a date a URL's path carries: /2022/09/07/, /2022-09/07/, /202209/t20220907_, /20220907/
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.\-]|\b)|"
    r"/t(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])_"
)


def url_date(url: str) -> datetime | None:
    """The date a page's address carries in its path, if any (news sites file pages by day)."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", url or "", flags=re.I)
    for m in _URL_DATE.finditer(path):
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
        try:
            found = datetime(int(y), int(mo), int(d), tzinfo=CHINA)
        except ValueError:
            continue
        if plausible(found) is not None:
            return found
    return None


def signature_date(paragraphs: list[str]) -> tuple[datetime | None, str]:
    """A date standing alone as a paragraph (a notice signed 2022年7月7日), the last one found."""
    for paragraph in reversed(paragraphs):
        text = paragraph.strip()
        if len(text) <= 20:
            m = _CN.fullmatch(text) or _ISO.fullmatch(text)
            if m:
                parsed = _from_match(m, CHINA)
                if plausible(parsed) is not None:
                    return parsed, m.group(0)
    return None, ""
