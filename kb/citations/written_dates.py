"""The date written right after a citation, in the folded view (private, minimal).

TODO(lead): kb/dates.py (``find_dates``) did not exist when this was written; once it does, the
citation finder can take the first DateMention starting at the anchor instead of these patterns.
"""
from __future__ import annotations

import re

from kb.models import DateValue

_SP = "[ \t\u00a0]"
_LEAD = rf"{_SP}*[,;]?{_SP}*(?:\(\s*)?(?:ban hanh{_SP}+)?(?:ngay{_SP}*)?"
# 27/9/2019 · 27-9-2019 · 27.9.2019 · 27-9- 2019 (one separator, repeated)
_NUMERIC = re.compile(_LEAD + rf"(?P<d>\d{{1,2}}){_SP}?(?P<s>[/.\-–]){_SP}?(?P<m>\d{{1,2}}){_SP}?(?P=s){_SP}?(?P<y>\d{{4}})(?!\d)")
# ngày 03 tháng 02 năm 1930
_WORDS = re.compile(_LEAD + rf"(?P<d>\d{{1,2}}){_SP}+thang{_SP}+(?P<m>\d{{1,2}}){_SP}+nam{_SP}+(?P<y>\d{{4}})(?!\d)")
# tháng 9/2019 · tháng 9 năm 2019 · năm 2019
_MONTH = re.compile(rf"{_SP}*[,;]?{_SP}*(?:ban hanh{_SP}+)?thang{_SP}+(?P<m>\d{{1,2}}){_SP}*(?:/|nam{_SP}+)(?P<y>\d{{4}})(?!\d)")
_YEAR = re.compile(rf"{_SP}*[,;]?{_SP}*(?:ban hanh{_SP}+)?nam{_SP}+(?P<y>\d{{4}})(?!\d)")
# header line: "Hà Nội, ngày 03 tháng 4 năm 2018"
HEADER = re.compile(rf",{_SP}*ngay{_SP}+(?P<d>\d{{1,2}}){_SP}+thang{_SP}+(?P<m>\d{{1,2}}){_SP}+nam{_SP}+(?P<y>\d{{4}})(?!\d)")


def value_of(m: re.Match[str]) -> DateValue | None:
    """The DateValue of a match with y/m/d groups; None for an impossible date (31/2/2020)."""
    groups = m.groupdict()
    try:
        return DateValue.of(int(groups["y"]), int(groups["m"]) if groups.get("m") else None,
                            int(groups["d"]) if groups.get("d") else None)
    except ValueError:
        return None


def date_at(folded: str, pos: int) -> tuple[DateValue, int, int] | None:
    """The date starting at ``pos`` (after optional ", ngày"), with the span of the date itself.

    >>> v, s, e = date_at("52-nq/tw, ngay 27-9- 2019 cua", 8)
    >>> v.value, s, e
    ('2019-09-27', 15, 25)
    >>> date_at("x ngay 03 thang 02 nam 1930", 1)[0].value, date_at("x thang 8/1945", 1)[0].value
    ('1930-02-03', '1945-08')
    >>> date_at("x ngay 31/2/2020", 1) is None
    True
    """
    for pattern in (_NUMERIC, _WORDS, _MONTH, _YEAR):
        m = pattern.match(folded, pos)
        if m:
            value = value_of(m)
            if value is None:
                return None
            first = "d" if "d" in m.groupdict() else ("m" if "m" in m.groupdict() else "y")
            return value, m.start(first), m.end()
    return None
