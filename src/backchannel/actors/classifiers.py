"""The kind of body a text says a name is: "the secularist magazine MicroMega", "the party Civic Passion".

An organisation's sector that its name does not tell ("MicroMega", "Demosisto") is often written just
before it, as a common noun the name stands in apposition to. When the word before a named organisation
(after at most ``_MAX_MODIFIERS`` adjectives or nouns) is a role noun of an organisation with a sector in
``nominal_heads.tsv`` ("magazine" → JRN, "party" → PTY, "ministry" → GOV), and the organisation has no
sector yet, it takes that one (and is an organisation, whatever the NER said). One look back from the
first token of each named mention: negligible.
"""

from __future__ import annotations

from .clusters import Registry
from .tokens import Tokens
from .vocab import nominal_heads

_MAX_MODIFIERS = 2


def classifier_sectors(toks: Tokens, registry: Registry) -> None:
    """Give organisations without a sector the sector of the role noun written before their name."""
    heads = nominal_heads()
    for cluster in registry.clusters:
        if cluster.kind not in ("organization", "person") or cluster.sector is not None:
            continue
        for span in cluster.named:
            k = span.start - 1
            if k < 0 or toks.lower[k] == "the":
                continue
            entry = heads.get(toks.lemma[k]) or heads.get(toks.lower[k])
            if entry is None or entry.kind != "organization" or entry.sector is None:
                continue
            i, seen = k - 1, 0
            while i >= 0 and seen < _MAX_MODIFIERS and toks.pos[i] in ("ADJ", "NOUN", "PROPN") \
                    and i not in registry.by_token:
                i, seen = i - 1, seen + 1
            if i >= 0 and toks.lower[i] in ("the", "a", "an"):
                cluster.sector = entry.sector
                cluster.kind = "organization"  # "the magazine MicroMega" the NER took for a person's name
                break
