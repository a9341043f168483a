"""Finding quotes: rules on the UD parse, precision first.

Order of the rules (each quotation-mark pair is used at most once):

1. **cue verbs** with a clause complement (``ccomp``; ``xcomp`` for ask/suggest/promise/warn verbs
   or a named listener; the direct object for "floated a ceasefire"-type verbs, with its "for …"/"as …"
   phrase for criticism verbs; the clause a parenthetical "…, he said, …" interrupts, without
   quotation marks only when the cue closes the sentence: "The talks stalled, a source said."). The
   complement is the content: **direct** when it is a quotation, **mixed** when it contains one or
   leads into one ("said that fraud is “a big problem …”"), **indirect** otherwise.
   Cue nouns with a that-clause ("Trump's claim that …") count too, their owner as the source.
2. **"according to X"**: the clause the phrase attaches to, minus the phrase (form ``according_to``).
   A paragraph opened by a name and a colon ("Lavrov: Moscow Will Not Accept …", a transcript's
   "PENCE: Well, …") is that name's statement, cue ":".
3. **quotation marks** not used by 1: a cue verb attached to the quotation in the parse or standing
   next to it ("…,” said Peskov", "Peskov said: “…”"), a colon ("Peskov: “…”") or dash
   ("“…” — Peskov") attribution, else a **follow-on** quote that takes the previous quote's speaker
   when it opens a sentence in the same or the next paragraph. A sentence-like quotation with none
   of these keeps ``speaker: None``; short quoted terms (“active measures,”) are not speech.

Speakers (``Attributor._speaker``): the subject's actor from the actors layer; a he/she that resumes a
dislocated phrase takes that phrase's actor ("the head of NATO, Hoop Scheffer, he has explained …");
a document as the source takes its issuer — "the report" the last earlier source that reported or
issued one ("Bloomberg released recordings … The recordings show …"), else the one publication named
before; "a leaked letter" the one actor that owns a letter elsewhere in the text ("The Home Office
letter"). Unnamed sources ("officials", "a senior diplomat") keep their span and no speaker.

Span conventions (the PolNeAR annotation guidelines' where they match what a reader highlights):
the **content** keeps its complementiser ("said [that the talks would continue]"), an infinitive's
"to" ("plans [to visit Beijing]") and the one asked to act ("urged [ministers to publish it]"; in
"told Witkoff [to call Putin]" Witkoff is the addressee only); the **cue** is the whole contiguous
verb group (``verb_group``: "has repeatedly said", "pointed out", "said in a statement", "called
for", "said Friday", not the listener of "told reporters"); the **source** is the whole noun phrase with its
modifiers, coordination and an identifying apposition ("Chris Brownell, an audience member"), not a
relative clause on its head (``speakers.source_phrase``). A quotation that continues an earlier one
("…,” she said. “…”) shares that quote's source and cue. Beliefs, intentions and stances ("wants",
"plans", "supports", "called X Y") count as attributions, except inside someone else's reported
speech ("He said Moscow wants …" is one quote, not two).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from ..events.dates import RELATIVE_DAYS, WEEKDAYS
from .cues import MEDIA, POS_AUX, POS_VERB, Cue, Hits, Lexicon
from .marks import pair_marks
from .model import Quote
from .spans import (
    _MARK_CHARS,
    _after_lead,
    _bare_infinitive,
    _before_aside,
    _before_own_report,
    _between_commas,
    _called_on,
    _closes_sentence,
    _coordinated_end,
    _dislocated,
    _name_head,
    _nest,
    _next_word,
    _object_complement,
    _object_rest,
    _opens_sentence,
    _prep_object,
    _prev_word,
    _referring,
    _trim,
    _withheld,
    verb_group,
)
from .speakers import ActorIndex, listener_of, noun_phrase, source_phrase, subject_of

_XCOMP_ACTS = frozenset({"suggest", "ask", "promise", "warn", "intend", "predict"})
_XCOMP_LEMMAS = frozenset({"hope", "fear", "agree"})
# Acts whose cue takes a clause ("said [the talks failed]"); the rest of the sentence stands in for a
# complement the parse missed (``_rest_of_sentence``), up to ``_MAX_REST`` tokens.
_CLAUSE_ACTS = frozenset({"say", "write", "claim", "report", "explain", "insist", "argue", "announce", "admit",
                          "acknowledge", "confirm", "warn", "predict", "believe"})
_MAIN_DEPS = frozenset({"ROOT", "conj", "parataxis"})
_TIME_DEPS = frozenset({"obl:tmod", "obl:unmarked", "obl:npmod"})
_NOT_CLAUSE_OPENERS = frozenset({"ADP", "PUNCT", "CCONJ", "PART", "ADV"})
_MAX_REST = 80
_PERSONAL = frozenset({"he", "she", "him", "her"})
_RELATIVES = frozenset({"who", "which", "that"})
_IT_KINDS = frozenset({"organization", "country"})  # what an unresolved "it" can speak for
_STANCE_ACTS = frozenset({"support", "oppose"})  # their object is what they stand for, actor or not
_ATTITUDE_ACTS = frozenset({"believe", "intend", "support", "oppose", "characterize"})
_QUOTE_LINKS = frozenset({"ccomp", "parataxis", "dep", "obj", "xcomp", "advcl", "conj", "csubj", "root"})
_CUE_LINKS = frozenset({"parataxis", "ccomp", "conj", "advcl", "dep"})
# Noun-phrase frames (``frames.tsv``): what can be the object, acts whose content can be an actor
# ("attacked Machado", "backed Clinton"), subjects that name no source, the words allowed between the verb
# group and a frame's preposition ("spoke out Tuesday about", "asked Clinton about").
_FRAME_OBJECTS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_ACTOR_CONTENT_ACTS = frozenset({"accuse", "support", "oppose"})
_EMPTY_SUBJECTS = frozenset({"there", "that", "which", "what"})
_MAX_CUE_GAP = 4
_FRAME_DEPS = frozenset({"obj", "obl", "obl:arg", "advcl", "compound:prt"})  # what a frame reads, right of the cue
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_DASHES = frozenset({"—", "–", "―", "-", "--"})
# Words that open a "Label: …" paragraph without naming a speaker.
_LINE_LABELS = frozenset({"update", "updated", "watch", "read", "related", "note", "editor", "photo", "video",
                          "source", "sources", "breaking", "exclusive", "opinion", "analysis", "correction",
                          "q", "a", "question", "answer", "see", "listen", "more", "also", "background",
                          "credit", "image", "caption", "disclosure", "transcript", "live", "clarification", "full",
                          "map", "chart", "graphic", "timeline", "factbox", "explainer", "subscribe"})


def _speaks_as_it(quote: Quote) -> bool:
    return quote.speaker is not None and quote.speaker.kind in _IT_KINDS


# The relations by which a title or descriptor hangs on the name after it ("Ambassador … Hamdullah Mohib").
_TITLE_DEPS = frozenset({"nmod:desc", "compound", "nmod"})


@dataclass
class Quoted:
    """A quotation-mark pair mapped to tokens: ``span`` is the content inside the marks."""

    span: Span
    paragraph: int
    speechlike: bool
    used: bool = False



def quoted_spans(doc: Doc, text: str | None = None, hits: Hits | None = None) -> list[Quoted]:
    """The quotation-mark pairs of ``doc`` as token spans; ``text`` is ``doc.text`` and ``hits`` the
    scan's arrays (POS, punctuation) when the caller has them."""
    found: list[Quoted] = []
    text = doc.text if text is None else text
    marks = pair_marks(text)
    if not marks:
        return found
    pos: list[int] | None = None
    punct: list[bool] | None = None
    if hits is not None and hits.pos is not None and hits.punct is not None:
        pos, punct = hits.pos.tolist(), hits.punct.tolist()  # lists read faster than arrays, a few words at a time
    edge = hits.edge if hits is not None else None
    for q in marks:
        span = doc.char_span(q.start, q.end, alignment_mode="contract")
        if span is None or not len(span):
            continue
        inner = _trim(doc, span.start, span.end, edge)
        if inner is None:
            continue
        if pos is not None and punct is not None:
            start, end = inner.start, inner.end
            words = end - start - sum(punct[start:end])
            clause = POS_VERB in pos[start:end] or POS_AUX in pos[start:end]
        else:
            words = sum(1 for t in inner if not t.is_punct)
            clause = any(t.pos_ in ("VERB", "AUX") for t in inner)
        last = span[-1].text if span[-1].text not in _MARK_CHARS else (span[-2].text if len(span) > 1 else "")
        speechlike = words >= 5 or (words >= 2 and (last in (".", "?", "!") or clause)) or last in ("?", "!")
        found.append(Quoted(inner, text.count("\n", 0, q.open_at), speechlike))
    return found


