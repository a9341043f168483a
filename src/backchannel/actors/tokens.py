"""The token attributes the actor rules read most, read once per document.

Every ``token.text``, ``token.lower_`` or ``token.pos_`` is a string-store look-up, and ``doc[i]`` or
``for t in doc`` makes a new ``Token`` object each time; the actor rules read each token many times
over. A ``Tokens`` holds plain lists of each token's ``text``, ``lower_`` and ``pos_`` (strings, which
the garbage collector does not track, unlike a list of ``Token`` objects), and ``toks[i]`` /
``toks[a:b]`` give the doc's ``Token`` / ``Span`` where a rule needs more. It lives only for one
component call: nothing keeps it on the ``Doc``, so memory stays flat over a long batch.
"""

from __future__ import annotations

from typing import overload

from spacy.attrs import IS_SPACE, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span, Token


class Tokens:
    """``doc``'s tokens: ``text[i]``, ``lower[i]``, ``pos[i]`` and ``space[i]`` (``is_space``) of token ``i``;
    ``toks[i]`` is ``doc[i]``."""

    __slots__ = ("doc", "text", "lower", "pos", "space", "role_words")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: list[str] = []
        self.lower: list[str] = []
        text, lower = self.text.append, self.lower.append
        for t in doc:  # one pass: each ``for t in doc`` makes a new ``Token`` per word
            text(t.text)
            lower(t.lower_)
        # ``Token.pos_`` is ``parts_of_speech.NAMES[token.pos]``; one array read is cheaper than a look-up per token.
        self.pos: list[str] = [POS_NAMES[p] for p in doc.to_array(POS).tolist()]
        self.space: list[int] = doc.to_array(IS_SPACE).tolist()  # ``token.is_space`` as 1/0
        self.role_words: dict[int, bool] = {}  # token index → ``mentions._is_role_word``, filled as read

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> Span: ...

    def __getitem__(self, i: int | slice) -> Token | Span:
        return self.doc[i]
