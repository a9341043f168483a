"""``bc_events_v2``: who did what to whom, coded in PLOVER (``doc._.events``).

One pass over the tokens looks each lemma up in the trigger lexicon (curated rows first, then the CAMEO.2.0
verb-object patterns for the verb's object); only the few hits are examined.
An event needs a trigger in the lexicon and a source or target actor found on the parse (or, for a
protest, a named place); a speech verb is a quote, never an event, and a sentence with no trigger
has no event — there is no fallback code.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, HEAD, LEMMA, ORTH, POS
from spacy.language import Language
from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from ..actors.model import ActorCluster, published
from .arguments import (
    ActorIndex,
    agents,
    antecedents,
    case_of,
    coordinated,
    object_lemmas,
    phrases,
    place_of,
    slot_tokens,
    subjects,
)
from .clauses import (
    COUNT_NOUNS,
    answerable_for,
    counted,
    is_generic,
    lemma_of,
    main_clause,
    modifiers,
    obliques,
    particles,
)
from .dates import date_phrase, resolve
from .lexicon import Lexicon, Trigger, load_lexicon
from .modality import FUTURE_TYPES, Attributions, clause_status, negated
from .model import Event
from .tree import children, forget, remember

VERB_POS = ("VERB",)
NOUN_POS = ("NOUN", "PROPN")
ADJ_POS = ("ADJ",)
# A verb that modifies a noun ("the attacked city") or takes a clause ("agreed that …") is no trigger.
SKIP_VERB_DEPS = ("amod", "compound")
CLAUSE_DEPS = ("ccomp",)
# Types a speech verb can carry: a quote cue with one of these is a quote, not an event. A cue that names a
# material act ("has released X", misread as a cue) stays an event.
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
# Types whose intent is a threat, not an offer: "ready to attack X" is THREATEN (CAMEO 13), "ready to aid X" AGREE.
CONFLICT_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                            "ASSAULT"})
THREAT = ("THREATEN", None, "130")
# Frame slots that make the object the target: with one of them, a passive subject is the target too.
OBJECT_SLOTS = frozenset({"obj", "obj?", "iobj"})
# Light verbs whose for-phrase names the event ("joined X for talks"), unlike "called for talks" (an appeal).
JOIN_VERBS = frozenset({"join", "attend"})


class EventFinder:
    """Finds the events of one parsed document."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.index = ActorIndex(doc)
        self.attributions = Attributions(doc)
        self.cues = self.attributions.cues
        self.published = published(doc)
        self._with_object: set[int] | None = None
        self._array: NDArray[Any] = np.zeros((0, 5), dtype=np.uint64)  # POS, LEMMA, ORTH, DEP, HEAD (``run``)
        self._lemmas: list[int] = []  # the lemma hash of each token (``run``)
        self._lowers: list[str | None] | None = None  # the lower-cased lemma of each token, when asked for
        self._object_lemmas: dict[int, set[str]] = {}

    def has_object(self, i: int) -> bool:
        """Whether token ``i`` has an ``obj`` (or ``xcomp``) dependent, from one array pass per document: a
        verb known only from verb-object patterns needs one, and most of its uses are checked no further."""
        if self._with_object is None:
            strings = self.doc.vocab.strings
            deps = self._array[:, 3]
            rows = np.flatnonzero((deps == strings["obj"]) | (deps == strings["xcomp"]))
            offsets = self._array[rows, 4].astype("int64")  # the head's offset, stored as uint64
            self._with_object = set((rows + offsets).tolist())
        return i in self._with_object

    def object_lemmas(self, verb: Token) -> set[str]:
        """``object_lemmas(verb)``, computed once per token (the trigger lookup and the frame both ask)."""
        found = self._object_lemmas.get(verb.i)
        if found is None:
            found = self._object_lemmas[verb.i] = object_lemmas(verb)
        return found

    def run(self) -> list[Event]:
        """Every token's part of speech, lemma and word form are read from one array and looked up by hash for
        all tokens at once (``scan.HashMemo``); a ``Token`` is made only for the few the lexicon lists."""
        events: list[Event] = []
        lexicon, doc = self.lexicon, self.doc
        strings = doc.vocab.strings
        array = doc.to_array([POS, LEMMA, ORTH, DEP, HEAD])
        self._array = array
        tags = array[:, 0]
        self._lemmas = array[:, 1].tolist()
        rows = np.flatnonzero(tags == VERB).tolist()
        # a verb is listed under its lemma, else under a lemma guessed from its form (``Lexicon.verb_key``)
        keys = lexicon.verb_lemmas.answers(array[rows, 1].tolist(), strings)
        hits: list[tuple[int, str | Trigger]] = [(i, key) for i, key in zip(rows, keys, strict=True) if key is not None]
        rows = [i for i, key in zip(rows, keys, strict=True) if key is None]
        hits += lexicon.verb_forms.hits(rows, array[rows, 2].tolist(), strings)
        rows = np.flatnonzero((tags == NOUN) | (tags == PROPN)).tolist()
        hits += lexicon.noun_lemmas.hits(rows, array[rows, 1].tolist(), strings)
        rows = np.flatnonzero(tags == ADJ).tolist()
        hits += lexicon.adjective_lemmas.hits(rows, array[rows, 1].tolist(), strings)
        hits.sort(key=itemgetter(0))
        by_token = self.index.by_token
        for i, found in hits:
            event: Event | None = None
            if isinstance(found, str):  # a verb's key
                if found in lexicon.verbs or self.has_object(i):
                    token = doc[i]
                    trigger = self._verb_trigger(token, found)
                    if trigger is not None:
                        event = self.verb_event(token, trigger)
            elif found.pos == "ADJ":
                event = self.intent_event(doc[i], found)
            elif i not in by_token:  # a noun that names an actor is no event (``noun_event``)
                token = doc[i]
                event = self.noun_event(token, self._variant(token, found, ("compound", "nmod")))
            if event is not None:
                events.append(event)
        return events

    # -- verbs ---------------------------------------------------------------------------------------
    def verb_event(self, verb: Token, trigger: Trigger) -> Event | None:
        if verb.dep_ in SKIP_VERB_DEPS or verb.i in self.index.by_token:
            return None
        # The row's object and oblique conditions first: a row that failed them is still returned by
        # ``_verb_trigger`` when no pattern applies, and these lemmas are already known.
        if not self._allowed(trigger, "obj", self.object_lemmas(verb)) \
                or not self._allowed(trigger, "obl", obliques(verb)):
            return None
        if not self._xcomp_allowed(verb, trigger) or (trigger.needs and "prt" in trigger.needs
                                                       and not self._allowed(trigger, "prt", particles(verb))):
            return None
        kids = children(verb)
        if any(c.dep_ in CLAUSE_DEPS for c in kids):
            return None
        objects = [c for c in kids if c.dep_ == "obj"]
        # A speech verb that is a quote cue is a quote, unless what it acts on is a thing, not words:
        # "defended Germany's decision" (CAMEO 052) is an event, "defended the decision, saying …" too.
        # An infinitive is an act, not words: "threatened to close the border", "refused to meet" stay events
        # (CAMEO 13, 12, 03) beside the quote the cue may also carry.
        if verb.i in self.cues and trigger.type in VERBAL_TYPES and not any(o.pos_ in NOUN_POS for o in objects) \
                and not any(c.dep_ == "xcomp" and c.pos_ in VERB_POS for c in kids):
            return None
        # "agreed to meet", "refused to attack", "is ready to send troops": the governing trigger codes the event.
        if verb.dep_ == "xcomp" and self._is_trigger(verb.head):
            return None
        # "will not accept refugees", "will not end the strike": a refusal row needs the verb's negation.
        if trigger.refusal and not negated(verb):
            return None
        # A noun trigger as object of a light verb codes the event ("imposed sanctions", "launched an attack").
        if lemma_of(verb) in self.lexicon.light and any(o.pos_ in NOUN_POS and lemma_of(o) in self.lexicon.nouns
                                                       for o in counted(objects)):
            return None
        active, passive = subjects(verb)
        source_heads = active + agents(verb)
        sources = self.index.actors(source_heads)
        # A passive subject is the target where the frame's target is the object ("X was attacked", "was awarded
        # a medal"); where it is an oblique, the passive subject is the thing acted on ("it must be returned").
        target_heads = slot_tokens(verb, trigger.slots)
        if passive and not OBJECT_SLOTS.isdisjoint(trigger.slots):
            target_heads += passive
        if verb.dep_ == "acl" and verb.head.pos_ in NOUN_POS:
            # "soldiers killed by …": the noun is the patient; "protesters rallied": the agent.
            if verb.tag_ == "VBN" or any(c.dep_ in ("aux:pass",) for c in kids):
                target_heads.append(verb.head)
            elif not sources:
                source_heads = [verb.head]
                sources = self.index.actors(source_heads)
        targets = self.index.actors(target_heads, target=True)
        generic = main_clause(verb) and (is_generic(source_heads) or is_generic(target_heads))
        return self._finish(verb, verb, trigger, (sources, targets), bool(target_heads), generic,
                            (source_heads, target_heads))

    def _verb_trigger(self, verb: Token, key: str | None = None) -> Trigger | None:
        """The curated row for ``verb`` (listed under ``key``) whose conditions hold, else the CAMEO.2.0
        verb-object pattern for its object ("lifted the curfew"), else the curated row that failed
        (``verb_event`` rejects it) or None."""
        lexicon = self.lexicon
        key = key or lexicon.verb_key(lemma_of(verb), verb.text)
        if key is None:
            return None
        curated = lexicon.verbs.get(key)
        if curated is None and not self._may_have_pattern(verb, key):
            return None
        objects = self.object_lemmas(verb)
        excluded = lexicon.exclusions.get(key)
        if excluded is not None and not excluded.isdisjoint(objects | obliques(verb)):
            return None  # "defeated another candidate by 424 votes", "pay euros in arrears"
        if curated is not None:
            curated = self._variant(verb, curated, ("obj", "obl", "prt") if key in lexicon.particle_verbs
                                    else ("obj", "obl"), objects)
            if self._allowed(curated, "obj", objects):
                return curated
        pattern = lexicon.pattern(key, objects) if objects else None
        return pattern or curated

    def _may_have_pattern(self, verb: Token, key: str) -> bool:
        """Whether a word under ``verb`` has the lemma of one of the objects of ``key``'s verb-object patterns:
        the lemmas ``object_lemmas`` finds are among these words', so where none is, no pattern applies and the
        object phrase is not read. Most uses of pattern verbs ("make", "take", "find") end here."""
        if self._lowers is None:  # the lower-cased lemma of each token, once per document
            lowers = self.lexicon.lower_lemmas
            lowers.strings = self.doc.vocab.strings
            self._lowers = list(map(lowers.__getitem__, self._lemmas))
        return not self.lexicon.pattern_objects[key].isdisjoint(self._lowers[verb.left_edge.i:verb.right_edge.i + 1])

    def _is_trigger(self, token: Token) -> bool:
        if token.pos_ in ADJ_POS:
            return lemma_of(token) in self.lexicon.adjectives
        if token.pos_ not in VERB_POS:
            return False
        trigger = self._verb_trigger(token)
        # "kept fighting", "is going to attack": a verb that is a trigger only on alert governs nothing else;
        # "failed to attack": one that is a trigger only for a deal neither.
        return trigger is not None and self._allowed(trigger, "obl", obliques(token)) \
            and self._xcomp_allowed(token, trigger)

    def _xcomp_allowed(self, verb: Token, trigger: Trigger) -> bool:
        """Whether the row's ``xcomp=`` / ``xcomp!=`` conditions, on the infinitive and what it acts on, hold
        ("failed to reach a deal"; "declined to resign", not "declined to comment")."""
        if not (trigger.needs and "xcomp" in trigger.needs) and not (trigger.excludes and "xcomp" in trigger.excludes):
            return True
        acted_on = {lemma for c in children(verb) if c.dep_ == "xcomp" and c.pos_ in VERB_POS
                    for lemma in (lemma_of(c), *self.object_lemmas(c))}
        return self._allowed(trigger, "xcomp", acted_on)

    # -- intents -------------------------------------------------------------------------------------
    def intent_event(self, adjective: Token, trigger: Trigger) -> Event | None:
        """"X is willing / ready to <verb> …": an intent (CAMEO 03, PLOVER AGREE), a threat when the
        intended act is a conflictual trigger ("ready to attack"); the infinitive gives the target."""
        intended = [c for c in children(adjective) if c.dep_ == "xcomp" and c.pos_ in VERB_POS]
        if not intended:
            return None
        active = [c for c in children(adjective) if c.dep_ in ("nsubj",)]
        if not active and adjective.dep_ in ("xcomp", "conj"):
            active = subjects(adjective.head)[0]
        sources = self.index.actors(active)
        target_heads = slot_tokens(adjective, ("xcomp",))
        inner = self.lexicon.verb(lemma_of(intended[0]), intended[0].text)
        if inner is not None and inner.refusal:  # "ready to lift sanctions": the act, not its refusal
            inner = next((row for row in self.lexicon.variants.get((inner.lemma, inner.pos), ()) if not row.refusal),
                         None)
        if inner is not None and inner.type in CONFLICT_TYPES:
            kind, mode, cameo = THREAT
            trigger = Trigger(trigger.lemma, trigger.pos, kind, mode, cameo, trigger.slots)
        generic = main_clause(adjective) and is_generic(active)
        return self._finish(adjective, adjective, trigger, (sources, self.index.actors(target_heads, target=True)),
                            bool(target_heads), generic, (active, target_heads))

    def _variant(self, token: Token, trigger: Trigger, deps: tuple[str, ...],
                 objects: set[str] | None = None) -> Trigger:
        """The first row for the trigger's lemma whose conditions on ``deps`` hold (else the first row);
        ``objects``: the token's ``object_lemmas`` when already known."""
        rows = self.lexicon.variants.get((trigger.lemma, trigger.pos))
        if not rows:
            return trigger
        lemmas = {dep: (objects if objects is not None else self.object_lemmas(token)) if dep == "obj" else
                  modifiers(token) if dep == "compound" else particles(token) if dep == "prt" else
                  {lemma_of(c) for c in children(token) if c.dep_.split(":")[0] == dep
                   and not (dep == "nmod" and c.dep_ == "nmod:poss")} for dep in deps}
        for row in rows:
            if row.refusal and not negated(token):
                continue
            if all(self._allowed(row, dep, lemmas[dep]) for dep in deps):
                return row
        return trigger

    # -- nouns ---------------------------------------------------------------------------------------
    def noun_event(self, noun: Token, trigger: Trigger) -> Event | None:
        if noun.dep_ in ("compound", "flat", "flat:name") or noun.i in self.index.by_token:
            return None
        compounds = modifiers(noun)
        if not self._allowed(trigger, "compound", compounds):
            return None
        nmods = {lemma_of(c) for c in children(noun) if c.dep_.startswith("nmod") and c.dep_ != "nmod:poss"}
        if not self._allowed(trigger, "nmod", nmods):
            return None
        light = self._light_verb(noun)
        if trigger.after_light_verb and light is None:
            return None
        # "threatened sanctions", "lifted sanctions", "called for talks": the governing verb says
        # what happened, and it is not the noun's event.
        if light is None and noun.dep_ in ("obj", "obl", "nsubj:pass", "xcomp") and noun.head.pos_ == "VERB":
            return None
        source_heads = [c for c in children(noun)
                        if c.dep_ in ("nmod:poss", "amod", "compound") and c.i in self.index.by_token]
        sources = self.index.actors(source_heads)
        between = [c for c in children(noun) if c.dep_.startswith("nmod") and case_of(c) == "between"]
        target_heads = slot_tokens(noun, trigger.slots)
        governor = noun
        answerable = answerable_for(noun) if light is None and not sources else None
        if answerable is not None:  # "X was responsible for the killings", "X claimed responsibility for the attack"
            governor = answerable
            source_heads = subjects(answerable)[0]
            sources = self.index.actors(source_heads)
        if light is not None:
            governor = light
            if not sources:
                source_heads = subjects(light)[0] + agents(light)
                sources = self.index.actors(source_heads)
            target_heads += slot_tokens(light, tuple(s.replace("nmod:", "obl:") for s in trigger.slots))
            if noun.dep_ == "obl":  # "joined Trump and Abe for talks": the light verb's object is the partner
                target_heads += [c for c in children(light) if c.dep_ == "obj"]
        targets = self.index.actors(target_heads, target=True)
        # After a light verb the act is plain ("launched an attack", "issued an ultimatum"): the target is
        # not needed, except for the types the manual gives a recipient (aid, sanctions, cooperation).
        has_target = bool(target_heads) or (light is not None and bool(sources)
                                             and trigger.type not in self.lexicon.recipient)
        if between:
            sides = self.index.actors(between)
            sources, targets = sides + [s for s in sources if s not in sides], sides
            source_heads, target_heads = between + source_heads, list(between)
        generic = main_clause(governor) and (is_generic(target_heads)
                                              or (light is not None and is_generic(subjects(light)[0])))
        return self._finish(noun, governor, trigger, (sources, targets), has_target, generic,
                            (source_heads, target_heads))

    def _light_verb(self, noun: Token) -> Token | None:
        """The light verb whose object (or passive subject, or ``for``-phrase: "joined Abe for talks") is
        ``noun``, or the noun it is counted in ("began a new round of talks", "launched a wave of attacks")."""
        head = noun.head
        if noun.dep_.startswith("nmod") and lemma_of(head) in COUNT_NOUNS and case_of(noun) == "of":
            noun, head = head, head.head
        if (noun.dep_ in ("obj", "nsubj:pass") or (noun.dep_ == "obl" and lemma_of(head) in JOIN_VERBS
                                                      and case_of(noun) == "for")) \
                and head.i != noun.i and head.pos_ in ("VERB", "AUX") and lemma_of(head) in self.lexicon.light:
            return head
        return None

    @staticmethod
    def _allowed(trigger: Trigger, dep: str, lemmas: set[str]) -> bool:
        """Whether the ``dep`` dependents' ``lemmas`` meet the row's ``dep=`` / ``dep!=`` conditions."""
        if trigger.needs and dep in trigger.needs:
            wanted = trigger.needs[dep]
            if not (lemmas & wanted or (lemmas and "*" in wanted) or (not lemmas and "-" in wanted)):
                return False
        return not (trigger.excludes and dep in trigger.excludes and lemmas & trigger.excludes[dep])

    # -- both ----------------------------------------------------------------------------------------
    def _finish(self, head: Token, governor: Token, trigger: Trigger,
                actors: tuple[list[ActorCluster], list[ActorCluster]], has_target: bool, generic: bool,
                heads: tuple[list[Token], list[Token]]) -> Event | None:
        """The event, or None when the frame's conditions fail. ``actors``: (sources, targets) resolved to
        actor clusters; ``heads``: the tokens heading the source and target phrases, actors or not."""
        sources, targets = actors
        source_heads, target_heads = heads
        # Without a place that can stand for a participant, the two conditions below need no place: test them
        # before the place is looked for (a reciprocal frame only copies sources that are there).
        if not trigger.place_suffices and ((trigger.needs_target and not has_target)
                                           or (not sources and not targets and not generic)):
            return None
        place, place_token = place_of([head] if governor is head else [head, governor], self.index)
        if trigger.needs_target and not has_target and not (trigger.place_suffices and place_token is not None):
            return None
        # "Trump and Putin agreed to share information on North Korea": coordinated sources of a reciprocal
        # trigger are each other's targets, before whatever the act is aimed at.
        mutual = trigger.reciprocal and any(coordinated(h) for h in source_heads)
        if trigger.reciprocal and len(sources) > 1 and (mutual or not targets):
            targets = sources + [t for t in targets if t not in sources]
            if not target_heads:
                target_heads = source_heads
            elif mutual:
                target_heads = source_heads + [h for h in target_heads if h not in source_heads]
        elif mutual and not targets:
            # "UK and EU negotiators agreed", "India and MERCOSUR agreed to give tariff concessions": every
            # participant is a target too, in the role phrases (what they agreed on is no participant); the
            # actors only where two or more are named (one actor would be its own target)
            target_heads = source_heads
        # An event needs a participant: an actor, else (PLOVER allows generic actors) a nominal subject or
        # target that names nobody in particular, whose role is then left empty.
        if not sources and not targets and not generic and not (trigger.place_suffices and place_token is not None):
            return None
        if place is not None and (place in sources or place in targets):
            place, place_token = None, None
        doc = self.doc
        event = Event(type=trigger.type, trigger=doc[head.i:head.i + 1], source=sources, target=targets,
                      mode=trigger.mode, cameo=trigger.cameo, place=place,
                      source_spans=phrases(doc, antecedents(source_heads), self.index.by_token),
                      target_spans=phrases(doc, antecedents(target_heads), self.index.by_token))
        if place_token is not None:
            start = place_token.left_edge.i
            while start < place_token.i and doc[start].dep_ in ("case", "det"):
                start += 1
            event.place_span = doc[start:place_token.right_edge.i + 1]
        event.status = clause_status(governor, refusal=trigger.refusal)
        reported, speaker = self.attributions.of(head.i)
        if reported is not None:
            event.attributed_to = speaker
            if event.status == "asserted":
                event.status = reported
        if event.status == "predicted" and event.type in FUTURE_TYPES:
            event.coded_from = event.type
            event.type, event.cameo = FUTURE_TYPES[event.type]
            event.mode = None
        phrase = date_phrase([head] if governor is head else [head, governor])
        if phrase is not None:
            event.date_span = phrase
            event.date = resolve(phrase, self.published, future=event.status == "predicted")
        return event


def find_events(doc: Doc, lexicon: Lexicon | None = None) -> list[Event]:
    """The events of a parsed ``doc`` whose actors (and quotes) are set."""
    if not doc.has_annotation("DEP"):
        return []
    memo = remember(doc)
    try:
        return EventFinder(doc, lexicon or load_lexicon()).run()
    finally:
        forget(memo)


class EventsComponent:
    """Sets ``doc._.events`` (``Event`` list, in trigger order)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, self.lexicon)
        return doc


# The factory's version: v2 adds the participant phrases (``Event.source_spans`` / ``target_spans``) and codes
# events whose participants are named by phrase, not actor; ``bc_events_v1`` is kept as an alias so that
# pipelines and configs saved with the old name still load (they get the current behaviour).
FACTORY = "bc_events_v2"
FACTORY_ALIASES = ("bc_events_v1",)


def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(nlp, name)


for _factory in (FACTORY, *FACTORY_ALIASES):
    Language.factory(_factory, func=make_events, assigns=["doc._.events"],
                     requires=["doc._.actors", "doc._.quotes", "token.dep", "token.pos", "token.lemma"])
