"""Read what a person typed into the patient search or a date box. Pure Python, no Django.

Dates are accepted the ways people write them at a US front desk: 1961-04-12,
04/12/1961 (month first), 12 Apr 1961, April 12, 1961. Two-digit years are refused:
"04/12/61" could be 1961 or 2061.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),
    re.compile(rf"(?P<day>\d{{1,2}})[ -]{_MONTH}[ -](?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})"),
)
DATE_FORMATS_HELP = "For example 1961-04-12, 04/12/1961 or 12 Apr 1961."
MAX_SEARCH_WORDS = 4
MAX_QUERY_LENGTH = 100


def _to_date(match: re.Match) -> date | None:
    parts = match.groupdict()
    if parts.get("month_name") is not None:
        month = MONTHS.get(parts["month_name"].lower())
        if month is None:
            return None
    else:
        month = int(parts["month"])
    try:
        return date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None  # 02/30/1961, month 13, year 0


def parse_date(text: str) -> date | None:
    """The date `text` is, in one of the accepted forms, or None."""
    text = " ".join(text.split())
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _to_date(match)
    return None


@dataclass(frozen=True)
class SearchTerms:
    dates: tuple[date, ...]
    words: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.dates and not self.words


def split_search_query(query: str) -> SearchTerms:
    """Dates found anywhere in the query, and the words left over (names or an MRN).

    "smith 04/12/1961" gives the date and the word "smith". Words are cut to
    MAX_SEARCH_WORDS so a pasted paragraph cannot make the query enormous.
    """
    text = " ".join(query[:MAX_QUERY_LENGTH].split())
    dates: list[date] = []
    for pattern in _DATE_PATTERNS:
        for match in list(pattern.finditer(text)):
            found = _to_date(match)
            if found is not None:
                dates.append(found)
                text = text.replace(match.group(0), " ")
    words = [word.strip(".,;:") for word in text.split()]
    words = [word for word in words if word]
    return SearchTerms(dates=tuple(dict.fromkeys(dates)), words=tuple(words[:MAX_SEARCH_WORDS]))
