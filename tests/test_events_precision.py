"""Precision and coverage rules of the events layer (issue 5) on hand-made parses: contexts that are no event
(exclusions.tsv), relative and bare pronouns as participants, purpose infinitives, time obliques, concessions."""

from __future__ import annotations

from spacy.tokens import Doc
from test_events import names, parse

from backchannel.events import find_events, load_lexicon

Row = tuple[str, str, str, str, int]


def coded(doc: Doc) -> list[tuple[str, str | None]]:
    return [(e.type, e.cameo) for e in find_events(doc)]


def test_exclusions_load() -> None:
    lexicon = load_lexicon()
    assert "vote" in lexicon.exclusions["defeat"] and "tax" in lexicon.exclusions["pay"]
    assert all(lemma == lemma.lower() and contexts for lemma, contexts in lexicon.exclusions.items())


def defeated(obj: str, obj_lemma: str, by_votes: bool) -> Doc:
    # "Yau defeated the camp candidate [by 424 votes]"
    rows: list[Row] = [("Yau", "Yau", "PROPN", "nsubj", 1), ("defeated", "defeat", "VERB", "ROOT", 1),
                       ("the", "the", "DET", "det", 4), ("camp", "camp", "NOUN", "compound", 4),
                       (obj, obj_lemma, "NOUN", "obj", 1)]
    if by_votes:
        rows += [("by", "by", "ADP", "case", 7), ("424", "424", "NUM", "nummod", 7),
                 ("votes", "vote", "NOUN", "obl", 1)]
    return parse(rows, {"Yau": ("person", [(0, 1)])})


def test_an_electoral_defeat_is_no_assault() -> None:
    # CAMEO.2.0 DESTROY codes "defeated the (rebel) camp" as 190; a candidate or a count of votes is an election.
    assert coded(defeated("fighters", "fighter", False)) == [("ASSAULT", "190")]
    assert coded(defeated("candidate", "candidate", False)) == []
    assert coded(defeated("fighters", "fighter", True)) == []


def paid(counted: str, lemma: str | None = None) -> Doc:
    # "Germany paid 5 million euros in aid / in arrears to Israel"
    rows: list[Row] = [("Germany", "Germany", "PROPN", "nsubj", 1), ("paid", "pay", "VERB", "ROOT", 1),
                       ("5", "5", "NUM", "nummod", 3), ("euros", "euro", "NOUN", "obj", 1),
                       ("in", "in", "ADP", "case", 5), (counted, lemma or counted, "NOUN", "nmod", 3),
                       ("to", "to", "ADP", "case", 7), ("Israel", "Israel", "PROPN", "obl", 1)]
    return parse(rows, {"Germany": ("country", [(0, 1)]), "Israel": ("country", [(7, 8)])})


def test_paying_taxes_or_arrears_is_no_cooperation() -> None:
    assert [t for t, _ in coded(paid("aid"))] == ["COOPERATE"]
    assert coded(paid("arrears")) == []
    assert coded(paid("taxes", "tax")) == []


def test_relative_pronoun_stands_for_its_antecedent() -> None:
    # "a policy which the UN criticised": the policy is criticised, not "which".
    rows: list[Row] = [("They", "they", "PRON", "nsubj", 1), ("kept", "keep", "VERB", "ROOT", 1),
                       ("a", "a", "DET", "det", 3), ("policy", "policy", "NOUN", "obj", 1),
                       ("which", "which", "PRON", "obj", 7), ("the", "the", "DET", "det", 6),
                       ("UN", "UN", "PROPN", "nsubj", 7), ("criticised", "criticise", "VERB", "acl:relcl", 3)]
    doc = parse(rows, {"United Nations": ("organization", [(6, 7)])})
    doc[4].tag_ = "WDT"
    [event] = find_events(doc)
    assert event.type == "ACCUSE" and names(event.source) == ["United Nations"]
    assert [s.text for s in event.target_spans] == ["a policy"]
    # the same clause without the relative tag keeps the pronoun's own (unresolved) token: no "which" phrase
    doc = parse(rows, {"United Nations": ("organization", [(6, 7)])})
    [event] = find_events(doc)
    assert [s.text for s in event.target_spans] == []


def test_relative_clause_event_takes_no_actor_from_the_antecedent() -> None:
    # "activists who had been jailed": the parser often hangs the clause on the wrong noun, and the event is
    # background; the antecedent lends its words to a role phrase, never its actor.
    rows: list[Row] = [("Yemen", "Yemen", "PROPN", "nsubj", 1), ("freed", "free", "VERB", "ROOT", 1),
                       ("Karman", "Karman", "PROPN", "obj", 1), ("who", "who", "PRON", "nsubj:pass", 6),
                       ("had", "have", "AUX", "aux", 6), ("been", "be", "AUX", "aux:pass", 6),
                       ("jailed", "jail", "VERB", "acl:relcl", 2)]
    doc = parse(rows, {"Yemen": ("country", [(0, 1)]), "Tawakkol Karman": ("person", [(2, 3)])})
    doc[3].tag_ = "WP"
    assert [(e.type, e.trigger.text, names(e.target)) for e in find_events(doc)] == [
        ("RETREAT", "freed", ["Tawakkol Karman"])]


def test_unresolved_pronoun_is_no_role_phrase() -> None:
    # "it would attack loudspeakers": "it" names nobody unless the actors layer resolved it.
    rows: list[Row] = [("It", "it", "PRON", "nsubj", 1), ("attacked", "attack", "VERB", "ROOT", 1),
                       ("the", "the", "DET", "det", 3), ("convoy", "convoy", "NOUN", "obj", 1)]
    [event] = find_events(parse(rows, {}))
    assert event.source_spans == [] and [s.text for s in event.target_spans] == ["the convoy"]
    [event] = find_events(parse(rows, {"North Korea": ("country", [(0, 1)])}))
    assert names(event.source) == ["North Korea"] and [s.text for s in event.source_spans] == ["It"]


