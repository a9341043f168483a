"""A token's dependents (and conjuncts), read once per document while its events are found.

``Token.children`` makes new ``Token`` objects on every call, and the rules of this layer ask for the dependents
of the same verb a dozen times (subjects, objects, obliques, negation, place, date …). ``children`` answers from a
memo of the document whose events are being found (``remember``, called by ``find_events``); outside it, or for a
token of another document, it reads ``Token.children``.
"""

from __future__ import annotations

import contextvars
from contextvars import ContextVar

from spacy.tokens import Doc, Token


class DocMemo:
    """Token index → its dependents, in text order, for one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.children: dict[int, list[Token]] = {}
        self.conjuncts: dict[int, tuple[Token, ...]] = {}


_CURRENT: ContextVar[DocMemo | None] = ContextVar("backchannel_events_tree", default=None)


def remember(doc: Doc) -> contextvars.Token[DocMemo | None]:
    """From now on, ``children`` of ``doc``'s tokens are read once and remembered, until ``forget`` is called
    with the returned token."""
    return _CURRENT.set(DocMemo(doc))


def forget(token: contextvars.Token[DocMemo | None]) -> None:
    _CURRENT.reset(token)


def children(token: Token) -> list[Token]:
    """``token``'s dependents in text order, as ``Token.children`` gives them."""
    memo = _CURRENT.get()
    if memo is None or memo.doc is not token.doc:
        return list(token.children)
    found = memo.children.get(token.i)
    if found is None:
        found = memo.children[token.i] = list(token.children)
    return found


def conjuncts(token: Token) -> tuple[Token, ...]:
    """``token.conjuncts``, read once per token like ``children``."""
    memo = _CURRENT.get()
    if memo is None or memo.doc is not token.doc:
        return token.conjuncts
    found = memo.conjuncts.get(token.i)
    if found is None:
        found = memo.conjuncts[token.i] = token.conjuncts
    return found
