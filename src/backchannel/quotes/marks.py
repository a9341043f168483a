"""Pairing quotation marks in raw text, paragraph by paragraph, without ever crashing.

News text mixes curly (“ ”), straight ("), low-high („ “ / „ ”), guillemet (« », » «, ‹ ›) and
single curly (‘ ’) marks, often unbalanced. The rules:

* a mark only pairs with a mark of its own family, inside one paragraph (a line of the text);
* a quotation that runs over a paragraph break continues only when it is left open at the end of
  one paragraph and the next paragraph starts with an opening mark of the same family (the English
  convention for multi-paragraph quotations); otherwise the unclosed mark is dropped;
* a second opening mark while one is still open (an odd count) drops the first one, so a stray
  mark never swallows the rest of a paragraph;
* a straight mark (") opens only where it can open: never before a space, nor between a word or
  sentence punctuation and a non-word ("exercise". closes or is dropped);
* a closing curly mark (”) opens a quotation only at the very start of a paragraph, before a
  word (a common typo for “);
* two straight apostrophes ('') are a straight double mark (a newspaper convention);
* single curly quotes pair only as ‘word … word’ with ‘ after a space and ’ not followed by a
  letter, so apostrophes (Putin’s, ’90s) are never mistaken for marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# family → (openers, closers); a character may both open and close within a family.
_FAMILIES: dict[str, tuple[str, str]] = {
    "double": ("“„\"", "”“\""),
    "guillemet": ("«", "»"),
    "guillemet_rev": ("»", "«"),
    "angle": ("‹", "›"),
    "single": ("‘‚", "’‘"),
}
_MARK = re.compile("[“”„\"«»‹›‘’‚\n]")


@dataclass(frozen=True)
class QuotedText:
    """Characters ``start:end`` of the text lie between quotation marks ``open_at`` and ``close_at``
    (``end == close_at``; ``start == open_at + 1``). ``paragraphs`` > 1 for a multi-paragraph quote."""

    open_at: int
    close_at: int
    paragraphs: int = 1

    @property
    def start(self) -> int:
        return self.open_at + 1

    @property
    def end(self) -> int:
        return self.close_at


@dataclass
class _Open:
    family: str
    at: int
    paragraphs: int = 1


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opening_role(text: str, i: int) -> bool:
    """Whether the mark at ``i`` sits where a quotation opens (start, after space or bracket)."""
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-/:;,"


def _closing_role(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(after)


def pair_marks(text: str) -> list[QuotedText]:
    """Every well-formed quotation in ``text``, in order of opening mark (never raises)."""
    if "''" in text:  # two apostrophes for a double mark (''It's more tinkering,'' said Cole): same offsets
        text = text.replace("''", "\"'")
    found: list[QuotedText] = []
    current: _Open | None = None
    carried: _Open | None = None  # left open at the end of the previous paragraph
    line_start = 0
    for match in _MARK.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "\n":
            if current is not None or text[line_start:i].strip():
                carried = current  # a blank line between paragraphs keeps what was carried
            current, line_start = None, i + 1
            continue
        if ch == "’" and (current is None or current.family != "single"):
            continue  # an apostrophe (Putin’s) or a stray closer: the usual case, no call (``_single_ok``)
        if ch in "‘’‚" and not _single_ok(text, i, current):
            continue
        if current is not None and ch in _closers(text[current.at], current.family):
            if ch != "“" or text[current.at] == "„" or _closing_role(text, i):
                if text[current.at + 1:i].strip():
                    found.append(QuotedText(current.at, i, current.paragraphs))
                current = None
                continue
        family = _family_opened_by(ch, text, i)
        if family is None or (current is not None and current.family != family):
            continue  # a nested quotation of another family stays inside the open one
        if carried is not None and text[carried.at] == ch and not text[line_start:i].strip():
            # "… end of paragraph one\n“Paragraph two …”": the quotation goes on.
            current = _Open(family, carried.at, carried.paragraphs + 1)
        else:
            current = _Open(family, i)
        carried = None
    return found


def _closers(opener: str, family: str) -> str:
    if family == "double":
        return "”“\"" if opener == "„" else "”\""
    return _FAMILIES[family][1]


def _last_newline(text: str, i: int) -> int:
    return text.rfind("\n", 0, i)


def _family_opened_by(ch: str, text: str, i: int) -> str | None:
    if ch == "«":
        return "guillemet"
    if ch == "»":
        return "guillemet_rev" if _closing_role(text, i - 1) and i + 1 < len(text) and _is_word(text[i + 1]) else None
    if ch == "‹":
        return "angle"
    if ch in "“„":
        return "double"
    if ch == "”":  # a typo'd opener at the start of a paragraph: ”Fear. I am afraid …”
        at_start = i == 0 or text[i - 1] == "\n"
        return "double" if at_start and i + 1 < len(text) and _is_word(text[i + 1]) else None
    if ch == "\"":
        after = text[i + 1] if i + 1 < len(text) else " "
        if after.isspace() or (i > 0 and (_is_word(text[i - 1]) or text[i - 1] in ".,;!?") and not _is_word(after)):
            return None  # closing-shaped: "… exercise". never opens, so a stray mark cannot shift the pairs
        return "double"
    if ch in "‘‚":
        return "single"
    return None


def _single_ok(text: str, i: int, current: _Open | None) -> bool:
    """Single curly marks count only where they cannot be apostrophes."""
    ch = text[i]
    if ch in "‘‚":
        return _opening_role(text, i) and i + 1 < len(text) and _is_word(text[i + 1])
    # ’ closes only an open single quotation and only when not inside a word (Putin’s).
    if current is None or current.family != "single":
        return False
    return not (i + 1 < len(text) and _is_word(text[i + 1]))
