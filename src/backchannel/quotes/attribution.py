"""Finding quotes: rules on the UD parse, precision first.

Order of the rules (each quotation-mark pair is used at most once):

1. **cue verbs** with a clause complement (``ccomp``; ``xcomp`` for ask/suggest/promise/warn verbs
   or a named listener; the direct object for "floated a ceasefire"-type verbs; the clause a
   parenthetical "…, he said, …" interrupts). The complement is the content: **direct** when it is
   a quotation, **mixed** when it contains one, **indirect** otherwise.
   Cue nouns with a that-clause ("Trump's claim that …") count too, their owner as the source.
2. **"according to X"**: the clause the phrase attaches to, minus the phrase (form ``according_to``).
3. **quotation marks** not used by 1: a cue verb attached to the quotation in the parse or standing
   next to it ("…,” said Peskov", "Peskov said: “…”"), a colon ("Peskov: “…”") or dash
   ("“…” — Peskov") attribution, else a **follow-on** quote that takes the previous quote's speaker
   when it opens a sentence in the same or the next paragraph. A sentence-like quotation with none
   of these keeps ``speaker: None``; short quoted terms (“active measures,”) are not speech.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from .cues import Cue, Hits, Lexicon
from .marks import pair_marks
from .model import Quote
from .speakers import ActorIndex, listener_of, noun_phrase, subject_of

_XCOMP_ACTS = frozenset({"suggest", "ask", "promise", "warn"})
_QUOTE_LINKS = frozenset({"ccomp", "parataxis", "dep", "obj", "xcomp", "advcl", "conj", "csubj", "root"})
_CUE_LINKS = frozenset({"parataxis", "ccomp", "conj", "advcl", "dep"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_DASHES = frozenset({"—", "–", "-", "--"})
_REFERRING_DETS = frozenset({"the", "this", "that", "these", "its", "their"})
_MARK_CHARS = "“”„\"«»‹›‘’‚"


@dataclass
class Quoted:
    """A quotation-mark pair mapped to tokens: ``span`` is the content inside the marks."""

    span: Span
    paragraph: int
    speechlike: bool
    used: bool = False


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """``doc[start:end]`` without edge punctuation, spaces, quotation marks and a leading "that"."""
    while start < end and (doc[start].is_punct or doc[start].is_space or
                           (doc[start].lower_ in ("that", "whether") and doc[start].dep_ == "mark")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def quoted_spans(doc: Doc) -> list[Quoted]:
    found = []
    text = doc.text
    for q in pair_marks(text):
        span = doc.char_span(q.start, q.end, alignment_mode="contract")
        if span is None or not len(span):
            continue
        inner = _trim(doc, span.start, span.end)
        if inner is None:
            continue
        words = sum(1 for t in inner if not t.is_punct)
        last = span[-1].text if span[-1].text not in _MARK_CHARS else (span[-2].text if len(span) > 1 else "")
        clause = any(t.pos_ in ("VERB", "AUX") for t in inner)
        speechlike = words >= 5 or (words >= 2 and (last in (".", "?", "!") or clause)) or last in ("?", "!")
        found.append(Quoted(inner, text.count("\n", 0, q.open_at), speechlike))
    return found


class Attributor:
    """Runs the rules on one document; ``quotes`` in text order after ``run()``."""

    def __init__(self, doc: Doc, lexicon: Lexicon, hits: Hits, actors: ActorIndex) -> None:
        self.doc, self.lexicon, self.hits, self.actors = doc, lexicon, hits, actors
        self.quoted = quoted_spans(doc)
        self.quotes: list[Quote] = []
        self.cue_set = set(hits.verbs)
        self._by_token: dict[int, Quoted] = {}
        for q in self.quoted:
            for i in range(q.span.start, q.span.end):
                self._by_token[i] = q

    def run(self) -> list[Quote]:
        for i in self.hits.verbs:
            self._from_cue_verb(self.doc[i])
        for i in self.hits.according:
            self._from_according(self.doc[i])
        for i in self.hits.nouns:
            self._from_cue_noun(self.doc[i])
        for q in self.quoted:
            if not q.used and q.speechlike:
                self._from_marks(q)
            elif not q.used and _opens_sentence(self.doc, q.span.start):
                # “But not now,” he said, …: a short quotation counts when a cue follows at once.
                cue = self._adjacent_cue(q, before=False)
                if cue is not None:
                    q.used = True
                    self._add("direct", q.span, cue, self._cue(cue), subject_of(cue) or self._inverted_subject(cue))
        self.quotes.sort(key=lambda quote: quote.content.start)
        _nest(self.quotes)
        return self.quotes

    # --- rule 1 -------------------------------------------------------------------------------
    def _cue(self, tok: Token) -> Cue:
        return self.lexicon.verbs[tok.lemma_.lower()]

    def _inside_speech(self, tok: Token) -> bool:
        q = self._by_token.get(tok.i)
        return q is not None and q.speechlike

    def _complement(self, cue: Token, entry: Cue) -> tuple[Token | None, bool]:
        """The content's head and whether the cue is a parenthetical inside it ("…, he said, …")."""
        listener = None
        for child in cue.children:
            if child.dep_ == "ccomp" or (child.dep_ in ("acl", "advcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in child.children)):
                return child, False
        for child in cue.children:
            if child.dep_ == "parataxis" and self._inside_speech(child):
                return child, False
            if child.dep_ in ("iobj", "obj"):
                listener = child
        for child in cue.children:
            if child.dep_ == "xcomp" and (entry.act in _XCOMP_ACTS or (entry.addressee and listener is not None)):
                return child, False
            if (child.dep_ == "obj" and entry.object_content and child.pos_ in ("NOUN", "PROPN")
                    and child.i not in self.actors.by_token):
                return child, False
        if (cue.dep_ == "parataxis" and cue.head.i != cue.i and not cue.head.is_space
                and subject_of(cue) is not None):
            return cue.head, True
        return None, False

    def _from_cue_verb(self, cue: Token) -> None:
        if self._inside_speech(cue):
            return  # a cue inside someone's quotation is their speech, not an attribution
        entry = self._cue(cue)
        head, parenthetical = self._complement(cue, entry)
        if head is None:
            return
        if parenthetical:
            own = set(range(cue.left_edge.i, cue.right_edge.i + 1))
            left, right = head.left_edge.i, head.right_edge.i + 1
            if cue.right_edge.i + 1 >= right - 1:
                right = cue.left_edge.i
            elif cue.left_edge.i <= left + 1:
                left = cue.right_edge.i + 1
            extent = _trim(self.doc, left, right)
            if extent is None or all(i in own for i in range(extent.start, extent.end)):
                return
        else:
            extent = _trim(self.doc, head.left_edge.i, head.right_edge.i + 1)
        if extent is None:
            return
        form, content = "indirect", extent
        for q in self.quoted:
            if q.used or q.span.end <= extent.start or q.span.start >= extent.end:
                continue
            outside = sum(1 for t in extent if not t.is_punct and not (q.span.start <= t.i < q.span.end))
            if outside == 0 or not (extent.start <= q.span.start and q.span.end <= extent.end):
                if not q.speechlike and outside:
                    continue
                form, content = "direct", q.span
            else:
                form = "mixed"
                closing = self.doc[q.span.end] if q.span.end < len(self.doc) else None
                if content.end == q.span.end and closing is not None and closing.text in _MARK_CHARS:
                    content = self.doc[content.start:q.span.end + 1]  # keep the closing mark with its opener
            q.used = True
        if form == "indirect" and parenthetical:
            return  # "The plan, he said, is dead" without marks is too often a misparse
        self._add(form, content, cue, entry)

    def _add(self, form: str, content: Span, cue: Token, entry: Cue, subject: Token | None = None) -> None:
        subject = subject or subject_of(cue)
        speaker, speaker_span = self._speaker(subject)
        listener = listener_of(cue, entry.addressee)
        addressee = self.actors.of_span(noun_phrase(listener), listener) if listener is not None else None
        negated = any(c.dep_ == "advmod" and c.lower_ in _NEGATIONS for c in cue.children)
        end = cue.i + 1
        for child in cue.rights:  # "pointed out", "called for"
            if child.dep_ == "compound:prt" and child.i == end:
                end += 1
        self.quotes.append(Quote(form=form, content=content, speaker=speaker, speaker_span=speaker_span,
                                 cue=self.doc[cue.i:end], addressee=addressee, act=entry.act,
                                 status="negated" if negated else entry.status))

    def _speaker(self, subject: Token | None) -> tuple[ActorCluster | None, Span | None]:
        if subject is None or subject.lower_ in ("it", "there"):
            return None, None
        span = noun_phrase(subject)
        noun = self.lexicon.nouns.get(subject.lemma_.lower()) if subject.pos_ == "NOUN" else None
        if noun is not None:
            for child in subject.children:
                if child.dep_ == "nmod:poss":
                    return self.actors.of_span(noun_phrase(child), child), span
            if any(c.dep_ == "det" and c.lower_ in _REFERRING_DETS for c in subject.children):
                earlier = self._earlier_source(subject, noun)
                return (earlier.speaker if earlier is not None else None), span
            return None, span
        return self.actors.of_span(span, subject), span

    def _earlier_source(self, noun: Token, entry: Cue) -> Quote | None:
        """"the report" → the last earlier quote whose cue is a report (or has the same lemma)."""
        best = None
        for quote in self.quotes:
            if quote.cue is None or quote.cue.start >= noun.i or quote.speaker_span is None:
                continue
            if quote.act == entry.act or quote.cue.root.lemma_.lower() == noun.lemma_.lower():
                if best is None or quote.cue.start > best.cue.start:  # type: ignore[union-attr]
                    best = quote
        return best

    def _from_cue_noun(self, noun: Token) -> None:
        """"Trump's claim that …", "the Kremlin's denial that …": a noun cue with a that-clause."""
        if self._inside_speech(noun):
            return
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if clause is None:
            return
        content = _trim(self.doc, clause.left_edge.i, clause.right_edge.i + 1)
        if content is None:
            return
        owner = next((c for c in noun.children if c.dep_ == "nmod:poss"), None)
        entry = self.lexicon.nouns[noun.lemma_.lower()]
        speaker_span = noun_phrase(owner) if owner is not None else None
        if speaker_span is not None and speaker_span[-1].text in ("'s", "’s"):
            speaker_span = speaker_span[:-1]
        for q in self.quoted:
            if not q.used and content.start <= q.span.start and q.span.end <= content.end:
                q.used = True
        self.quotes.append(Quote(form="indirect", content=content, speaker=self.actors.of_span(speaker_span, owner),
                                 speaker_span=speaker_span, cue=self.doc[noun.i:noun.i + 1], act=entry.act,
                                 status=entry.status))

    # --- rule 2 -------------------------------------------------------------------------------
    def _from_according(self, according: Token) -> None:
        doc = self.doc
        source = according.head if according.dep_ == "case" and according.head.i != according.i else None
        if source is None:
            source = next((t for t in doc[according.i + 2:according.i + 7] if t.pos_ in ("NOUN", "PROPN", "PRON")),
                          None)
        if source is None or self._inside_speech(according):
            return
        clause = source.head if source.head.i != source.i else None
        if clause is None:
            return
        phrase_start = min(according.i, source.left_edge.i)
        phrase_end = source.right_edge.i + 1
        left, right = clause.left_edge.i, clause.right_edge.i + 1
        if phrase_start <= left + 1:
            left = phrase_end
        elif phrase_end >= right - 1:
            right = phrase_start
        else:
            return
        content = _trim(doc, left, right)
        if content is None:
            return
        entry = self.lexicon.phrases["according to"]
        speaker, speaker_span = self._speaker(source)
        if speaker_span is not None and speaker_span.start <= according.i + 1:
            speaker_span = _trim(doc, according.i + 2, speaker_span.end)
        for q in self.quoted:
            if not q.used and content.start <= q.span.start and q.span.end <= content.end:
                q.used = True
        self.quotes.append(Quote(form="according_to", content=content, speaker=speaker, speaker_span=speaker_span,
                                 cue=doc[according.i:according.i + 2], act=entry.act, status=entry.status))

    # --- rule 3 -------------------------------------------------------------------------------
    def _from_marks(self, q: Quoted) -> None:
        doc = self.doc
        q.used = True
        cue = self._linked_cue(q) or self._adjacent_cue(q)
        if cue is not None:
            subject = subject_of(cue) or self._inverted_subject(cue)
            self._add("direct", q.span, cue, self._cue(cue), subject)
            return
        before = _prev_word(doc, q.span.start)
        after = _next_word(doc, q.span.end)
        if before is not None and before.text == ":" and before.i > 0:
            named = doc[before.i - 1]
            cluster = self.actors.by_token.get(named.i)
            if cluster is not None or named.pos_ == "PROPN":
                self._add_unverbed(q, _name_head(named), doc[before.i:before.i + 1])
                return
        if after is not None and after.text in _DASHES and after.i + 1 < len(doc):
            named = doc[after.i + 1]
            if named.i in self.actors.by_token or named.pos_ == "PROPN":
                self._add_unverbed(q, _name_head(named), doc[after.i:after.i + 1])
                return
        previous = self._previous_quote(q)
        if previous is not None and _opens_sentence(doc, q.span.start):
            self.quotes.append(Quote(form="direct", content=q.span, speaker=previous.speaker, act="say",
                                     status="reported"))
            return
        if _opens_sentence(doc, q.span.start) and q.span[0].text[:1].isupper():
            self.quotes.append(Quote(form="direct", content=q.span, act="say", status="reported"))

    def _add_unverbed(self, q: Quoted, name: Token, cue: Span) -> None:
        speaker_span = noun_phrase(name)
        speaker = self.actors.of_span(speaker_span, name)
        self.quotes.append(Quote(form="direct", content=q.span, speaker=speaker, speaker_span=speaker_span,
                                 cue=cue, act="say", status="reported"))

    def _linked_cue(self, q: Quoted) -> Token | None:
        span = q.span
        for tok in span:
            head = tok.head
            if (not (span.start <= head.i < span.end) and head.i in self.cue_set and tok.dep_ in _QUOTE_LINKS
                    and self._same_paragraph(span, head)):
                return head
            for child in tok.children:
                if (not (span.start <= child.i < span.end) and child.i in self.cue_set and child.dep_ in _CUE_LINKS
                        and self._same_paragraph(span, child)):
                    return child
        return None

    def _same_paragraph(self, span: Span, tok: Token) -> bool:
        text = self.doc.text
        if tok.i < span.start:
            return "\n" not in text[tok.idx:span.start_char]
        return "\n" not in text[span.end_char:tok.idx]

    def _adjacent_cue(self, q: Quoted, before: bool = True) -> Token | None:
        """A cue verb right before ("Peskov said: “…”") or right after ("…,” he said") the marks."""
        doc = self.doc
        previous = _prev_word(doc, q.span.start) if before else None
        if previous is not None and previous.text in (":", ","):
            for tok in reversed(doc[max(0, previous.i - 6):previous.i]):
                if tok.text in (".", "?", "!") or "\n" in tok.text or self._by_token.get(tok.i) is not None:
                    break
                if tok.i in self.cue_set:
                    return tok
        after = q.span.end
        while after < len(doc) and (doc[after].is_punct or doc[after].is_space) and doc[after].text != "—":
            if "\n" in doc[after].text:
                return None
            after += 1
        for tok in doc[after:min(after + 4, len(doc))]:
            if tok.is_punct:
                break
            # A cue with its own unquoted complement introduces something else.
            if tok.i in self.cue_set and not any(c.dep_ in ("ccomp", "obj") and c.i not in self._by_token
                                                 for c in tok.children):
                return tok
        return None

    def _inverted_subject(self, cue: Token) -> Token | None:
        """"…,” said Peskov": a name right after the cue."""
        nxt = self.doc[cue.i + 1] if cue.i + 1 < len(self.doc) else None
        if nxt is not None and (nxt.pos_ in ("PROPN", "PRON") or nxt.i in self.actors.by_token):
            return _name_head(nxt)
        return None

    def _previous_quote(self, q: Quoted) -> Quote | None:
        earlier = [quote for quote in self.quotes if quote.content.end <= q.span.start
                   and quote.form in ("direct", "mixed") and quote.speaker is not None]
        if not earlier:
            return None
        previous = max(earlier, key=lambda quote: quote.content.end)
        gap = self.doc.text.count("\n", previous.content.end_char, q.span.start_char)
        return previous if gap <= 2 else None


def _name_head(tok: Token) -> Token:
    while tok.dep_ in ("flat", "flat:name", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _prev_word(doc: Doc, i: int) -> Token | None:
    i -= 1
    while i >= 0 and (doc[i].text in _MARK_CHARS or doc[i].is_space):
        i -= 1
    return doc[i] if i >= 0 else None


def _next_word(doc: Doc, i: int) -> Token | None:
    while i < len(doc) and (doc[i].text in _MARK_CHARS or doc[i].is_space or doc[i].text in (",", ".")):
        i += 1
    return doc[i] if i < len(doc) else None


def _opens_sentence(doc: Doc, i: int) -> bool:
    before = _prev_word(doc, i)
    return before is None or before.text in (".", "?", "!", "…") or "\n" in doc.text[before.idx:doc[i].idx]


def _nest(quotes: list[Quote]) -> None:
    """A quote whose cue lies inside another quote's content is reported by that quote's source."""
    for inner in quotes:
        if inner.cue is None:
            continue
        holders = [outer for outer in quotes if outer is not inner and outer.content.start <= inner.cue.start
                   and inner.cue.end <= outer.content.end]
        if holders:
            inner.reported_by = min(holders, key=lambda outer: len(outer.content))
