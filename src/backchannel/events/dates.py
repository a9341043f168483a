"""When an event happened: a date phrase attached to the trigger ("on Wednesday", "next week",
"on 26 November 2025", "last month"), resolved against the publication date when one is known.

Resolution gives an ISO 8601 string at the phrase's own precision: a day (``2025-11-22``), a week
(``2025-W49``), a month (``2025-11``) or a year (``2025``). A weekday names the latest such day on
or before publication, or the next one after it for a predicted event or with "next".
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from .tree import children

WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                               "saturday", "sunday"))}
MONTHS = {name: i for i, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                             "august", "september", "october", "november", "december"), 1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
UNITS = ("week", "month", "year")
DATE_DEPS = ("obl", "obl:tmod", "obl:unmarked", "nmod:tmod", "advmod", "nmod:unmarked")


def date_phrase(heads: list[Token]) -> Span | None:
    """The first dependent of ``heads`` that reads as a date phrase."""
    for head in heads:
        for child in children(head):
            if child.dep_ in DATE_DEPS and is_date_word(child):
                doc = child.doc
                start = child.left_edge.i
                while start < child.i and doc[start].dep_ == "case":
                    start += 1
                return doc[start:child.right_edge.i + 1]
    return None


def is_date_word(token: Token) -> bool:
    """A weekday, month, relative day ("yesterday"), unit ("week") or a year ("2019")."""
    low = token.lower_.rstrip(".")
    if low in WEEKDAYS or low in RELATIVE_DAYS or low in MONTHS or low in UNITS:
        return True
    return token.like_num and len(token.text) == 4 and token.text.isdigit() and 1900 <= int(token.text) <= 2100


def resolve(phrase: Span, published: dt.date | None, future: bool = False) -> str | None:
    """The phrase as an ISO 8601 string, or None when it needs a publication date that is unknown."""
    words = [t.lower_.rstrip(".") for t in phrase if not t.is_punct]
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    days = [int(w.rstrip("stndrh")) for w in words if w.rstrip("stndrh").isdigit() and len(w.rstrip("stndrh")) <= 2]
    months = [MONTHS[w] for w in words if w in MONTHS and w != "may" or w == "may" and (years or days)]
    year = years[0] if years else (published.year if published else None)
    if months:
        if year is None:
            return None
        if days and 1 <= days[0] <= 31:
            try:
                return dt.date(year, months[0], days[0]).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{months[0]:02d}"
    if years:
        return str(years[0])
    if published is None:
        return None
    for word in words:
        if word in RELATIVE_DAYS:
            return (published + dt.timedelta(days=RELATIVE_DAYS[word])).isoformat()
        if word in WEEKDAYS:
            if "next" in words or future:
                ahead = (WEEKDAYS[word] - published.weekday()) % 7 or 7
                return (published + dt.timedelta(days=ahead)).isoformat()
            back = (published.weekday() - WEEKDAYS[word]) % 7
            return (published - dt.timedelta(days=back)).isoformat()
    shift = 1 if "next" in words else -1 if "last" in words or "past" in words else 0 if "this" in words else None
    for word in words:
        if word in UNITS and shift is not None:
            if word == "week":
                iso = (published + dt.timedelta(weeks=shift)).isocalendar()
                return f"{iso[0]:04d}-W{iso[1]:02d}"
            if word == "month":
                month = published.month + shift
                y = published.year + (month - 1) // 12
                return f"{y:04d}-{(month - 1) % 12 + 1:02d}"
            return str(published.year + shift)
    return None