class Attributor:
    """Runs the rules on one document; ``quotes`` in text order after ``run()``."""

    def __init__(self, doc: Doc, lexicon: Lexicon, hits: Hits, actors: ActorIndex) -> None:
        self.doc, self.lexicon, self.hits, self.actors = doc, lexicon, hits, actors
        # ``Doc.text`` builds every token each time it is read: ``scan`` rebuilt it from an array.
        self.text = hits.text or doc.text
        self.edge = hits.edge  # each token's ``is_punct or is_space``
        self.quoted = quoted_spans(doc, self.text, hits)
        self._words_before: list[int] | None = None
        self._heads: list[int] | None = None
        self._report_cues: list[int] | None = None
        self._owned: dict[str, list[tuple[int, ActorCluster]]] = {}  # document lemma → (token, owner)
        self.quotes: list[Quote] = []
        # (token, lemma, source) of every noun content: "Bloomberg released [recordings …]"
        self.issued: list[tuple[int, str, ActorCluster | None]] = []
        if hits.noun_verbs:
            # a headline's or a misparsed sentence's verb tagged as a noun, with its own subject and a
            # clause: "Trump charges that countries …", "Scott joked that …"
            doc = self.doc
            misread = [i for i in hits.noun_verbs if doc[i].dep_ in _MAIN_DEPS and any(
                c.dep_ == "nsubj" for c in doc[i].children) and any(c.dep_ == "ccomp" for c in doc[i].children)]
            if misread:
                hits.verbs = sorted({*hits.verbs, *misread})
        self.cue_set = set(hits.verbs)
        self._subjects: dict[int, Token | None] = {}
        self._kids: dict[int, list[Token]] = {}  # a cue verb's children, listed once by ``_from_cue_verb``
        self._by_token: dict[int, Quoted] = {}
        for q in self.quoted:
            self._by_token.update(dict.fromkeys(range(q.span.start, q.span.end), q))

    def _subject(self, cue: Token) -> Token | None:
        """``subject_of(cue)``, found once per cue (several rules ask for it)."""
        i = cue.i
        if i not in self._subjects:
            self._subjects[i] = subject_of(cue)
        return self._subjects[i]

    @property
    def words_before(self) -> list[int]:
        """``words_before[i]``: how many tokens before token ``i`` are not punctuation (built on first use)."""
        if self._words_before is None:
            punct = self.hits.punct if self.hits.punct is not None else [t.is_punct for t in self.doc]
            self._words_before = [0, *numpy.cumsum(numpy.logical_not(punct)).tolist()]
        return self._words_before

    def run(self) -> list[Quote]:
        for i in self.hits.verbs:
            self._from_cue_verb(self.doc[i])
        for i in self.hits.according:
            self._from_according(self.doc[i])
        for i in self.hits.nouns:
            self._from_cue_noun(self.doc[i])
        self._from_labelled_lines()
        for q in self.quoted:
            if not q.used and q.speechlike:
                self._from_marks(q)
            elif not q.used and _opens_sentence(self.doc, q.span.start, self.text):
                # “But not now,” he said, …: a short quotation counts when a cue follows at once.
                cue = self._adjacent_cue(q, before=False)
                if cue is not None:
                    q.used = True
                    self._add("direct", q.span, cue, self._cue(cue), self._subject(cue) or self._inverted_subject(cue))
        self.quotes.sort(key=lambda quote: quote.content.start)
        _nest(self.quotes)
        self._resolve_it()
        # A held attitude inside someone's reported speech ("He said he wants …") is part of that speech.
        self.quotes = [q for q in self.quotes if q.reported_by is None or q.act not in _ATTITUDE_ACTS]
        return self.quotes

    def _resolve_it(self) -> None:
        """An "it" source the actors layer left unresolved takes an organisation or country that speaks
        just before it: the source of the quote that reports it ("North Korea stated [it would attack
        …]"), or the speaker of the previous quote in the same paragraph ("…," said KCNA. "…," it added)
        when no other organisation or country is named outside quotation marks in between."""
        previous: Quote | None = None
        for quote in self.quotes:
            span = quote.speaker_span
            if (quote.speaker is None and span is not None and len(span) == 1 and span[0].lower_ == "it"):
                reporter = quote.reported_by
                if reporter is not None and _speaks_as_it(reporter) and reporter.cue is not None \
                        and reporter.cue.end <= span.start:
                    quote.speaker = reporter.speaker
                elif previous is not None and self._only_candidate(previous, span[0]):
                    quote.speaker = previous.speaker
            if quote.speaker is not None and quote.speaker_span is not None:
                previous = quote

    def _only_candidate(self, previous: Quote, pronoun: Token) -> bool:
        """Whether ``previous``'s speaker is the one organisation or country a following "it" can be."""
        anchor = previous.speaker_span
        if not _speaks_as_it(previous) or anchor is None or anchor.start > pronoun.i:
            return False
        if anchor.end > pronoun.i:
            return True  # a continuation sharing the resolved quote's source ("…,” it added; and, later, “…”)
        if "\n" in self.text[anchor.end_char:pronoun.idx]:
            return False
        for i in range(anchor.end, pronoun.i):
            other = self.actors.by_token.get(i)
            if (other is not None and other is not previous.speaker and other.kind in _IT_KINDS
                    and i not in self._by_token):
                return False
        return True

    # --- rule 1 -------------------------------------------------------------------------------
    def _cue(self, tok: Token) -> Cue:
        return self.lexicon.verbs[self.hits.lemma.get(tok.i) or tok.lemma_.lower()]

    def _inside_speech(self, tok: Token) -> bool:
        q = self._by_token.get(tok.i)
        return q is not None and q.speechlike

    def _complement(self, cue: Token, entry: Cue, children: list[Token]) -> tuple[Token | None, bool]:
        """The content's head and whether the cue is a parenthetical inside it ("…, he said, …");
        ``children``: the cue's (each walk of ``Token.children`` builds every token again)."""
        listener = None
        deps = [child.dep_ for child in children]  # read once: each ``dep_`` is a string-store look-up
        for child, dep in zip(children, deps, strict=True):
            if dep == "ccomp" or (dep in ("acl", "advcl", "dep") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in child.children)):
                return child, False
        if entry.act == "deny" and _withheld(deps):
            return None, False  # "the team was denied visas", "denied him bail": a thing withheld, not a denial
        for child, dep in zip(children, deps, strict=True):
            if dep == "parataxis" and self._inside_speech(child):
                return child, False
            if dep in ("iobj", "obj"):
                listener = child
        for child, dep in zip(children, deps, strict=True):
            infinitive = dep == "xcomp" or (dep == "advcl" and child.i > cue.i and any(
                m.dep_ == "mark" and m.lower_ == "to" for m in child.children))  # "urging Trump [to make …]"
            if infinitive and (entry.act in _XCOMP_ACTS or entry.cue in _XCOMP_LEMMAS
                               or (entry.addressee and listener is not None)):
                return child, False
            if (dep == "obj" and entry.object_content and child.pos_ in ("NOUN", "PROPN")
                    and child.lower_ not in WEEKDAYS and child.lower_ not in RELATIVE_DAYS  # "noted Friday that …"
                    and (not entry.object_media or child.lemma_.lower() in MEDIA)
                    and (child.i not in self.actors.by_token or entry.act in _STANCE_ACTS
                         or (entry.act == "accuse" and _object_complement(cue, child) is not None))):
                return child, False
        if "obl:agent" in deps:  # "was endorsed by the Post": the passive subject
            passive = next((c for c, dep in zip(children, deps, strict=True) if dep == "nsubj:pass"), None)
            if passive is not None:
                return passive, False
        if (cue.dep_ == "parataxis" and cue.head.i != cue.i and not cue.head.is_space
                and self._subject(cue) is not None):
            return cue.head, True
        return None, False

    def _from_cue_verb(self, cue: Token) -> None:
        if self._inside_speech(cue):
            return  # a cue inside someone's quotation is their speech, not an attribution
        entry = self._cue(cue)
        if entry.frames_only:  # its frames need a subject of their own
            self._from_frame(cue, list(cue.rights))
            return
        if _bare_infinitive(cue) and self._subject(cue) is None:
            return  # "a chance to discuss the polls", "calls to release them": nobody to say anything
        if entry.act == "characterize":
            self._from_call(cue, entry)
            return
        children = self._kids[cue.i] = list(cue.children)
        head, parenthetical = self._complement(cue, entry, children)
        if entry.clause_only and (head is None or parenthetical or head.dep_ != "ccomp"):
            return  # a learned cue attributes only the clause it was learned with
        final = False
        if head is None and self._from_frame(cue, children):
            return
        if head is None:
            extent = self._rest_of_sentence(cue, entry)
        elif parenthetical:
            own = set(range(cue.left_edge.i, cue.right_edge.i + 1))
            left, right = head.left_edge.i, head.right_edge.i + 1
            if cue.right_edge.i + 1 >= right - 1:
                right = cue.left_edge.i
                final = _closes_sentence(self.doc, cue)
            elif cue.left_edge.i <= left + 1:
                left = cue.right_edge.i + 1
            else:  # "The program, they say, has expanded …": the whole clause, the cue inside it
                final = _between_commas(self.doc, cue)
            extent = _trim(self.doc, _after_lead(self.doc, head, left, right), right, self.edge)
            if extent is None or all(i in own for i in range(extent.start, extent.end)):
                return
        else:
            start = head.left_edge.i
            if head.dep_ in ("xcomp", "advcl") and entry.act != "say":
                # "urged Republicans [to join …]": the one asked to act belongs to what was asked (the
                # listener of "told Witkoff [to call Putin]" stays the addressee only)
                listener = next((c for c in cue.children if c.dep_ in ("obj", "iobj") and cue.i < c.i < head.i), None)
                if listener is not None:
                    start = listener.left_edge.i
            end = head.right_edge.i + 1
            if head.dep_ == "obj":
                # "criticized the act [as a “crazy system”]", "blasted him [for not paying taxes]"
                extra = _object_complement(cue, head)
                end = extra.right_edge.i + 1 if extra is not None else _object_rest(cue, end)
            elif head.dep_ in ("ccomp", "xcomp"):
                end = _coordinated_end(cue, head, end)
                for child in children:  # a second clause right after the first is a misparsed part of it:
                    if child.i > head.i and child.dep_ == "ccomp" and child.left_edge.i == end:  # "the $18
                        end = child.right_edge.i + 1  # million [he says he raised]"
            end = self._before_added_cue(start, end)
            if head.dep_ in ("ccomp", "xcomp"):
                end = _before_own_report(self.doc, start, end, self._reports())
                end = self._before_according(start, end)
            if head.dep_ == "obj":
                end = _before_aside(self.doc, start, end)
            extent = _trim(self.doc, start, end, self.edge)
        if extent is None:
            return
        form, content = "indirect", extent
        for q in self.quoted:
            if q.used or q.span.end <= extent.start or q.span.start >= extent.end:
                continue
            words = self.words_before
            outside = (words[extent.end] - words[extent.start]
                       - (words[min(extent.end, q.span.end)] - words[max(extent.start, q.span.start)]))
            if outside == 0 or not (extent.start <= q.span.start and q.span.end <= extent.end):
                if not q.speechlike and outside:
                    continue
                form, content = "direct", q.span
                if (not parenthetical and extent.start < q.span.start < extent.end < q.span.end
                        and "\n" not in self.text[extent.start_char:q.span.start_char]
                        and any(not (t.is_punct or t.is_space) for t in self.doc[extent.start:q.span.start])):
                    # "said that voting fraud is “a big problem …”": the clause leads into the quotation
                    form, content = "mixed", self.doc[extent.start:q.span.end]
            else:
                form = "mixed"
                closing = self.doc[q.span.end] if q.span.end < len(self.doc) else None
                if content.end == q.span.end and closing is not None and closing.text in _MARK_CHARS:
                    content = self.doc[content.start:q.span.end + 1]  # keep the closing mark with its opener
            q.used = True
        if form == "indirect" and parenthetical and not final:
            # "The plan, he said, is dead" without marks is too often a misparse; "The plan is dead,
            # a source said." (the cue closing the sentence after a comma) is not.
            return
        self._add(form, content, cue, entry)

    def _from_frame(self, cue: Token, children: list[Token]) -> bool:
        """A noun-phrase content in one of the cue's ``frames.tsv`` frames ("laid out [her proposals]",
        "complained about [his mic]", "described [the showdown as ominous]"); whether one was added. The cue
        needs a subject (the source); an actor as the whole content only for a criticism or a stance."""
        frames = self.lexicon.frames.get(self.hits.lemma.get(cue.i) or cue.lemma_.lower())
        if not frames:
            return False
        children = [c for c in children if c.i > cue.i and c.dep_ in _FRAME_DEPS]
        if not children:
            return False
        obj = next((c for c in children if c.dep_ == "obj"), None)
        doc = self.doc
        subject: Token | None = None
        for frame in frames:
            if frame.particle and not any(c.dep_ == "compound:prt" and c.lower_ == frame.particle for c in children):
                continue
            cue_end = None
            if frame.kind == "prep":
                found = _prep_object(cue, children, frame.prep)
                if found is None:
                    continue
                start, end = found.left_edge.i + 1, found.right_edge.i + 1
                cue_end = found.left_edge.i + 1
            elif obj is None or obj.pos_ not in _FRAME_OBJECTS:
                continue
            elif frame.kind == "object":
                if obj.pos_ == "PRON" or (obj.i in self.actors.by_token and frame.act not in _ACTOR_CONTENT_ACTS):
                    continue
                start, end = obj.left_edge.i, obj.right_edge.i + 1
            else:
                extra = _object_complement(cue, obj, ("as",) if frame.kind == "object-as" else ("to", "with"))
                if extra is None or self._only_term(extra.left_edge.i + 1, extra.right_edge.i + 1):
                    continue  # "described the leaks as “active measures”": a term, nobody's speech
                start, end = obj.left_edge.i, extra.right_edge.i + 1
            end = _before_aside(doc, start, self._before_added_cue(start, _object_rest(cue, end)))
            content = _trim(self.doc, start, end, self.edge)
            subject = subject or self._subject(cue)
            if (content is None or subject is None or subject.lower_ in _EMPTY_SUBJECTS
                    or content.start <= subject.i < content.end):
                continue
            group = verb_group(cue, content)
            span = None
            if cue_end is not None and group.end < cue_end:
                gap = doc[group.end:cue_end - 1]
                if len(gap) > _MAX_CUE_GAP or any(t.is_punct or t.pos_ in ("VERB", "AUX") for t in gap):
                    continue
                span = doc[group.start:cue_end]
            entry = Cue(frame.verb, "verb", frame.act, frame.status, None, False)
            self._add(self._form(content), content, cue, entry, subject, span)
            return True
        return False

    def _only_term(self, start: int, end: int) -> bool:
        """Whether ``doc[start:end]`` opens with a short quoted term ("as [“active measures,”]", "as a
        “disgrace”"): READOUT.md makes scare quotes and terms nobody's speech."""
        doc = self.doc
        while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
            start += 1
        term = self._by_token.get(start) if start < end else None
        return term is not None and not term.speechlike

    def _reports(self) -> list[int]:
        """The cue verbs that report speech or a stated position (``_CLAUSE_ACTS``), built on first use."""
        if self._report_cues is None:
            self._report_cues = [i for i in self.hits.verbs if self._cue(self.doc[i]).act in _CLAUSE_ACTS]
        return self._report_cues

    def _before_according(self, start: int, end: int) -> int:
        """Where a clause content ``doc[start:end]`` ends before a closing "…, according to X" (rule 2
        makes X the source of the whole report)."""
        doc = self.doc
        for i in self.hits.according:
            if start + 2 < i < end and doc[i - 1].text == "," and doc[i].head.right_edge.i + 2 >= end:
                return i - 1
        return end

    def _before_added_cue(self, start: int, end: int) -> int:
        """Where a content ``doc[start:end]`` ends when a participle cue after a comma closes it ("said
        [the talks had failed], adding that …": the added part is a quote of its own)."""
        doc = self.doc
        for i in self.hits.verbs:
            if start < i < end and doc[i].tag_ == "VBG" and doc[i - 1].text == "," and doc[i].right_edge.i + 2 >= end:
                return i - 1
        return end

    def _rest_of_sentence(self, cue: Token, entry: Cue) -> Span | None:
        """A clause-taking cue the parse gave no complement ("Trump says voter fraud “would be …”" with
        "voter fraud" taken for an object): the rest of its sentence when that is a clause of 3+ words."""
        subject = self._subject(cue)
        if (entry.act not in _CLAUSE_ACTS or entry.object_content or cue.dep_ not in _MAIN_DEPS
                or subject is None or subject.i > cue.i):
            return None
        children = list(cue.children)
        doc = self.doc
        for child in children:
            after = child.right_edge.i + 1
            if child.dep_ == "obj" and after < len(doc) and doc[after].lower_ in ("as", "for"):
                return None  # "described the leaks as …": an object and its complement, not a clause
        start = verb_group(cue).end
        listener = listener_of(cue, entry.addressee) if entry.addressee else None
        if listener is not None and listener.i >= start:
            start = listener.right_edge.i + 1
        for child in children:  # "said Friday that …"
            if child.i == start and child.dep_ in _TIME_DEPS:
                start = child.right_edge.i + 1
        while start < len(doc) and doc[start].text == ":":
            start += 1
        if (start >= len(doc) or doc[start].pos_ in _NOT_CLAUSE_OPENERS or doc[start].is_sent_start
                or doc[start].text[:1] in _MARK_CHARS):
            return None  # a quotation right after the cue is rule 3's (direct, across paragraphs too)
        end, limit = start, min(len(doc), start + _MAX_REST)
        while end < limit and not (doc[end].is_sent_start or "\n" in doc[end].text):
            end += 1
        extent = _trim(self.doc, start, end, self.edge)
        if extent is None or sum(not t.is_punct for t in extent) < 3:
            return None
        if any(extent.start <= q.span.start < extent.end < q.span.end for q in self.quoted):
            return None  # a quotation runs on past it: "It quoted critics, with Boswell stating: “…"
        return extent if any(t.pos_ in ("VERB", "AUX") for t in extent) else None

    def _from_call(self, cue: Token, entry: Cue) -> None:
        """"called Obama a “petulant child”" (object + predicate), "called for a ceasefire" (a demand)."""
        doc = self.doc
        obj = next((c for c in cue.children if c.dep_ == "obj"), None)
        pred = next((c for c in cue.children if c.dep_ == "xcomp" and c.pos_ in ("NOUN", "ADJ", "PROPN")), None)
        if obj is not None and pred is not None and obj.i < pred.i:
            content = _trim(self.doc, obj.left_edge.i, pred.right_edge.i + 1, self.edge)
            if content is not None:
                self._add(self._form(content), content, cue, entry)
            return
        asked = Cue(entry.cue, entry.pos, "ask", entry.status, None, False)
        demand = next((c for c in cue.rights if c.dep_ in ("obl", "advcl") and c.left_edge.i == cue.i + 1
                       and doc[cue.i + 1].lower_ == "for"), None)
        if demand is not None:
            end = demand.right_edge.i + 1
            # "called for [female contestants to wear shorter dresses]": who is asked and what they should do
            then = next((c for c in cue.rights if c.left_edge.i == end and c.dep_ in ("xcomp", "advcl")
                         and any(m.dep_ == "mark" and m.lower_ == "to" for m in c.children)), None)
            end = then.right_edge.i + 1 if then is not None else end
            content = _trim(self.doc, cue.i + 2, end, self.edge)
            if content is not None:
                self._add(self._form(content), content, cue, asked)
            return
        target = _called_on(cue)
        if target is not None:  # "called on Trump [to stop attacking Machado]": who is asked belongs to it
            content = _trim(self.doc, cue.i + 2, target.right_edge.i + 1, self.edge)
            if content is not None:
                self._add(self._form(content), content, cue, asked)

    def _form(self, content: Span) -> str:
        """"direct", "mixed" or "indirect" for a content span; marks its quotations as used."""
        form = "indirect"
        for q in self.quoted:
            if q.used or q.span.end <= content.start or q.span.start >= content.end:
                continue
            q.used = True
            inside = content.start <= q.span.start and q.span.end <= content.end
            form = "direct" if inside and len(q.span) >= len(content) - 2 else "mixed"
        return form

    def _add(self, form: str, content: Span, cue: Token, entry: Cue, subject: Token | None = None,
             cue_span: Span | None = None) -> None:
        subject = subject or self._subject(cue)
        inside = content.start <= cue.i < content.end  # "Acts of protest, Mr. Obama said, are …"
        if (subject is not None and content.start <= subject.i < content.end
                and not (inside and cue.left_edge.i <= subject.i <= cue.right_edge.i)):
            # a word of the content taken for the subject: "“He’s the type …,” said Graham"
            subject = self._inverted_subject(cue)
            if subject is not None and content.start <= subject.i < content.end:
                subject = None
        speaker, speaker_span = self._speaker(subject)
        if speaker_span is not None and subject is not None and subject.dep_ == "obl:agent":
            speaker_span = _trim(self.doc, speaker_span.start + (speaker_span[0].lower_ == "by"), speaker_span.end,
                                 self.edge)
        if (speaker_span is not None and subject is not None and speaker_span.start < content.end <= subject.i
                and content.end < speaker_span.end):
            # "“…,” Representative Moore said": the parse hung the quotation on the name
            speaker_span = _trim(self.doc, content.end, speaker_span.end, self.edge)
        if speaker_span is not None and speaker_span.start <= cue.i < speaker_span.end:
            # "sources as saying that …": the source phrase ends where the cue's phrase begins
            speaker_span = _trim(self.doc, speaker_span.start, cue.left_edge.i, self.edge)
        root = content.root
        if root.pos_ == "NOUN":  # what the source issued: "Bloomberg released [recordings …]"
            self.issued.append((root.i, root.lemma_.lower(), speaker))
        listener = listener_of(cue, entry.addressee, self._kids.get(cue.i))
        addressee = self.actors.of_span(noun_phrase(listener), listener) if listener is not None else None
        negated = any(c.dep_ == "advmod" and c.lower_ in _NEGATIONS for c in cue.lefts)  # "did not say"
        self.quotes.append(Quote(form=form, content=content, speaker=speaker, speaker_span=speaker_span,
                                 cue=cue_span or verb_group(cue, content), addressee=addressee, act=entry.act,
                                 status="negated" if negated else entry.status))

    def _speaker(self, subject: Token | None) -> tuple[ActorCluster | None, Span | None]:
        if subject is None or subject.lower_ == "there":
            return None, None
        span = source_phrase(subject)
        noun = self.lexicon.nouns.get(subject.lemma_.lower()) if subject.pos_ == "NOUN" else None
        if noun is not None:
            for child in subject.children:
                if child.dep_ == "nmod:poss":
                    return self.actors.of_span(noun_phrase(child), child), span
            if _referring(subject):
                earlier = self._earlier_source(subject, noun)
                if earlier is not None and earlier.speaker is not None:
                    return earlier.speaker, span
                return (self._issuer(subject) or self._document_owner(subject, span)
                        or self._only_publication(subject)), span
            return self._document_owner(subject, span), span
        if subject.lower_ in _PERSONAL:
            dislocated = _dislocated(subject)
            if dislocated is not None:
                # "the head of NATO, Hoop Scheffer, he has explained …": the phrase the pronoun resumes
                speaker = self.actors.speaker_of(source_phrase(dislocated), dislocated)
                if speaker is not None:
                    return speaker, span
        speaker = self.actors.speaker_of(span, subject)
        if (speaker is None and subject.pos_ == "NOUN" and subject.lemma_.lower() in self.lexicon.outlets
                and _referring(subject)):
            speaker = self.actors.last_publication(subject.i)  # "The Insider reported … The outlet said"
        if speaker is None and subject.lower_ in _PERSONAL:
            speaker = self._antecedent(subject)
        if speaker is None and subject.lower_ in _RELATIVES and subject.head.dep_ == "acl:relcl":
            # "Dmitry Peskov, who told them …", "the Kremlin, which warned …": the clause's antecedent
            antecedent = subject.head.head
            speaker = self.actors.speaker_of(source_phrase(antecedent), antecedent)
        if speaker is None and subject.pos_ == "NOUN" and subject.lemma_.lower() in MEDIA:
            speaker = (self._issuer(subject) if _referring(subject) else None) or self._document_owner(subject, span)
        return speaker, span

    def _issuer(self, noun: Token) -> ActorCluster | None:
        """"Bloomberg released recordings … The recordings show …": the source of the last earlier
        quote whose content is a noun of the same lemma (what that source issued)."""
        lemma = noun.lemma_.lower()
        found = [speaker for i, word, speaker in self.issued if i < noun.i and word == lemma]
        return found[-1] if found else None

    def _document_owner(self, noun: Token, span: Span) -> ActorCluster | None:
        """"A leaked internal letter … says" → the Home Office, when the document names its issuer once
        elsewhere ("The Home Office letter", "the Home Office's letter"): the one actor that owns a
        noun of the same lemma anywhere in the text (a possessor or a name compounded with it)."""
        lemma = noun.lemma_.lower()
        if lemma not in MEDIA:
            return None
        owned = self._owned.get(lemma)
        if owned is None:
            owned = self._owned[lemma] = []
            for i in self.hits.media.get(lemma, ()):
                for child in self.doc[i].lefts:
                    if child.dep_ in ("nmod:poss", "compound"):
                        owner = self.actors.by_token.get(child.i) or self.actors.of_span(noun_phrase(child), child)
                        if owner is not None:
                            owned.append((i, owner))
        owners = {id(owner): owner for i, owner in owned if not span.start <= i < span.end}
        return next(iter(owners.values())) if len(owners) == 1 else None

    def _only_publication(self, noun: Token) -> ActorCluster | None:
        """"the report" with no earlier reporting cue → the one news organisation named before it."""
        found = {id(c): c for i, c in self.actors.first_mentions() if i < noun.i and c.sector == "JRN"
                 and c.kind == "organization"}
        return next(iter(found.values())) if len(found) == 1 else None

    def _antecedent(self, pronoun: Token) -> ActorCluster | None:
        """"She continued": an unresolved he/she is the one person named since the start of the
        previous paragraph, or the speaker of the previous quote when that is the last person named."""
        text = self.text
        cut = text.rfind("\n", 0, pronoun.idx)  # the start of this paragraph, then of the previous one
        if cut > 0:
            cut = text.rfind("\n", 0, len(text[:cut].rstrip()))
        start = 0
        if cut >= 0:
            since = self.doc.char_span(cut + 1, pronoun.idx, alignment_mode="expand")
            start = since.start if since is not None else pronoun.i
        only = self.actors.recent_person(pronoun, start)
        if only is not None:
            return only
        before = [q for q in self.quotes if q.speaker is not None and q.speaker.kind == "person"
                  and q.speaker_span is not None and q.speaker_span.end <= pronoun.i]
        if not before:
            return None
        last = max(before, key=lambda q: q.speaker_span.start if q.speaker_span is not None else -1)
        persons = [c for i, c in self.actors.persons if i < pronoun.i]
        return last.speaker if persons and persons[-1] is last.speaker else None

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
        clause = next((c for c in noun.rights if c.dep_ in ("acl", "ccomp", "appos") and any(
            m.dep_ == "mark" and m.lower_ in ("that", "to") for m in c.children)), None)
        if clause is None:
            return
        owner = next((c for c in noun.lefts if c.dep_ == "nmod:poss"), None)
        if not any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children) and (
                owner is None or clause.dep_ != "acl" or clause.pos_ != "VERB"):
            return  # an infinitive only with an owner: "Obama's decision [to jump-start relations …]"
        content = _trim(self.doc, clause.left_edge.i, clause.right_edge.i + 1, self.edge)
        if content is None:
            return
        verb = noun.head
        if noun.dep_ == "obl" and verb.i in self.cue_set and not any(c.dep_ == "ccomp" for c in verb.children):
            # "said in a statement that …": the verb is the cue, the statement its medium
            self._add(self._form(content), content, verb, self._cue(verb))
            return
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
        # "According to Afghan Ambassador to the United States Hamdullah Mohib, …": the phrase attaches to a
        # title that modifies the name after it; the source is the name's whole phrase.
        while source.dep_ in _TITLE_DEPS and source.head.i > source.i and source.head.pos_ in ("NOUN", "PROPN"):
            source = source.head
        clause = source.head if source.head.i != source.i else None
        if clause is None:
            return
        phrase_start = min(according.i, source.left_edge.i)
        phrase_end = source.right_edge.i + 1
        left, right = clause.left_edge.i, clause.right_edge.i + 1
        lead = left  # "reported that, according to officials, …", "And, according to …": these go first
        while lead < phrase_start and (doc[lead].is_punct or doc[lead].dep_ in ("mark", "cc")):
            lead += 1
        if phrase_start <= lead + 1:
            left = phrase_end
        elif phrase_end >= right - 1:
            right = phrase_start
            reporter = clause.head
            if (clause.dep_ == "ccomp" and reporter.i in self.cue_set and reporter.i < clause.i
                    and reporter.right_edge.i + 1 <= phrase_end + 1):
                # "Bloomberg reports that X, according to the Roper Center": the Center is the source of
                # the whole report, Bloomberg's cue and source included
                clause, left = reporter, reporter.left_edge.i
        else:
            return
        content = _trim(self.doc, _after_lead(doc, clause, left, right), right, self.edge)
        if content is None:
            return
        entry = self.lexicon.phrases["according to"]
        speaker, speaker_span = self._speaker(source)
        if speaker_span is not None and speaker_span.start <= according.i + 1:
            speaker_span = _trim(self.doc, according.i + 2, speaker_span.end, self.edge)
        for q in self.quoted:
            if not q.used and content.start <= q.span.start and q.span.end <= content.end:
                q.used = True
        self.quotes.append(Quote(form="according_to", content=content, speaker=speaker, speaker_span=speaker_span,
                                 cue=doc[according.i:according.i + 2], act=entry.act, status=entry.status))

    def _from_labelled_lines(self) -> None:
        """"Pat Caddell: Democrat Voters Worried …" (a headline), "PENCE: Well, the question …" (a
        transcript): a paragraph opened by a name and a colon is that name's statement."""
        text = self.text
        start = 0
        while start < len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            colon = text.find(":", start, min(end, start + 60))
            if colon > start and not text[colon + 1:colon + 2].isdigit():
                self._labelled_line(start, colon, end)
            start = end + 1

    def _labelled_line(self, start: int, colon: int, end: int) -> None:
        doc = self.doc
        label = doc.char_span(start, colon, alignment_mode="contract")
        rest = doc.char_span(colon + 1, end, alignment_mode="contract")
        if label is None or rest is None or not 1 <= len(label) <= 4:
            return
        words = [t for t in label if not t.is_punct]
        if (not words or any(t.pos_ not in ("PROPN", "NOUN") or not t.text[:1].isupper()
                             or t.lower_ in _LINE_LABELS for t in words)
                or (len(label) > 1 and label[1].lower_ in ("’s", "'s"))):
            return
        content = _trim(self.doc, rest.start, rest.end, self.edge)
        if (content is None or content[0].text in _MARK_CHARS or sum(not t.is_punct for t in content) < 3
                or any(i in self._by_token for i in (content.start, content.end - 1))):
            return  # a quotation after the colon is rule 3's ("Peskov: “…”")
        head = _name_head(label[-1])
        speaker_span = _trim(self.doc, label.start, label.end, self.edge)
        self.quotes.append(Quote(form="direct", content=content, speaker=self.actors.of_span(speaker_span, head),
                                 speaker_span=speaker_span, cue=doc[label.end:label.end + 1], act="say",
                                 status="reported"))

    # --- rule 3 -------------------------------------------------------------------------------
    def _from_marks(self, q: Quoted) -> None:
        doc = self.doc
        q.used = True
        cue = self._linked_cue(q) or self._adjacent_cue(q)
        if cue is not None:
            subject = self._subject(cue) or self._inverted_subject(cue)
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
        if previous is not None and _opens_sentence(doc, q.span.start, self.text):
            # A continuation ("… ,” he said. “…”) shares the previous quote's source and cue.
            self.quotes.append(Quote(form="direct", content=q.span, speaker=previous.speaker,
                                     speaker_span=previous.speaker_span, cue=previous.cue, act=previous.act,
                                     status=previous.status))
            return
        if _opens_sentence(doc, q.span.start, self.text) and q.span[0].text[:1].isupper():
            self.quotes.append(Quote(form="direct", content=q.span, act="say", status="reported"))

    def _add_unverbed(self, q: Quoted, name: Token, cue: Span) -> None:
        speaker_span = noun_phrase(name)
        speaker = self.actors.of_span(speaker_span, name)
        self.quotes.append(Quote(form="direct", content=q.span, speaker=speaker, speaker_span=speaker_span,
                                 cue=cue, act="say", status="reported"))

    @property
    def heads(self) -> list[int]:
        """Each token's head index (read once per document, on first use)."""
        if self._heads is None:
            relative = self.doc.to_array(HEAD).astype(numpy.int64)
            self._heads = (relative + numpy.arange(len(relative))).tolist()
        return self._heads

    def _linked_cue(self, q: Quoted) -> Token | None:
        """A cue verb the parse links to the quotation: the head of one of its words, or a child of one
        (the first in text order, a word's head before its children)."""
        span = q.span
        start, end = span.start, span.end
        heads, cues = self.heads, self.cue_set
        links = [(i, 0, heads[i]) for i in range(start, end) if heads[i] in cues and not start <= heads[i] < end]
        links += [(heads[j], 1, j) for j in cues if not start <= j < end and start <= heads[j] < end]
        doc = self.doc
        for i, kind, j in sorted(links):
            cue = doc[j]
            if kind == 0 and doc[i].dep_ in _QUOTE_LINKS and self._same_paragraph(span, cue):
                return cue
            if kind == 1 and cue.dep_ in _CUE_LINKS and self._same_paragraph(span, cue):
                return cue
        return None

    def _same_paragraph(self, span: Span, tok: Token) -> bool:
        text = self.text
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
        if nxt is not None and (nxt.lower_ in WEEKDAYS or nxt.lower_ in RELATIVE_DAYS):
            return None  # "…,” Moore said Friday: a date, not a name
        if nxt is not None and (nxt.pos_ in ("PROPN", "PRON") or nxt.i in self.actors.by_token):
            return _name_head(nxt)
        return None

    def _previous_quote(self, q: Quoted) -> Quote | None:
        earlier = [quote for quote in self.quotes if quote.content.end <= q.span.start
                   and quote.form in ("direct", "mixed")
                   and (quote.speaker is not None or quote.speaker_span is not None)]
        if not earlier:
            return None
        previous = max(earlier, key=lambda quote: quote.content.end)
        gap = self.text.count("\n", previous.content.end_char, q.span.start_char)
        return previous if gap <= 2 else None
