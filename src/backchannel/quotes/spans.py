"""Token-span helpers of the attribution rules: the cue's verb group, content edges (leading
connectives, closing asides), parenthetical commas, words around quotation marks, and the nesting of
quotes inside quotes.

Functions of the parse (``_nest`` sets ``reported_by``); ``attribution`` holds the rules that use them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..events.dates import RELATIVE_DAYS, UNITS, WEEKDAYS
from .cues import MEDIA
from .model import Quote
from .speakers import SUBJECTS

_MAX_CLIMB = 60  # heads climbed at most
_REST_DEPS = frozenset({"obl", "obl:tmod", "obl:unmarked", "obl:npmod", "advmod", "nmod"})
_LEAD_DEPS = frozenset({"advmod", "discourse"})  # fronted before a comma ("Meanwhile,"); a fronted phrase
# or clause ("Unlike Patriot,", "When this training is tailored, …") is as often part of what was said
_MAX_LEAD = 4
_REFERRING_DETS = frozenset({"the", "this", "that", "these", "its", "their"})
_CONCESSIVE = frozenset({"though", "although", "while", "whereas"})
_MARK_CHARS = "“”„\"«»‹›‘’‚''"  # the last two: a token "''" (two apostrophes for a double mark)
_GROUP_LEFT = frozenset({"aux", "aux:pass", "advmod"})
_DATE_DEPS = frozenset({"obj", "obl:tmod", "obl:unmarked", "obl:npmod", "nmod:tmod"})
_NOT_GROUP_ADVS = frozenset({"so", "then", "there", "here", "how", "why", "when", "where", "that", "as",
                             "while", "if", "even", "just", "only"})

def _trim(doc: Doc, start: int, end: int, edge: list[bool] | None = None) -> Span | None:
    """``doc[start:end]`` without edge punctuation, spaces and quotation marks (``edge``: each token's
    ``is_punct or is_space`` when the caller has it, from ``cues.scan``).

    A leading complementiser stays: "said [that the talks would continue]", "asked [whether …]"
    (the PolNeAR guidelines' convention, and what a reader highlights as what was said).
    """
    if edge is not None:
        while start < end and edge[start]:
            start += 1
        while end > start and edge[end - 1]:
            end -= 1
        return Span(doc, start, end) if end > start else None
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return Span(doc, start, end) if end > start else None  # not doc[start:end]: no slice checks

def verb_group(cue: Token, content: Span | None = None) -> Span:
    """The cue verb with its entourage, one contiguous span: auxiliaries, negation and adverbs right
    before it ("has repeatedly said", "did not say"), a particle or adverb right after it ("pointed
    out", "said repeatedly"), the medium ("said in a statement") and a bare date right after it ("said
    Friday that …", as PolNeAR marks cues). Never overlaps ``content``."""
    doc = cue.doc
    start, end = cue.i, cue.i + 1
    left = {c.i for c in cue.lefts if (c.dep_ in _GROUP_LEFT and c.lower_ not in _NOT_GROUP_ADVS
                                       and (c.dep_ != "advmod" or c.pos_ in ("ADV", "PART")))
            or (c.dep_ == "mark" and c.lower_ == "to")}
    while start - 1 in left:
        start -= 1
    for child in cue.rights:
        if child.left_edge.i != end:
            break
        if child.dep_ == "compound:prt" or (child.dep_ == "advmod" and child.pos_ == "ADV"
                                            and child.lower_ not in _NOT_GROUP_ADVS):
            end = child.i + 1
        elif child.dep_ in ("obl", "advcl") and cue.lemma_ == "call" and doc[end].lower_ in ("for", "on"):
            end += 1  # "called for", "called on": the demand itself is the content
            break
        elif child.dep_ == "obl:agent" and doc[end].lower_ == "by":
            end += 1  # "was first reported by": the agent is the source
            break
        elif child.dep_ == "obl" and child.lemma_.lower() in MEDIA and doc[end].lower_ == "in":
            end = child.i + 1
        elif child.dep_ in _DATE_DEPS and _bare_date(doc, end, child):
            end = child.i + 1  # "said Friday", "announced this week" (no "on"): the date's words only
            break
        else:
            break
    if content is not None:
        if content.start < end <= content.end:
            end = max(cue.i + 1, content.start)
        if content.start <= start < content.end:
            start = cue.i
    return Span(doc, start, end)


def _bare_date(doc: Doc, start: int, head: Token) -> bool:
    """``head`` is a date of one or two words starting at ``start``: "Friday", "yesterday", "this week"."""
    word = head.lower_
    if head.i == start:
        return word in WEEKDAYS or word in RELATIVE_DAYS
    return head.i == start + 1 and word in UNITS and doc[start].lower_ in ("this", "last", "next")


def _coordinated_end(cue: Token, head: Token, end: int) -> int:
    """Where a complement ``doc[head.left_edge.i:end]`` ends with the complements coordinated with it that
    the parse hung on the cue: "wants [to double X, expand Y and create Z]" (bare verbs of the same form, no
    subject of their own), "says [X, and that Y]" (a second that-clause). Only conjuncts that follow at once
    (across commas and the conjunction) count."""
    doc = cue.doc
    for child in cue.rights:
        if child.dep_ != "conj" or child.i <= head.i:
            continue
        gap = range(end, child.left_edge.i)
        if any(not (doc[i].is_punct or doc[i].dep_ == "cc") for i in gap):
            break
        marks = [c for c in child.children if c.dep_ == "mark"]
        own_subject = any(c.dep_ in SUBJECTS for c in child.children)
        if head.dep_ == "xcomp":
            same = child.tag_ == head.tag_ == "VB" and not own_subject and not marks
        else:
            same = own_subject and any(m.lower_ == "that" for m in marks)
        if not same:
            break
        end = child.right_edge.i + 1
    return end


def _after_lead(doc: Doc, head: Token, start: int, end: int) -> int:
    """Where a clause content ``doc[start:end]`` headed by ``head`` begins without its opening
    conjunction or fronted adverb ("[And] Clinton leads …", "[Meanwhile,] the campaign plans …"):
    these join the clause to the author's text, they are not what the source said."""
    for _ in range(_MAX_LEAD):
        if start >= end:
            break
        first = doc[start]
        if first.dep_ == "cc" and first.head.i == head.i:
            start += 1
            continue
        lead = next((c for c in head.lefts if c.left_edge.i == start and c.dep_ in _LEAD_DEPS), None)
        if lead is None:
            break
        comma = lead.right_edge.i if doc[lead.right_edge.i].text == "," else lead.right_edge.i + 1
        if comma >= end or doc[comma].text != ",":  # the comma may be the phrase's own
            break
        start = comma + 1
    return start


def _before_aside(doc: Doc, start: int, end: int) -> int:
    """Where an object content ``doc[start:end]`` ends without a closing non-restrictive relative
    clause, the author's aside ("questioned [the health of Donald Trump], who is 70"). Clause contents
    keep theirs: there it is as often part of what was said."""
    last = end - 1
    while last > start and doc[last].is_punct:
        last -= 1
    tok = doc[last]
    for _ in range(_MAX_CLIMB):  # up from the last word to the relative clause that holds it
        if tok.dep_ == "acl:relcl" or tok.head.i == tok.i or not start <= tok.head.i < end:
            break
        tok = tok.head
    first = tok.left_edge.i
    while first < tok.i and doc[first].is_punct:  # the comma is often the clause's own
        first += 1
    if (tok.dep_ == "acl:relcl" and start < first - 1 and doc[first - 1].text == ","
            and doc[first].lower_ in ("who", "which")):
        return first - 1
    return end


def _before_own_report(doc: Doc, start: int, end: int, reports: list[int]) -> int:
    """Where a content ``doc[start:end]`` ends before a closing clause that is a report of its own: a
    concessive or coordinated clause whose verb is a speech cue (``reports``), after a comma or a
    conjunction ("said [the campaign planned a protest], though she acknowledged it was unlikely",
    "says [Machado promised to continue], and said she would …"). That clause is its own quote."""
    for i in reports:
        if not start < i < end:
            continue
        tok = doc[i]
        if tok.dep_ not in ("advcl", "conj") or not start <= tok.head.i < i or tok.right_edge.i + 2 < end:
            continue
        first = tok.left_edge.i
        while first < i and doc[first].is_punct:  # the comma is often the clause's own
            first += 1
        if first <= start + 2:
            continue
        opener = doc[first]
        if tok.dep_ == "conj":
            # only a new report joined by "and", with no subject of its own ("… and said she would …");
            # "but said …", "or explain …", "and that …", "and who feel …" and a conjunct without a
            # clause of its own ("and talked about …") continue the content
            children = list(tok.children)
            report = (opener.lower_ == "and" and not any(c.dep_ == "mark" or c.dep_ in SUBJECTS for c in children)
                      and any(c.dep_ in ("ccomp", "xcomp") for c in children))
        else:
            report = doc[first - 1].text == "," or opener.lower_ in _CONCESSIVE
        if report:
            cut = first
            while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc"):
                cut -= 1
            return cut
    return end


def _called_on(cue: Token) -> Token | None:
    """"called on X to do Y": the to-infinitive (Y) when "on X" follows the cue at once."""
    doc = cue.doc
    if cue.i + 1 >= len(doc) or doc[cue.i + 1].lower_ != "on":
        return None
    rights = list(cue.rights)
    for k, child in enumerate(rights[:-1]):
        if child.dep_ == "obl" and child.left_edge.i == cue.i + 1:
            nxt = rights[k + 1]
            if nxt.dep_ in ("advcl", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "to" for m in nxt.children):
                return nxt
    return None


def _bare_infinitive(cue: Token) -> bool:
    """A "to"-infinitive with no subject of its own ("a chance [to offer] a message", "he refused [to
    discuss] it"); with no subject of its governing verb either it is a purpose, not an attribution."""
    doc = cue.doc
    marked = any(j >= 0 and doc[j].lower_ == "to" and doc[j].head.i == cue.i for j in (cue.i - 1, cue.i - 2))
    return marked and not any(c.dep_ in SUBJECTS for c in cue.children)  # "to" stands one or two words before



def _withheld(deps: list[str]) -> bool:
    """A verb with a direct object and a recipient (an indirect object, or the subject of a passive) gives or
    withholds a thing: "denied him bail", "were denied visas" (``deps``: its children's relations). Denying a
    claim takes one object ("denied the allegations") or a clause."""
    return "obj" in deps and ("iobj" in deps or "nsubj:pass" in deps)


def _object_complement(cue: Token, obj: Token, words: tuple[str, ...] = ("for", "as")) -> Token | None:
    """The "for …" or "as …" phrase (one of ``words``) that follows a cue's object and says what the object
    is blamed for or taken as ("criticized Obama [for not doing so]", "described Clinton [as a “disgrace”]")."""
    doc = cue.doc
    nxt = obj.right_edge.i + 1
    if nxt >= len(doc) or doc[nxt].lower_ not in words:
        return None
    return next((c for c in cue.rights if c.left_edge.i == nxt and c.dep_ in ("obl", "advcl", "xcomp")), None)


def _object_rest(cue: Token, end: int) -> int:
    """Where an object content ending at ``end`` ends with the adjuncts of the cue that follow it at once,
    with no comma between ("complained about [his mic the morning after the debate]", "released [a letter
    from his doctor on Wednesday]"): a reader takes the whole rest of the clause as what was said."""
    doc = cue.doc
    for child in cue.rights:
        if child.i < end:
            continue
        if child.left_edge.i != end or doc[end].is_punct or not (
                child.dep_ in _REST_DEPS or (child.tag_ == "VBG" and child.dep_ in ("advcl", "xcomp"))):
            break  # (a participle right after the object is the object's: "defended [his tweets shaming her]")
        end = child.right_edge.i + 1
    return end


def _prep_object(cue: Token, children: list[Token], prep: str) -> Token | None:
    """The phrase after ``cue`` that ``prep`` opens ("complained [about his mic]", "warned [against raising
    taxes]"): a child of the cue whose first word is the preposition, as its case or its mark."""
    for child in children:
        if child.i <= cue.i or child.dep_ not in ("obl", "obl:arg", "advcl"):
            continue
        first = child.doc[child.left_edge.i]
        if first.lower_ == prep and first.dep_ in ("case", "mark") and first.head.i == child.i and child.i > first.i:
            return child
    return None


def _between_commas(doc: Doc, cue: Token) -> bool:
    """", they say," : the cue's phrase stands between two commas inside its clause."""
    return _comma_before(doc, cue) and _comma_after(doc, cue)


def _comma_before(doc: Doc, cue: Token) -> bool:
    """A comma opens the cue's phrase or stands right before it (the parse gives it to either)."""
    first = cue.left_edge.i
    return doc[first].text == "," or (first > 0 and doc[first - 1].text == ",")


def _comma_after(doc: Doc, cue: Token) -> bool:
    last = cue.right_edge.i
    return doc[last].text == "," or (last + 1 < len(doc) and doc[last + 1].text == ",")


def _closes_sentence(doc: Doc, cue: Token) -> bool:
    """"…, a source said." : the cue's phrase follows a comma and ends its sentence or paragraph."""
    before = cue.left_edge.i - 1
    while before >= 0 and doc[before].text in _MARK_CHARS:
        before -= 1
    if doc[cue.left_edge.i].text != "," and (before < 0 or doc[before].text != ","):
        return False
    after = cue.right_edge.i + 1
    return after >= len(doc) or doc[after].text in (".", "!") or "\n" in doc[after].text


def _referring(noun: Token) -> bool:
    """"the report", "these recordings", "its statement": a noun that points back to one named before."""
    return any(c.dep_ in ("det", "nmod:poss") and c.lower_ in _REFERRING_DETS for c in noun.children)


def _dislocated(pronoun: Token) -> Token | None:
    """The noun phrase a subject pronoun resumes ("the head of NATO, Hoop Scheffer, he said"): a
    nominal dependent of the same verb that ends with the comma right before the pronoun."""
    doc = pronoun.doc
    if pronoun.i < 2 or doc[pronoun.i - 1].text != ",":
        return None
    for child in pronoun.head.lefts:
        if (child.i < pronoun.i - 1 and child.dep_ in ("dep", "dislocated", "nsubj")
                and child.pos_ in ("NOUN", "PROPN") and child.right_edge.i in (pronoun.i - 2, pronoun.i - 1)):
            return child
    return None


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


def _opens_sentence(doc: Doc, i: int, text: str) -> bool:
    """Whether token ``i`` starts a sentence or a line (``text`` is ``doc.text``)."""
    before = _prev_word(doc, i)
    return before is None or before.text in (".", "?", "!", "…") or "\n" in text[before.idx:doc[i].idx]


def _nest(quotes: list[Quote]) -> None:
    """A quote whose cue lies inside another quote's content is reported by that quote's source."""
    extents = [(outer.content.start, outer.content.end, outer) for outer in quotes]
    for inner in quotes:
        if inner.cue is None:
            continue
        start, end = inner.cue.start, inner.cue.end
        best, size = None, 0
        for left, right, outer in extents:
            if left <= start and end <= right and outer is not inner and (best is None or right - left < size):
                best, size = outer, right - left
        if best is not None:
            inner.reported_by = best