def test_a_time_oblique_does_not_hide_the_target_under_the_object() -> None:
    # "The US lifted sanctions against Sudan on Friday": "on Friday" fills no slot.
    rows: list[Row] = [("US", "US", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                       ("sanctions", "sanction", "NOUN", "obj", 1), ("against", "against", "ADP", "case", 4),
                       ("Sudan", "Sudan", "PROPN", "nmod", 2), ("on", "on", "ADP", "case", 6),
                       ("Friday", "Friday", "PROPN", "obl", 1)]
    [event] = find_events(parse(rows, {"United States": ("country", [(0, 1)]), "Sudan": ("country", [(4, 5)])}))
    assert (event.type, event.cameo) == ("CONCEDE", "085") and names(event.target) == ["Sudan"]


def test_passive_recipient_leaves_the_object_out_of_the_target() -> None:
    # "The team was awarded a medal": the team is the target, the medal the thing given.
    rows: list[Row] = [("The", "the", "DET", "det", 1), ("team", "team", "NOUN", "nsubj:pass", 3),
                       ("was", "be", "AUX", "aux:pass", 3), ("awarded", "award", "VERB", "ROOT", 3),
                       ("a", "a", "DET", "det", 5), ("medal", "medal", "NOUN", "obj", 3),
                       ("by", "by", "ADP", "case", 7), ("UNESCO", "UNESCO", "PROPN", "obl:agent", 3)]
    events = find_events(parse(rows, {"UNESCO": ("organization", [(7, 8)])}))
    assert events and all([s.text for s in e.target_spans] == ["The team"] for e in events)


def test_aid_given_to_help_someone_names_the_recipient() -> None:
    # "The US donated ventilators to assist Ethiopia": Ethiopia is who the aid is for.
    rows: list[Row] = [("US", "US", "PROPN", "nsubj", 1), ("donated", "donate", "VERB", "ROOT", 1),
                       ("ventilators", "ventilator", "NOUN", "obj", 1), ("to", "to", "PART", "mark", 4),
                       ("assist", "assist", "VERB", "acl", 2), ("Ethiopia", "Ethiopia", "PROPN", "obj", 4)]
    actors = {"United States": ("country", [(0, 1)]), "Ethiopia": ("country", [(5, 6)])}
    [event] = find_events(parse(rows, actors))
    assert (event.type, names(event.source), names(event.target)) == ("AID", ["United States"], ["Ethiopia"])
    # a purpose clause of another verb in between ("… to build a hospital that will assist X") is not the aid's
    rows = [*rows[:4], ("reach", "reach", "VERB", "acl", 2), ("to", "to", "PART", "mark", 6),
            ("assist", "assist", "VERB", "advcl", 4), ("Ethiopia", "Ethiopia", "PROPN", "obj", 6)]
    assert find_events(parse(rows, {"United States": ("country", [(0, 1)]), "Ethiopia": ("country", [(7, 8)])})) == []


def test_lifting_a_curfew_or_emergency_has_its_own_code() -> None:
    def lifted(obj: str) -> list[tuple[str, str | None]]:
        rows: list[Row] = [("Authorities", "authority", "NOUN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                           ("the", "the", "DET", "det", 3), (obj, obj, "NOUN", "obj", 1)]
        return coded(parse(rows, {"Saudi authorities": ("organization", [(0, 1)])}))

    assert lifted("curfew") == [("CONCEDE", "0813")]
    assert lifted("emergency") == [("CONCEDE", "0814")]
    assert lifted("ban") == [("CONCEDE", "081")]  # other administrative sanctions keep CAMEO 081


def test_conceding_defeat_or_accepting_demands_is_a_concession() -> None:
    def verb(lemma: str, form: str, obj: str, negated: bool = False) -> list[tuple[str, str | None]]:
        rows: list[Row] = [("Nepal", "Nepal", "PROPN", "nsubj", 2 if negated else 1)]
        if negated:
            rows += [("not", "not", "PART", "advmod", 2)]
        n = len(rows)
        rows += [(form, lemma, "VERB", "ROOT", n), ("the", "the", "DET", "det", n + 2), (obj, obj, "NOUN", "obj", n)]
        return coded(parse(rows, {"Nepal": ("country", [(0, 1)])}))

    assert verb("accept", "accepted", "demand") == [("CONCEDE", "080")]
    assert verb("concede", "conceded", "defeat") == [("CONCEDE", "080")]
    assert verb("concede", "conceded", "point") == []
    assert verb("accept", "accepted", "demand", negated=True)[0][0] == "REJECT"


def test_coordinated_subject_of_a_reciprocal_event_is_also_its_target_phrase() -> None:
    # "Britain and EU negotiators agreed": both sides are participants; one named actor is not its own target.
    rows: list[Row] = [("Britain", "Britain", "PROPN", "nsubj", 4), ("and", "and", "CCONJ", "cc", 3),
                       ("EU", "EU", "PROPN", "compound", 3), ("negotiators", "negotiator", "NOUN", "conj", 0),
                       ("agreed", "agree", "VERB", "ROOT", 4)]
    [event] = find_events(parse(rows, {"United Kingdom": ("country", [(0, 1)])}))
    assert event.type == "AGREE" and names(event.source) == ["United Kingdom"] and event.target == []
    assert [s.text for s in event.target_spans] == ["Britain", "EU negotiators"]
    # a single subject gives no target phrase
    [event] = find_events(parse([rows[0][:4] + (1,), ("agreed", "agree", "VERB", "ROOT", 1)],
                                {"United Kingdom": ("country", [(0, 1)])}))
    assert event.target_spans == []
