"""``data/actors/common_words.txt``: the knowledge base's one-word names that are common English words.

A single word that names someone in the knowledge base (a surname, an organisation's or a country's
one-word name) but that the English treebanks' training splits write in lower case more often than
capitalised away from the start of a sentence (``build.CommonWords.generic``) is no evidence of an actor
alone: the name-recovery rule in ``actors/known.py`` does not take it. Written by ``make kb``
(``training/build_kb.py``) after the knowledge base, from the same counts.
"""

from __future__ import annotations

from pathlib import Path

from .base import KnowledgeBase
from .build import CommonWords

HEADER = """\
# Single words that name someone in the knowledge base (a surname, or an organisation's or country's one-word
# name) but that the English treebanks' training splits (EWT train, CC BY-SA 4.0; GUM train, its documents licensed
# CC BY, CC BY-SA or public domain only; annotations CC BY 4.0) write in lower case
# more often than capitalised away from the start of a sentence (kb.build.CommonWords.generic): "Brown",
# "May", "Bush"-like words that alone are no evidence of an actor. The name-recovery rule in actors/known.py does
# not take them alone. Written by `make kb` (backchannel.kb.common_words); do not edit by hand.
"""


def common_names(kb: KnowledgeBase, common: CommonWords) -> list[str]:
    """The one-word names of ``kb`` that ``common`` counts as common words, sorted."""
    return sorted(w for w in kb.one_word_names() if w.isalpha() and common.generic(w.capitalize()))


def write_common_words(path: Path, kb: KnowledgeBase, common: CommonWords) -> int:
    """Write the list to ``path``; returns how many words it holds."""
    words = common_names(kb, common)
    path.write_text(HEADER + "".join(w + "\n" for w in words), encoding="utf-8")
    return len(words)
