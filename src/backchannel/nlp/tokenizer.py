"""A spaCy tokenizer tuned for news typography and for the UD English EWT / GUM token conventions.

The parser of ``en_backchannel_core`` is trained on the syntactic words of UD English EWT and GUM, so the
tokenizer should cut text the way those treebanks do. spaCy's English defaults already get most of it
right (curly quotes, ``’s`` / ``n’t`` clitics, em dashes, ``U.S.``); this module adds what news text and
the treebanks need beyond that:

* number ranges with an en/em dash or ``--`` split (``2014–2022`` -> ``2014`` ``–`` ``2022``), as a hyphen
  already does; phone numbers and ``11-20-2000`` style dates stay whole, as in EWT;
* a dash after an abbreviation splits (``U.S.-brokered`` -> ``U.S.`` ``-`` ``brokered``), and a hyphen
  between letters and digits splits (``F-16`` -> ``F`` ``-`` ``16``, EWT ``F-102``, GUM ``Covid-19``);
* hyphenated words whose first part is a bound prefix stay whole (``pro-Russian``, ``anti-war``,
  ``non-aligned``, ``e-mail``, ``mid-2004``), as the treebanks keep them; other hyphenated compounds split
  (``al-Ani`` -> ``al`` ``-`` ``Ani``, ``self-defence`` -> ``self`` ``-`` ``defence``), as they also do;
* abbreviations spaCy lacks (military and civil titles such as ``Lt.``, ``Col.``, ``Capt.``, ``Sgt.``,
  ``Sr.``, plus ``etc.``, ``al.``, ``Dept.``, weekdays) are kept whole;
* runs of ``!``/``?`` and of ``*``, ``=``, ``_``, ``~``, ``<``, ``>`` stay one token (``?!``, ``***``);
* ``7:30PM`` -> ``7:30`` ``PM``; ``and/or`` -> ``and`` ``/`` ``or``; ``wanna`` -> ``wan`` ``na``;
  decade and year abbreviations (``’90s``, ``'71``) and hashtags (``#MeToo``) stay whole;
* emoticon exceptions that collide with ordinary punctuation after a bracket or in numbered lists
  (``):``, ``(:``, ``8)``) are removed.

Everything is set through the tokenizer's serialisable attributes (``prefix_search``, ``suffix_search``,
``infix_finditer``, ``token_match`` and ``rules``), so ``nlp.to_disk`` saves the rules with the pipeline and
``spacy.load`` restores them without this module. :func:`customize_tokenizer` is idempotent.

In a training config::

    [initialize.before_init]
    @callbacks = "backchannel.news_tokenizer.v1"
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import NORM, ORTH
from spacy.lang.char_classes import ALPHA
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

__all__ = ["customize_tokenizer", "make_news_tokenizer_callback"]

# Runs of one punctuation mark that UD EWT keeps as a single token ("!!!", "?!", "***", "=====").
_RUNS = [r"[!?]{2,}", r"\*{2,}", r"={2,}", r"_{2,}", r"~{2,}", r"<{2,}", r">{2,}"]

# Apostrophes that do not start a year or decade abbreviation ('71, ’90s), and a '#' that does not start
# a hashtag (#MeToo). They replace spaCy's plain "'", "’" and "#" prefixes.
_PREFIX_REPLACEMENTS = {
    r"\'": r"\'(?![0-9]{2}(?![0-9]))",
    "’": r"’(?![0-9]{2}(?![0-9]))",
    "#": rf"#(?![{ALPHA}])",
}

_PREFIXES_FIRST = list(_RUNS)

_SUFFIXES_FIRST = [
    *_RUNS,
    # 7:30PM, 6:00am, 10:30p.m. -> time + am/pm ("5pm" is already a spaCy exception)
    r"(?<=[0-9])(?:[aApP]\.?[mM]\.?)",
]

_INFIXES_FIRST = [
    # number ranges with dashes: 2014–2022, 1990—1995, 10--12 (a hyphen already splits)
    r"(?<=[0-9])(?:--|–|—)(?=[0-9])",
    # a dash after an abbreviation: U.S.-brokered, D.C.–based
    rf"(?<=[{ALPHA}]\.)(?:--|-|–|—)(?=[{ALPHA}0-9])",
    # a hyphen between letters and digits: F-16, Covid-19, I-44 (EWT / GUM split these)
    rf"(?<=[{ALPHA}])-(?=[0-9])",
]

# First parts of hyphenated words that UD English EWT and GUM keep as one token (counted in their
# train + dev data: non- 61 whole / 1 split, e- 50/3, re- 28/0, anti- 23/0, co- 22/1, pre- 20/0,
# mid- 20/0, pro- 17/0, cross- 16/0, post- 10/1, over- 7/1, semi- 7/0, counter- 6/0, ...), while
# "self-", "well-", "al-", "pan-", "quasi-" and ordinary compounds are split.
BOUND_PREFIXES = [
    "anti", "co", "counter", "cross", "e", "ex", "inter", "intra", "micro", "mid", "mini", "multi",
    "neo", "non", "over", "post", "pre", "pro", "re", "semi", "socio", "sub", "super", "ultra"
]


def _either_case(word: str) -> str:
    """'pro' -> '[pP]ro': lower case or capitalised, not ALL CAPS (so 'UN-backed' is not 'un-')."""
    return f"[{word[0]}{word[0].upper()}]{re.escape(word[1:])}"


_BOUND = "|".join(_either_case(p) for p in sorted(BOUND_PREFIXES, key=len, reverse=True))

TOKEN_MATCH = (
    r"^(?:"
    # pro-Russian, anti-war, e-mail, Non-aligned (one hyphen, letters after it)
    rf"(?:{_BOUND})-[{ALPHA}]+"
    # mid-2004, mid-1980s, mid-80s
    r"|[mM]id-[0-9]{2,4}s?"
    # phone numbers: 713-853-3989, 1-800-991-9019, 345-9945
    r"|(?:1-)?(?:[0-9]{3}-)?[0-9]{3}-[0-9]{4}"
    # numeric dates: 11-20-2000, 02-05-02
    r"|[0-9]{1,2}-[0-9]{1,2}-(?:[0-9]{2}|[0-9]{4})"
    r")$"
)

# Abbreviations kept whole in addition to spaCy's English exceptions (which already have Mr., Mrs., Ms.,
# Dr., Gen., Gov., Rep., Sen., Jr., St., Prof., Rev., Mt., months, most US states, Inc., Corp., ...).
# Acronyms with inner periods (U.S., U.K., U.N., E.U., J.D.) and initials (A.-Z.) need no exception:
# spaCy's suffix rules never split a period that follows "X." or a lone capital.
ABBREVIATIONS = (
    # military and civil titles
    "Lt. Col. Capt. Sgt. Maj. Cmdr. Cdr. Brig. Cpl. Pvt. Spc. Adm. Gens. Sens. Reps. Pres. Amb. Hon. "
    "Sr. Esq. Supt. Insp. Det. Atty. "
    # organisations and places
    "Dept. Ft. Blvd. Vt. Wyo. "
    # weekdays ("Sun." is left out: "the Sun." ends sentences in news)
    "Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri. Sat. "
    # Latin and reference abbreviations
    "etc. al. approx. ext. vol. Vol."
).split()

# Contractions split like spaCy's "gonna" -> "gon" "na", as UD EWT and GUM split them ("kinda", which
# both treebanks keep whole, is left alone).
CONTRACTIONS: dict[str, list[tuple[str, str]]] = {
    "wanna": [("wan", "want"), ("na", "to")],
    "lotta": [("lot", "lot"), ("ta", "of")],
}

# Exceptions removed from spaCy's English set. "and/or" is split by both treebanks; the emoticons
# collide with prose: "(see below):", "(8)", "(;".
REMOVED_EXCEPTIONS = ["and/or", "):", "(:", "(;", "(=", "[:", "[=", "]=", "8)", "8-)", "(-8"]


def _replace(patterns: list[str], replacements: dict[str, str]) -> list[str]:
    return [replacements.get(p, p) for p in patterns]


def customize_tokenizer(nlp: Language) -> None:
    """Tune ``nlp.tokenizer`` in place for news text, on top of spaCy's English defaults.

    Idempotent. Sets ``prefix_search``, ``suffix_search``, ``infix_finditer``, ``token_match`` and the
    special-case ``rules``, all of which ``nlp.to_disk`` / ``Tokenizer.to_bytes`` serialise.
    """
    defaults = English.Defaults
    prefixes = _PREFIXES_FIRST + _replace([str(p) for p in defaults.prefixes or []], _PREFIX_REPLACEMENTS)
    suffixes = _SUFFIXES_FIRST + [str(p) for p in defaults.suffixes or []]
    infixes = _INFIXES_FIRST + [str(p) for p in defaults.infixes or []]

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError("customize_tokenizer needs spaCy's rule-based Tokenizer")
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.token_match = re.compile(TOKEN_MATCH).match
    if tokenizer.url_match is None:
        tokenizer.url_match = defaults.url_match

    rules: dict[str, list[dict[int, str]]] = {
        **(defaults.tokenizer_exceptions or {}),
        **(tokenizer.rules or {}),
    }
    for key in REMOVED_EXCEPTIONS:
        rules.pop(key, None)
    for abbr in ABBREVIATIONS:
        rules[abbr] = [{ORTH: abbr}]
    for word, parts in CONTRACTIONS.items():
        for form in (word, word.capitalize()):
            pieces: list[dict[int, str]] = []
            pos = 0
            for orth, norm in parts:
                pieces.append({ORTH: form[pos : pos + len(orth)], NORM: norm})
                pos += len(orth)
            rules[form] = pieces
    # Setting ``rules`` rebuilds the special cases and clears the tokenizer's cache.
    tokenizer.rules = rules


@registry.callbacks("backchannel.news_tokenizer.v1")  # type: ignore[untyped-decorator]
def make_news_tokenizer_callback() -> Callable[[Language], Language]:
    """Config callback: ``[initialize.before_init]`` or ``[nlp.after_creation]`` with
    ``@callbacks = "backchannel.news_tokenizer.v1"``."""

    def news_tokenizer(nlp: Language) -> Language:
        customize_tokenizer(nlp)
        return nlp

    return news_tokenizer
