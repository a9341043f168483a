"""Target and source rules of the events layer (issue 5, round 3) on hand-made parses: the actor named deeper
inside a role phrase, coordinated modifiers, and reciprocal triggers with coordinated sources."""

from __future__ import annotations

from test_events import names, parse

from backchannel.events import find_events

Row = tuple[str, str, str, str, int]


def test_actor_named_inside_the_target_phrase() -> None:
    # "Putin cancelled a planned visit to Paris": the visit's destination is the target
    rows: list[Row] = [("Putin", "Putin", "PROPN", "nsubj", 1), ("cancelled", "cancel", "VERB", "ROOT", 1),
                       ("a", "a", "DET", "det", 4), ("planned", "plan", "VERB", "amod", 4),
                       ("visit", "visit", "NOUN", "obj", 1), ("to", "to", "ADP", "case", 6),
                       ("Paris", "Paris", "PROPN", "nmod", 4)]
    events = find_events(parse(rows, {"Vladimir Putin": ("person", [(0, 1)]), "Paris": ("place", [(6, 7)])}))
    assert [(e.type, names(e.source), names(e.target)) for e in events] == [
        ("REJECT", ["Vladimir Putin"], ["Paris"])]
    assert [s.text for s in events[0].target_spans] == ["a planned visit to Paris"]


def test_actor_inside_a_relative_clause_is_not_the_target() -> None:
    # "The court freed two ex-ministers who served in Mugabe's government": the clause is background
    rows: list[Row] = [("The", "the", "DET", "det", 1), ("court", "court", "NOUN", "nsubj", 2),
                       ("freed", "free", "VERB", "ROOT", 2), ("two", "two", "NUM", "nummod", 4),
                       ("ex-ministers", "ex-minister", "NOUN", "obj", 2), ("who", "who", "PRON", "nsubj", 6),
                       ("served", "serve", "VERB", "acl:relcl", 4), ("in", "in", "ADP", "case", 10),
                       ("Mugabe", "Mugabe", "PROPN", "nmod:poss", 10), ("'s", "'s", "PART", "case", 8),
                       ("government", "government", "NOUN", "obl", 6)]
    events = find_events(parse(rows, {"Robert Mugabe": ("person", [(8, 9)])}))
    assert [(e.type, names(e.target), [s.text for s in e.target_spans]) for e in events] == [
        ("RETREAT", [], ["two ex-ministers"])]


def test_coordinated_compound_subjects_are_reciprocal() -> None:
    # "UK and EU negotiators agreed a trade agreement": the parser makes both names compounds of "negotiators"
    rows: list[Row] = [("UK", "UK", "PROPN", "compound", 3), ("and", "and", "CCONJ", "cc", 2),
                       ("EU", "EU", "PROPN", "compound", 3), ("negotiators", "negotiator", "NOUN", "nsubj", 4),
                       ("agreed", "agree", "VERB", "ROOT", 4), ("a", "a", "DET", "det", 7),
                       ("trade", "trade", "NOUN", "compound", 7), ("agreement", "agreement", "NOUN", "obj", 4)]
    events = find_events(parse(rows, {"United Kingdom": ("country", [(0, 1)]),
                                      "European Union": ("organization", [(2, 3)])}))
    assert [(e.type, names(e.source), names(e.target)) for e in events] == [
        ("AGREE", ["United Kingdom", "European Union"], ["United Kingdom", "European Union"])]


def test_coordinated_sources_of_a_reciprocal_trigger_are_targets_first() -> None:
    # "Trump and Putin agreed to share information on North Korea": the parties agree with each other
    rows: list[Row] = [("Trump", "Trump", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 2),
                       ("Putin", "Putin", "PROPN", "conj", 0), ("agreed", "agree", "VERB", "ROOT", 3),
                       ("to", "to", "PART", "mark", 5), ("share", "share", "VERB", "xcomp", 3),
                       ("information", "information", "NOUN", "obj", 5), ("on", "on", "ADP", "case", 8),
                       ("Korea", "Korea", "PROPN", "obl", 5)]
    events = find_events(parse(rows, {"Donald Trump": ("person", [(0, 1)]), "Vladimir Putin": ("person", [(2, 3)]),
                                      "North Korea": ("country", [(8, 9)])}))
    assert [(names(e.source), names(e.target)) for e in events] == [
        (["Donald Trump", "Vladimir Putin"], ["Donald Trump", "Vladimir Putin", "North Korea"])]


def test_possessive_pronoun_in_the_target_phrase_is_the_sources_own() -> None:
    # "Riyadh lifted its blockade of Yemen": "its" is Saudi Arabia's, the target is Yemen
    rows: list[Row] = [("Riyadh", "Riyadh", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                       ("its", "its", "PRON", "nmod:poss", 3), ("blockade", "blockade", "NOUN", "obj", 1),
                       ("of", "of", "ADP", "case", 5), ("Yemen", "Yemen", "PROPN", "nmod", 3)]
    events = find_events(parse(rows, {"Saudi Arabia": ("country", [(0, 1), (2, 3)]),
                                      "Yemen": ("country", [(5, 6)])}))
    assert [(e.type, names(e.source), names(e.target)) for e in events] == [
        ("CONCEDE", ["Saudi Arabia"], ["Yemen"])]


def test_called_off_a_strike_is_a_concession_and_needs_the_particle() -> None:
    # "Workers called (off) a strike against Petrobras"
    def called(particle: bool) -> list[tuple[str, str | None, list[str]]]:
        rows: list[Row] = [("Workers", "worker", "NOUN", "nsubj", 1), ("called", "call", "VERB", "ROOT", 1)]
        if particle:
            rows.append(("off", "off", "ADP", "compound:prt", 1))
        n = len(rows)
        rows += [("a", "a", "DET", "det", n + 1), ("strike", "strike", "NOUN", "obj", 1),
                 ("against", "against", "ADP", "case", n + 3), ("Petrobras", "Petrobras", "PROPN", "nmod", n + 1)]
        doc = parse(rows, {"Petrobras": ("organization", [(n + 3, n + 4)])})
        return [(e.type, e.cameo, names(e.target)) for e in find_events(doc)]

    assert called(True) == [("CONCEDE", "082", ["Petrobras"])]
    assert called(False) == []


def test_the_passive_subject_is_what_a_passive_verb_acts_on() -> None:
    # "The strike against Petrobras was called off"
    rows: list[Row] = [("The", "the", "DET", "det", 1), ("strike", "strike", "NOUN", "nsubj:pass", 6),
                       ("against", "against", "ADP", "case", 3), ("Petrobras", "Petrobras", "PROPN", "nmod", 1),
                       ("was", "be", "AUX", "aux:pass", 6), ("today", "today", "NOUN", "obl:tmod", 6),
                       ("called", "call", "VERB", "ROOT", 6), ("off", "off", "ADP", "compound:prt", 6)]
    events = find_events(parse(rows, {"Petrobras": ("organization", [(3, 4)])}))
    assert [(e.type, e.cameo) for e in events] == [("CONCEDE", "082")]


def declined(infinitive: str, lemma: str) -> list[tuple[str, str | None]]:
    # "Cuomo declined to <infinitive>"
    rows: list[Row] = [("Cuomo", "Cuomo", "PROPN", "nsubj", 1), ("declined", "decline", "VERB", "ROOT", 1),
                       ("to", "to", "PART", "mark", 3), (infinitive, lemma, "VERB", "xcomp", 1)]
    return [(e.type, e.cameo) for e in find_events(parse(rows, {"Andrew Cuomo": ("person", [(0, 1)])}))]


def test_declined_to_resign_is_a_refusal_and_declined_to_comment_no_event() -> None:
    assert declined("resign", "resign") == [("REJECT", "120")]
    assert declined("comment", "comment") == []
    # "exports declined": no infinitive, no declined proposal
    rows: list[Row] = [("Exports", "export", "NOUN", "nsubj", 1), ("declined", "decline", "VERB", "ROOT", 1)]
    assert find_events(parse(rows, {})) == []


def test_violating_a_ban_defies_a_norm_and_charging_needs_the_crime() -> None:
    rows: list[Row] = [("Pyongyang", "Pyongyang", "PROPN", "nsubj", 1), ("violated", "violate", "VERB", "ROOT", 1),
                       ("a", "a", "DET", "det", 3), ("ban", "ban", "NOUN", "obj", 1)]
    actors = {"North Korea": ("country", [(0, 1)])}
    assert [(e.type, e.cameo) for e in find_events(parse(rows, actors))] == [("REJECT", "128")]

    def charged(crime: str) -> list[tuple[str, str | None]]:
        # "A court charged Erdogan with <crime>"
        rows = [("Court", "court", "NOUN", "nsubj", 1), ("charged", "charge", "VERB", "ROOT", 1),
                ("Erdogan", "Erdogan", "PROPN", "obj", 1), ("with", "with", "ADP", "case", 4),
                (crime, crime, "NOUN", "obl", 1)]
        return [(e.type, e.cameo) for e in find_events(parse(rows, {"Erdogan": ("person", [(2, 3)])}))]

    assert charged("terrorism") == [("ACCUSE", "1121")]
    assert charged("interest") == []


def test_passive_subject_is_the_target_only_where_the_object_is() -> None:
    # "It must be returned": the thing returned, not a recipient (the return frame's target is "to X")
    rows: list[Row] = [("It", "it", "PRON", "nsubj:pass", 3), ("must", "must", "AUX", "aux", 3),
                       ("be", "be", "AUX", "aux:pass", 3), ("returned", "return", "VERB", "ROOT", 3)]
    assert find_events(parse(rows, {})) == []
    # "Two villages were attacked": the attack's target is its object, so the passive subject is the target
    rows = [("Two", "two", "NUM", "nummod", 1), ("villages", "village", "NOUN", "nsubj:pass", 3),
            ("were", "be", "AUX", "aux:pass", 3), ("attacked", "attack", "VERB", "ROOT", 3)]
    [event] = find_events(parse(rows, {}))
    assert [s.text for s in event.target_spans] == ["Two villages"]


def test_a_passive_subject_borrowed_by_an_infinitive_is_its_source() -> None:
    # "Bernier was forced to resign": Bernier resigns
    rows: list[Row] = [("Bernier", "Bernier", "PROPN", "nsubj:pass", 2), ("was", "be", "AUX", "aux:pass", 2),
                       ("forced", "force", "VERB", "ROOT", 2), ("to", "to", "PART", "mark", 4),
                       ("resign", "resign", "VERB", "xcomp", 2)]
    events = find_events(parse(rows, {"Maxime Bernier": ("person", [(0, 1)])}))
    assert [(e.type, names(e.source), names(e.target)) for e in events] == [("RETREAT", ["Maxime Bernier"], [])]
