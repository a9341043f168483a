"""Quotes and claims on hand-written news sentences, through the shipped pipeline and the readout."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import backchannel
from backchannel.actors import ActorCluster
from backchannel.quotes import find_quotes
from backchannel.readout import validate

Record = dict[str, Any]


def readout(nlp: Language, text: str) -> dict[str, Any]:
    (result,) = backchannel.analyze([text], nlp)
    data = result.to_dict()
    validate(data)
    return data


def names(data: dict[str, Any]) -> dict[str | None, str | None]:
    found: dict[str | None, str | None] = {a["id"]: a["name"] for a in data["actors"]}
    found[None] = None
    return found


def quote_with(data: dict[str, Any], fragment: str) -> Record:
    matches = [q for q in data["quotes"] if fragment in q["content"]["text"]]
    assert matches, f"no quote contains {fragment!r}: {[q['content']['text'] for q in data['quotes']]}"
    return matches[0]


def claim_with(data: dict[str, Any], fragment: str) -> Record:
    matches = [c for c in data["claims"] if fragment in c["content"]["text"]]
    assert matches, f"no claim contains {fragment!r}: {[c['content']['text'] for c in data['claims']]}"
    return matches[0]


def test_direct_quote_with_addressee(nlp: Language) -> None:
    data = readout(nlp, "Steve Witkoff met Kirill Dmitriev in Miami. “We are ready to talk,” Dmitriev told Witkoff.")
    q = quote_with(data, "We are ready to talk")
    who = names(data)
    assert q["form"] == "direct" and q["act"] == "say" and q["cue"]["text"] == "told"
    assert who[q["speaker"]] == "Kirill Dmitriev" and who[q["addressee"]] == "Steve Witkoff"
    assert q["content"]["text"] == "We are ready to talk"
    assert q["speaker_span"]["text"] == "Dmitriev"
    c = claim_with(data, "We are ready to talk")
    assert c["holder"] == q["speaker"] and c["status"] == "reported" and c["quote"] == q["id"]


def test_quote_interrupted_by_the_attribution(nlp: Language) -> None:
    data = readout(nlp, "Kirill Dmitriev spoke in Miami. “But not now,” Dmitriev said, “because of the war.”")
    first, second = quote_with(data, "But not now"), quote_with(data, "because of the war")
    assert first["cue"]["text"] == second["cue"]["text"] == "said"
    assert first["speaker"] == second["speaker"] is not None


def test_indirect_speech(nlp: Language) -> None:
    data = readout(nlp, "Kirill Dmitriev suggested passing the Russian proposal to Washington informally.")
    q = quote_with(data, "passing the Russian proposal")
    assert q["form"] == "indirect" and q["act"] == "suggest" and q["cue"]["text"] == "suggested"
    assert names(data)[q["speaker"]] == "Kirill Dmitriev"
    assert q["content"]["text"] == "passing the Russian proposal to Washington informally"


def test_mixed_quote(nlp: Language) -> None:
    data = readout(nlp, 'Donald Trump said that Witkoff "is not pro-Russian".')
    q = quote_with(data, "pro-Russian")
    assert q["form"] == "mixed" and names(data)[q["speaker"]] == "Donald Trump"
    assert q["content"]["text"] == 'that Witkoff "is not pro-Russian"'  # the complementiser is content
    assert len(data["quotes"]) == 1


def test_he_added_takes_the_resolved_actor(nlp: Language) -> None:
    doc = nlp("Sergei Lavrov spoke to reporters in Moscow on Friday. He added that the talks would continue.")
    he = next(t for t in doc if t.text == "He")
    # The speaker is whatever cluster the actors layer put "He" in (set here so the test does not
    # depend on the coreference rules).
    lavrov = ActorCluster(kind="person", name="Sergei Lavrov", mentions=[doc[0:2], doc[he.i:he.i + 1]],
                          nominal=[doc[he.i:he.i + 1]])
    doc._.actors = [lavrov]
    quotes, claims = find_quotes(doc)
    (q,) = [q for q in quotes if "the talks would continue" in q.content.text]
    assert q.speaker is lavrov and q.speaker_span is not None and q.speaker_span.text == "He"
    assert q.cue is not None and q.cue.text == "added"
    assert any(c.holder is lavrov and c.quote is q for c in claims)


def test_follow_on_quote_takes_the_previous_speaker(nlp: Language) -> None:
    data = readout(nlp, "“We are not in a hurry,” Dmitry Peskov said.\n“The Americans know our position "
                        "very well.”")
    first, follow = quote_with(data, "not in a hurry"), quote_with(data, "The Americans know")
    assert follow["speaker"] == first["speaker"] is not None
    # a continuation shares the source and cue of the quote it continues (PolNeAR's convention)
    assert follow["form"] == "direct" and follow["cue"] == first["cue"]
    assert follow["speaker_span"] == first["speaker_span"]


def test_quote_running_across_paragraphs(nlp: Language) -> None:
    data = readout(nlp, "“We will not sign this plan,\n“and nobody in Moscow will,” Sergei Lavrov said.")
    q = quote_with(data, "We will not sign")
    assert "nobody in Moscow will" in q["content"]["text"]
    assert names(data)[q["speaker"]] == "Sergei Lavrov"


def test_according_to_and_nested_report(nlp: Language) -> None:
    text = ("The Insider reports that Kirill Dmitriev told Steve Witkoff to call Putin. According to the "
            "report, Moscow even floated a ceasefire.")
    data = readout(nlp, text)
    outer = quote_with(data, "told Steve Witkoff")
    (inner,) = [q for q in data["quotes"] if q["content"]["text"] == "to call Putin"]
    assert outer["act"] == "report" and outer["speaker_span"]["text"] == "The Insider"
    assert inner["reported_by"] == outer["id"] and names(data)[inner["addressee"]] == "Steve Witkoff"
    acc = quote_with(data, "Moscow even floated a ceasefire")
    assert acc["form"] == "according_to" and acc["cue"]["text"] == "According to"
    assert acc["speaker_span"]["text"] == "the report"
    floated = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == "floated"]
    assert floated and floated[0]["reported_by"] == acc["id"]
    assert data["actors"][[a["id"] for a in data["actors"]].index(floated[0]["speaker"])]["name"] == "Russia"


def test_according_to_a_named_source(nlp: Language) -> None:
    data = readout(nlp, "Witkoff will return to Moscow next week, according to Bloomberg.")
    q = quote_with(data, "Witkoff will return to Moscow next week")
    assert q["form"] == "according_to" and names(data)[q["speaker"]] == "Bloomberg News"
    assert q["content"]["text"] == "Witkoff will return to Moscow next week"


def test_according_to_a_titled_name_takes_the_name_and_the_clause(nlp: Language) -> None:
    data = readout(nlp, "According to Afghan Ambassador to the United States Hamdullah Mohib, the participation "
                        "of this team shows progress in Afghanistan.")
    q = quote_with(data, "the participation of this team shows progress in Afghanistan")
    assert q["form"] == "according_to" and q["content"]["text"].startswith("the participation")
    assert q["speaker_span"]["text"].endswith("Hamdullah Mohib") and names(data)[q["speaker"]] == "Hamdullah Mohib"


def test_colon_attribution(nlp: Language) -> None:
    data = readout(nlp, 'Kremlin spokesman Dmitry Peskov: "No comment on that at all."')
    q = quote_with(data, "No comment")
    assert names(data)[q["speaker"]] == "Dmitry Peskov" and q["cue"]["text"] == ":"


def test_guillemets_and_low_high_marks(nlp: Language) -> None:
    data = readout(nlp, "Sergei Lavrov told reporters: «We are ready to discuss the plan.» Dmitry Peskov "
                        "said: „Nothing has been agreed yet.“")
    first, second = quote_with(data, "ready to discuss"), quote_with(data, "Nothing has been agreed")
    assert names(data)[first["speaker"]] == "Sergei Lavrov" and first["cue"]["text"] == "told"
    assert second["speaker_span"]["text"] == "Dmitry Peskov" and second["cue"]["text"] == "said"


def test_scare_quotes_and_terms_are_not_speech(nlp: Language) -> None:
    data = readout(nlp, "Analysts described the leaks as “active measures,” and the \"special envoys\" "
                        "flew home.")
    texts = [q["content"]["text"] for q in data["quotes"]]
    assert not any("active measures" in t or t == "special envoys" for t in texts)


def test_unbalanced_marks_keep_other_quotes(nlp: Language) -> None:
    text = ('Sergei Lavrov said "the deal is off. A stray mark stays open\n'
            "“We are ready to talk,” Dmitry Peskov said. And « one more stray.")
    data = readout(nlp, text)
    q = quote_with(data, "We are ready to talk")
    assert q["speaker_span"]["text"] == "Dmitry Peskov" and q["content"]["text"] == "We are ready to talk"
    assert all("\n" not in q["content"]["text"] for q in data["quotes"])


def test_unattributed_quote_keeps_a_null_speaker(nlp: Language) -> None:
    data = readout(nlp, "The summit ended early.\n“Nothing was agreed and nothing will be,” one diplomat "
                        "wrote in a private note that was later leaked to the press.")
    for q in data["quotes"]:
        if "Nothing was agreed" in q["content"]["text"]:
            assert q["speaker"] is None


def test_denial_and_negated_cue(nlp: Language) -> None:
    data = readout(nlp, "Dmitry Peskov denied that the calls were genuine. Sergei Lavrov did not say that "
                        "the talks had failed.")
    assert claim_with(data, "the calls were genuine")["status"] == "denied"
    assert quote_with(data, "the calls were genuine")["act"] == "deny"
    assert claim_with(data, "the talks had failed")["status"] == "negated"


def test_publication_as_source(nlp: Language) -> None:
    data = readout(nlp, "Bloomberg released recordings of the calls.")
    q = quote_with(data, "recordings of the calls")
    assert names(data)[q["speaker"]] == "Bloomberg News" and q["act"] == "report"


def test_author_claims(nlp: Language) -> None:
    text = ("Russian officials said that Ukrainian drones hit the refinery. There is speculation about "
            "Ukrainian involvement. These claims are almost certainly exaggerated. The president will likely "
            "try to delay the vote.")
    data = readout(nlp, text)
    speculation = claim_with(data, "Ukrainian involvement")
    assert speculation["status"] == "speculated" and speculation["holder"] is None
    doubt = claim_with(data, "almost certainly exaggerated")
    assert doubt["status"] == "doubted" and doubt["holder"] == "author"
    assert speculation["doubted_by"] == "author"
    prediction = claim_with(data, "will likely try")
    assert prediction["status"] == "predicted" and prediction["holder"] == "author"
    assert prediction["cue"]["text"] == "likely"


def test_reportedly_is_reported_without_a_holder(nlp: Language) -> None:
    data = readout(nlp, "Moscow reportedly offered a prisoner exchange.")
    c = claim_with(data, "offered a prisoner exchange")
    assert c["status"] == "reported" and c["holder"] is None


def test_ids_are_sequential(nlp: Language) -> None:
    data = readout(nlp, "“We are ready,” Dmitry Peskov said. Sergei Lavrov said that the talks had failed.")
    assert [q["id"] for q in data["quotes"]] == [f"q{i}" for i in range(1, len(data["quotes"]) + 1)]
    assert [c["id"] for c in data["claims"]] == [f"c{i}" for i in range(1, len(data["claims"]) + 1)]


def test_component_is_in_the_pipeline(nlp: Language) -> None:
    names_ = nlp.pipe_names
    assert names_.index("bc_quotes") > names_.index("bc_actor_linker")


def test_rule_without_the_statistical_model() -> None:
    words = ["Dmitriev", "suggested", "passing", "the", "proposal", "."]
    doc = Doc(backchannel.load_pipeline(extractors=False).vocab, words=words, heads=[1, 1, 1, 4, 2, 1],
              deps=["nsubj", "ROOT", "xcomp", "det", "obj", "punct"],
              pos=["PROPN", "VERB", "VERB", "DET", "NOUN", "PUNCT"],
              lemmas=["Dmitriev", "suggest", "pass", "the", "proposal", "."])
    doc._.actors = []
    quotes, claims = find_quotes(doc)
    assert [(q.form, q.act, q.content.text, q.speaker_span.text if q.speaker_span else None) for q in quotes] == [
        ("indirect", "suggest", "passing the proposal", "Dmitriev")]
    assert claims[0].status == "speculated"


@pytest.mark.parametrize("text", ["\"", "“”", "« »", "He said: “", "„“ ‹ ›\n\n\"\"\"", "’90s’ ‘"])
def test_odd_input_never_crashes(nlp: Language, text: str) -> None:
    readout(nlp, text or "-")


def test_noun_cue_and_particle_cue(nlp: Language) -> None:
    data = readout(nlp, "Donald Trump’s claim that the election was rigged spread quickly. Sergei Lavrov pointed "
                        "out that the talks had failed.")
    claim = quote_with(data, "the election was rigged")
    assert claim["cue"]["text"] == "claim" and claim["act"] == "claim"
    assert claim["speaker_span"]["text"] == "Donald Trump"
    assert quote_with(data, "the talks had failed")["cue"]["text"] == "pointed out"


def test_cue_is_the_whole_verb_group(nlp: Language) -> None:
    data = readout(nlp, "Sergei Lavrov has repeatedly said that the talks would continue. Dmitry Peskov said in a "
                        "statement that nothing had been agreed.")
    q = quote_with(data, "the talks would continue")
    assert q["cue"]["text"] == "has repeatedly said" and q["content"]["text"] == "that the talks would continue"
    assert quote_with(data, "nothing had been agreed")["cue"]["text"] == "said in a statement"


def test_source_keeps_its_apposition(nlp: Language) -> None:
    data = readout(nlp, "Chris Brownell, an audience member, said that the debate had been unfair.")
    q = quote_with(data, "the debate had been unfair")
    assert q["speaker_span"]["text"] == "Chris Brownell, an audience member"
    assert names(data)[q["speaker"]] == "Chris Brownell"


def test_possessor_is_not_the_speaker(nlp: Language) -> None:
    data = readout(nlp, "Labour's Shadow Home Secretary Yvette Cooper said that the backlog was damning.")
    q = quote_with(data, "the backlog was damning")
    assert names(data)[q["speaker"]] == "Yvette Cooper"


def test_intentions_and_characterisations(nlp: Language) -> None:
    data = readout(nlp, "Dmitry Peskov plans to visit Beijing in May. Sergei Lavrov called the proposal "
                        "\"a disgrace\". Kyiv called for an immediate ceasefire.")
    plan = quote_with(data, "visit Beijing")
    assert plan["act"] == "intend" and plan["content"]["text"] == "to visit Beijing in May"
    assert plan["cue"]["text"] == "plans"
    called = quote_with(data, "a disgrace")
    assert called["act"] == "characterize" and called["content"]["text"].startswith("the proposal")
    demand = quote_with(data, "an immediate ceasefire")
    assert demand["act"] == "ask" and demand["cue"]["text"] == "called for"


def test_attitude_inside_reported_speech_is_not_a_second_quote(nlp: Language) -> None:
    data = readout(nlp, "Sergei Lavrov said that Moscow wants to resume the talks.")
    assert [q["cue"]["text"] for q in data["quotes"]] == ["said"]


def test_unresolved_pronoun_takes_the_only_person_named(nlp: Language) -> None:
    doc = nlp("Yvette Cooper spoke in London on Monday.\n\nShe added that the backlog was damning.")
    she = next(t for t in doc if t.text == "She")
    cooper = ActorCluster(kind="person", name="Yvette Cooper", mentions=[doc[0:2]])
    doc._.actors = [cooper]  # the actors layer left "She" unresolved
    quotes, _ = find_quotes(doc)
    (q,) = [q for q in quotes if "backlog" in q.content.text]
    assert q.speaker is cooper and q.speaker_span is not None and q.speaker_span.start == she.i


def test_unresolved_pronoun_stays_unknown_when_ambiguous(nlp: Language) -> None:
    doc = nlp("Yvette Cooper met Suella Braverman in London.\n\nShe added that the backlog was damning.")
    doc._.actors = [ActorCluster(kind="person", name="Yvette Cooper", mentions=[doc[0:2]]),
                    ActorCluster(kind="person", name="Suella Braverman", mentions=[doc[3:5]])]
    quotes, _ = find_quotes(doc)
    (q,) = [q for q in quotes if "backlog" in q.content.text]
    assert q.speaker is None


# --- PolNeAR-driven rules (issue 4), each on hand-written sentences -----------------------------------------


def test_sentence_final_attribution_without_marks(nlp: Language) -> None:
    data = readout(nlp, "The convoy was held at the border for two hours, a diplomat familiar with the talks said.")
    q = quote_with(data, "The convoy was held")
    assert q["form"] == "indirect" and q["cue"]["text"] == "said"
    assert q["content"]["text"] == "The convoy was held at the border for two hours"
    assert q["speaker_span"]["text"] == "a diplomat familiar with the talks"


def test_mid_sentence_attribution_between_commas_is_the_whole_clause(nlp: Language) -> None:
    data = readout(nlp, "Sergei Lavrov spoke first. The plan, he said, is dead.")
    q = quote_with(data, "is dead")
    assert q["content"]["text"] == "The plan, he said, is dead" and q["form"] == "indirect"
    assert q["speaker_span"]["text"] == "he" and q["cue"]["text"] == "said"


def test_mid_sentence_cue_without_commas_is_skipped(nlp: Language) -> None:
    data = readout(nlp, "The plan he said is dead.")
    assert not data["quotes"]


def test_subject_nearest_the_cue_wins() -> None:
    from spacy.vocab import Vocab

    from backchannel.quotes.speakers import subject_of

    words = ["Tax", "breaks", "help", "the", "rich", ",", "Sanders", "said", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 7, 1, 4, 2, 7, 7, 7, 7],
              deps=["compound", "nsubj", "acl", "det", "obj", "punct", "nsubj", "ROOT", "punct"])
    assert subject_of(doc[7]).text == "Sanders"


def test_horizontal_bar_attribution(nlp: Language) -> None:
    data = readout(nlp, "“We are tired of waiting for the council to act on the housing crisis.” ― Maria Lopez")
    q = quote_with(data, "We are tired of waiting")
    assert q["cue"]["text"] == "―" and q["speaker_span"]["text"] == "Maria Lopez"


def test_labelled_lines_are_statements(nlp: Language) -> None:
    text = ("Lavrov: Moscow Will Not Accept the Proposal\n\n"
            "UPDATE: The meeting has been moved to Friday.\n\n"
            "Sergei Lavrov spoke in Moscow on Monday.")
    data = readout(nlp, text)
    q = quote_with(data, "Moscow Will Not Accept")
    assert q["cue"]["text"] == ":" and q["speaker_span"]["text"] == "Lavrov"
    assert q["content"]["text"] == "Moscow Will Not Accept the Proposal"
    assert not [q for q in data["quotes"] if "meeting" in q["content"]["text"]]


def test_request_keeps_the_one_asked_in_its_content(nlp: Language) -> None:
    data = readout(nlp, "Yvette Cooper urged ministers to publish the report before the summer.")
    q = quote_with(data, "to publish the report")
    assert q["act"] == "ask" and q["content"]["text"] == "ministers to publish the report before the summer"


def test_criticism_keeps_its_reason(nlp: Language) -> None:
    data = readout(nlp, "Yvette Cooper criticized the ministers for delaying the report.")
    q = quote_with(data, "delaying the report")
    assert q["act"] == "accuse" and q["cue"]["text"] == "criticized"
    assert q["content"]["text"] == "the ministers for delaying the report"
    cited = readout(nlp, "The mayor cited rising costs in the city budget.")
    assert quote_with(cited, "rising costs")["content"]["text"] == "rising costs in the city budget"


# --- speakers: issue 4 rules ------------------------------------------------------------------------

def test_dislocated_subject_is_the_speaker(nlp: Language) -> None:
    data = readout(nlp, "Chomsky spoke to Gorbachev in Moscow. And the head of NATO, Jens Stoltenberg, he has "
                        "explained that NATO must protect pipelines and sea lanes.")
    q = quote_with(data, "NATO must protect pipelines")
    assert names(data)[q["speaker"]] == "Jens Stoltenberg" and q["speaker_span"]["text"] == "he"


def test_unowned_document_takes_the_issuer_named_elsewhere(nlp: Language) -> None:
    data = readout(nlp, "A leaked internal letter seen by Sky News says the interviews will stop. The Home Office "
                        "letter also says that the forms must be returned within twenty days.")
    q = quote_with(data, "the interviews will stop")
    assert names(data)[q["speaker"]] == "Home Office"


def test_issued_recordings_are_the_publication_s(nlp: Language) -> None:
    data = readout(nlp, "Bloomberg released recordings of a call between Witkoff and Ushakov on Tuesday. The "
                        "recordings show that Witkoff advised the Kremlin aide.")
    who = names(data)
    released, shown = quote_with(data, "recordings of a call"), quote_with(data, "Witkoff advised")
    assert who[released["speaker"]] == "Bloomberg News" and who[shown["speaker"]] == "Bloomberg News"


def test_the_report_is_the_only_publication_named_before(nlp: Language) -> None:
    data = readout(nlp, "The call was first described by Bloomberg on Tuesday. The report says that Witkoff "
                        "coached Ushakov.")
    assert names(data)[quote_with(data, "Witkoff coached Ushakov")["speaker"]] == "Bloomberg News"


def test_according_to_the_report_keeps_the_chain(nlp: Language) -> None:
    data = readout(nlp, "Bloomberg reports that Kremlin envoy Kirill Dmitriev met Steve Witkoff in Miami. "
                        "According to the report, Moscow even floated a ceasefire along the front line.")
    who = names(data)
    according = quote_with(data, "Moscow even floated")
    floated = [q for q in data["quotes"] if q["cue"]["text"] == "floated"][0]
    assert according["form"] == "according_to" and who[according["speaker"]] == "Bloomberg News"
    assert floated["reported_by"] == according["id"] and who[floated["speaker"]] == "Russia"
    claim = [c for c in data["claims"] if c["quote"] == floated["id"]][0]
    assert claim["holder"] == floated["speaker"] and who[claim["reported_by"]] == "Bloomberg News"


def test_follow_on_quote_and_pronoun_take_the_previous_speaker(nlp: Language) -> None:
    data = readout(nlp, 'Kremlin aide Yuri Ushakov spoke to reporters on Monday. "We are ready to talk," Ushakov '
                        'said. "But nobody has called us yet."\n\nHe added that the envoy would travel to Moscow.')
    who = names(data)
    for fragment in ("We are ready", "nobody has called", "the envoy would travel"):
        assert who[quote_with(data, fragment)["speaker"]] == "Yuri Ushakov", fragment


def test_unnamed_sources_keep_no_speaker(nlp: Language) -> None:
    data = readout(nlp, "Officials said the talks would resume on Friday. A senior diplomat said the convoy was "
                        "held at the border.")
    for fragment in ("the talks would resume", "the convoy was held"):
        q = quote_with(data, fragment)
        assert q["speaker"] is None and q["speaker_span"] is not None


def test_author_hedges_in_an_op_ed(nlp: Language) -> None:
    data = readout(nlp, "Dmitriev and Witkoff drafted a 28-point plan. There is speculation about Ukrainian "
                        "involvement in the leak. Russian officials said the plan was agreed in Miami. These claims "
                        "are almost certainly exaggerated. The president will likely try to revive the talks.")
    assert claim_with(data, "Ukrainian involvement")["status"] == "speculated"
    assert claim_with(data, "Ukrainian involvement")["holder"] is None
    assert claim_with(data, "the plan was agreed")["doubted_by"] == "author"
    doubt = claim_with(data, "almost certainly exaggerated")
    assert doubt["status"] == "doubted" and doubt["holder"] == "author"
    predicted = claim_with(data, "will likely try")
    assert predicted["status"] == "predicted" and predicted["holder"] == "author"


def test_clause_the_parse_took_for_an_object_is_the_content(nlp: Language) -> None:
    # the parse makes "voter fraud" the object of "says"; the rest of the sentence is what was said
    data = readout(nlp, "Trump says voter fraud “would be one hell of a way to lose.”")
    q = quote_with(data, "one hell of a way")
    assert q["content"]["text"].startswith("voter fraud") and q["cue"]["text"] == "says"
    assert q["speaker_span"]["text"] == "Trump"


def test_purpose_infinitive_is_not_a_cue(nlp: Language) -> None:
    data = readout(nlp, "Lavrov has a plan to discuss the ceasefire with Rubio.")
    assert not [q for q in data["quotes"] if q["cue"] and "discuss" in q["cue"]["text"]]


def test_praise_verb_is_a_stance(nlp: Language) -> None:
    data = readout(nlp, "Zelensky hailed the agreement as historic.")
    q = quote_with(data, "the agreement")
    assert q["act"] == "support" and q["speaker_span"]["text"] == "Zelensky" and q["cue"]["text"] == "hailed"


def test_three_level_chain_reaches_the_publication(nlp: Language) -> None:
    data = readout(nlp, "Bloomberg reported that, according to US officials, Moscow floated a ceasefire.")
    who = names(data)
    outer = quote_with(data, "according to US officials")
    according = [q for q in data["quotes"] if q["form"] == "according_to"][0]
    floated = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == "floated"][0]
    assert according["content"]["text"] == "Moscow floated a ceasefire" and according["reported_by"] == outer["id"]
    assert floated["reported_by"] == according["id"] and who[floated["speaker"]] == "Russia"
    claim = [c for c in data["claims"] if c["quote"] == floated["id"]][0]
    assert [who[a] for a in claim["reported_via"]][-1] == "Bloomberg News" and len(claim["reported_via"]) == 2
    assert claim["reported_by"] == claim["reported_via"][0]


def test_the_outlet_is_the_publication_named_before(nlp: Language) -> None:
    data = readout(nlp, "The Insider reported that Ushakov met Witkoff. The outlet said Dmitriev told Ushakov "
                        "that the Americans would accept the plan.")
    who = names(data)
    said = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == "said"][0]
    reported = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == "reported"][0]
    assert said["speaker_span"]["text"] == "The outlet" and said["speaker"] == reported["speaker"]
    assert "Insider" in (who[said["speaker"]] or "")
    told = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == "told"][0]
    claim = [c for c in data["claims"] if c["quote"] == told["id"]][0]
    assert claim["reported_via"] == [said["speaker"]]


def test_reporter_chain_is_bounded_on_a_cycle() -> None:
    from spacy.vocab import Vocab

    from backchannel.quotes.claims import reporters
    from backchannel.quotes.model import Quote

    doc = Doc(Vocab(), words=["a", "b", "c"])
    one, two = ActorCluster(kind="person", name="One"), ActorCluster(kind="person", name="Two")
    inner = Quote(form="indirect", content=doc[2:3])
    first, second = Quote(form="indirect", content=doc[0:1], speaker=one), Quote(form="indirect", content=doc[1:2],
                                                                              speaker=two)
    inner.reported_by, first.reported_by, second.reported_by = first, second, first  # a cycle above inner
    assert reporters(inner) == [one, two] and reporters(first) == [two]
    chain: list[Quote] = [Quote(form="indirect", content=doc[0:1], speaker=ActorCluster(kind="person", name=str(i)))
                          for i in range(20)]
    for near, far in zip(chain, chain[1:], strict=False):
        near.reported_by = far
    assert len(reporters(chain[0], limit=5)) == 5


def test_participle_after_a_comma_speaks_for_the_main_subject(nlp: Language) -> None:
    data = readout(nlp, "Sergei Lavrov said the talks had failed, adding that Moscow would not return to Geneva.")
    (q,) = [q for q in data["quotes"] if q["cue"]["text"] == "adding"]
    assert q["content"]["text"] == "that Moscow would not return to Geneva"
    assert q["speaker_span"]["text"] == "Sergei Lavrov"
    assert quote_with(data, "the talks")["content"]["text"] == "the talks had failed"
    assert names(data)[q["speaker"]] == "Sergei Lavrov"


def test_called_on_someone_to_act_is_a_demand(nlp: Language) -> None:
    data = readout(nlp, "Zelensky called on Washington to supply more air defence.")
    q = quote_with(data, "to supply more air defence")
    assert q["cue"]["text"] == "called on" and q["act"] == "ask"
    assert q["content"]["text"] == "Washington to supply more air defence"


def test_passive_agent_is_the_source(nlp: Language) -> None:
    data = readout(nlp, "The ceasefire proposal was first reported by The Insider.")
    q = quote_with(data, "The ceasefire proposal")
    assert q["speaker_span"]["text"] == "The Insider" and q["cue"]["text"] == "was first reported by"


def test_quotation_running_on_after_a_cue_object_stays_direct(nlp: Language) -> None:
    text = ("The Guardian quoted critics like campaigner Caitlin Boswell, with Boswell stating: \"People fleeing "
            "war need quicker decisions.\n\"No one's right to refuge should be put at risk by a form.\"")
    data = readout(nlp, text)
    q = quote_with(data, "People fleeing war")
    assert q["form"] == "direct" and names(data)[q["speaker"]] == "Caitlin Boswell"


def test_lemmatiser_slips_are_repaired_for_cues() -> None:
    from backchannel.quotes.cues import load_lexicon, repair_lemma

    verbs = load_lexicon().verbs
    assert [repair_lemma(w, verbs) for w in ("prais", "stresse", "slamm", "blam")] == ["praise", "stress", "slam",
                                                                                       "blame"]
    assert repair_lemma("table", verbs) is None and repair_lemma("xy", verbs) is None


def test_authors_aside_on_an_object_content_is_cut(nlp: Language) -> None:
    data = readout(nlp, "Kyiv questioned the neutrality of the mediator, who is based in Istanbul.")
    q = quote_with(data, "the neutrality")
    assert q["content"]["text"] == "the neutrality of the mediator"


def test_two_apostrophes_are_a_double_mark(nlp: Language) -> None:
    data = readout(nlp, "''It's more tinkering at the edges,'' said Alan Cole, an economist. ''I wouldn't call it "
                        "reform.''")
    first, second = quote_with(data, "more tinkering"), quote_with(data, "call it reform")
    assert first["content"]["text"] == "It's more tinkering at the edges" and first["form"] == "direct"
    assert first["cue"]["text"] == "said" and second["speaker_span"] == first["speaker_span"]


def test_according_to_content_leaves_the_authors_connective(nlp: Language) -> None:
    data = readout(nlp, "And, according to the ministry, the convoy reached Kherson on Monday.")
    q = [q for q in data["quotes"] if q["form"] == "according_to"][0]
    assert q["content"]["text"] == "the convoy reached Kherson on Monday"
    data = readout(nlp, "Meanwhile, the convoy reached Kherson on Monday, according to the ministry.")
    q = [q for q in data["quotes"] if q["form"] == "according_to"][0]
    assert q["content"]["text"] == "the convoy reached Kherson on Monday"


def test_releasing_a_non_medium_is_not_an_attribution(nlp: Language) -> None:
    data = readout(nlp, "The senator released his tax returns on Friday. Bloomberg released recordings of the calls.")
    cues = [q["cue"]["text"] for q in data["quotes"] if q["cue"]]
    assert cues == ["released"] and quote_with(data, "recordings")["speaker_span"]["text"] == "Bloomberg"


def test_malformed_cue_row_is_a_coded_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from backchannel.errors import DataFileError
    from backchannel.quotes import cues

    real = cues._rows

    def rows(name: str) -> list[list[str]]:
        found = real(name)
        return [*found, ["vent", "verb", "say", "reported", "", "no", "maybe"]] if name == "cues.tsv" else found

    monkeypatch.setattr(cues, "_rows", rows)
    with pytest.raises(DataFileError) as err:
        cues.load_lexicon.__wrapped__()
    assert err.value.code == "E501" and "cues.tsv" in (err.value.source or "")


def test_infinitive_parsed_as_an_adverbial_clause_is_what_was_asked(nlp: Language) -> None:
    data = readout(nlp, "Fellow Republicans are urging Trump to make the second debate a game-changer.")
    q = quote_with(data, "to make the second debate")
    assert q["act"] == "ask" and q["content"]["text"].startswith("Trump to make")


def test_scan_rebuilds_the_text_and_finds_cues_with_a_warm_or_emptied_memo(nlp: Language,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from backchannel.quotes import cues

    lexicon = cues.load_lexicon()
    texts = ["Officials  said\n\nthe talks , reportedly , stalled.  ", "The minister praised it; according to Kyiv",
             "He stressed that prices will likely rise.\n"]
    docs = [nlp(text) for text in texts]
    cold = [cues.scan(doc, lexicon) for doc in docs]
    warm = [cues.scan(doc, lexicon) for doc in docs]
    monkeypatch.setattr(cues, "_MEMO_LIMIT", 0)  # every miss empties the tables
    emptied = [cues.scan(doc, lexicon) for doc in reversed(docs)][::-1]
    for doc, *found in zip(docs, cold, warm, emptied, strict=True):
        assert [hits.text for hits in found] == [doc.text] * 3
        assert len({repr((h.verbs, h.nouns, h.according, h.terms, h.media, h.lemma)) for h in found}) == 1
    assert [docs[k][i].lower_ for k in range(3) for i in cold[k].verbs] == ["said", "praised", "stressed"]
    assert [docs[1][i].text for i in cold[1].according] == ["according"]
    assert [docs[0][i].text for i in cold[0].terms["hedge"]] == ["reportedly"]
    assert cues.memo_of(lexicon) is cues.memo_of(lexicon)


def test_coordinated_complements_stay_in_the_content(nlp: Language) -> None:
    data = readout(nlp, "She wants to double the size of the volunteer program, expand the rural service and create "
                        "a new reserve.")
    q = quote_with(data, "double the size")
    assert q["content"]["text"] == ("to double the size of the volunteer program, expand the rural service and create "
                                    "a new reserve")
    data = readout(nlp, "The secretary says hackers are targeting county officials, and that at least one recent "
                        "attempt succeeded.")
    assert quote_with(data, "hackers")["content"]["text"].endswith("at least one recent attempt succeeded")


def test_a_bare_date_after_the_cue_is_part_of_the_cue_not_the_source(nlp: Language) -> None:
    data = readout(nlp, "A state official said Friday that hackers have targeted the systems of 20 states.")
    q = quote_with(data, "hackers")
    assert q["cue"]["text"] == "said Friday"
    assert q["content"]["text"] == "that hackers have targeted the systems of 20 states"
    data = readout(nlp, "“It is a dog whistle to all voters,” Representative Gwen Moore said Friday.")
    q = quote_with(data, "dog whistle")
    assert q["speaker_span"]["text"] == "Representative Gwen Moore" and names(data)[q["speaker"]] == "Gwen Moore"


def test_adverbial_participle_speaks_for_the_governing_subject(nlp: Language) -> None:
    data = readout(nlp, "The candidate complained about the microphone, even suggesting that he may have been "
                        "sabotaged.")
    q = quote_with(data, "sabotaged")
    assert q["cue"]["text"].endswith("suggesting") and q["speaker_span"]["text"] == "The candidate"


def test_a_participle_after_a_comma_is_not_part_of_the_source(nlp: Language) -> None:
    data = readout(nlp, "Trump, speaking to a veterans group in Virginia, said the system was broken.")
    assert quote_with(data, "the system was broken")["speaker_span"]["text"] == "Trump"
    data = readout(nlp, "People living near the border said the shelling continued.")
    assert quote_with(data, "the shelling")["speaker_span"]["text"] == "People living near the border"


def test_a_thing_withheld_is_not_a_denial(nlp: Language) -> None:
    # "deny" with an object and a recipient withholds something; with one object it denies a claim
    for text in ("They were twice denied visas to enter the United States.", "The court denied him bail."):
        data = readout(nlp, text)
        assert not [q for q in data["quotes"] if q["act"] == "deny"], text
    data = readout(nlp, "Moscow denied any involvement in the attack.")
    q = quote_with(data, "involvement")
    assert q["act"] == "deny" and q["speaker_span"]["text"] == "Moscow"


def test_an_infinitive_that_continues_a_verb_speaks_for_its_subject(nlp: Language) -> None:
    data = readout(nlp, "Lavrov went on to say that Moscow would respond to any new sanctions.")
    q = quote_with(data, "Moscow would respond")
    assert q["speaker_span"]["text"] == "Lavrov" and q["cue"]["text"].endswith("say")
    data = readout(nlp, "The senator spoke for an hour, going on to say that the bill had been written by lobbyists.")
    assert quote_with(data, "lobbyists")["speaker_span"]["text"] == "The senator"


def test_a_closing_report_of_its_own_is_cut_from_the_content(nlp: Language) -> None:
    data = readout(nlp, "The minister said the army would withdraw from the town by Friday, though she "
                        "acknowledged the plan could slip.")
    q = quote_with(data, "withdraw")
    assert q["content"]["text"] == "the army would withdraw from the town by Friday"
    assert quote_with(data, "could slip")["cue"]["text"] == "acknowledged"
    data = readout(nlp, "Peskov says Putin promised to attend the summit and said he would meet the envoys.")
    assert quote_with(data, "Putin promised")["content"]["text"] == "Putin promised to attend the summit"
    # "but said …", a second that-clause, a shared verb form and a conjunct with its own subject go on
    for text, whole in (
            ("The mayor said the video would be released but said the timing was still open.",
             "the video would be released but said the timing was still open"),
            ("The officer said witnesses saw a gun and that one was found nearby.",
             "witnesses saw a gun and that one was found nearby"),
            ("He said he had watched the museum rise and thought of the days when he would visit it.",
             "he had watched the museum rise and thought of the days when he would visit it")):
        data = readout(nlp, text)
        assert quote_with(data, whole.split()[1])["content"]["text"] == whole, text


def test_according_to_after_a_report_covers_the_report(nlp: Language) -> None:
    data = readout(nlp, "Reuters reports that the talks have stalled over the border, according to two diplomats.")
    outer = next(q for q in data["quotes"] if q["cue"]["text"] == "according to")
    assert outer["content"]["text"] == "Reuters reports that the talks have stalled over the border"
    assert outer["speaker_span"]["text"] == "two diplomats"
    inner = next(q for q in data["quotes"] if q["cue"]["text"] == "reports")
    assert inner["content"]["text"] == "that the talks have stalled over the border"


def _without_it(nlp: Language, text: str) -> list[Any]:
    """The quotes of ``text`` when the actors layer leaves every "it" unresolved (as it does in longer
    articles with several organisations named inside quotations)."""
    doc = nlp(text)
    for cluster in doc._.actors:
        cluster.mentions = [m for m in cluster.mentions if m.text.lower() != "it"]
        cluster.nominal = [m for m in cluster.nominal if m.text.lower() != "it"]
    quotes, _ = find_quotes(doc)
    return quotes


def test_an_unresolved_it_speaks_for_the_organisation_just_before(nlp: Language) -> None:
    quotes = _without_it(nlp, "“The drills are a grave provocation,” said KCNA. “Reckless acts will be punished,” "
                              "it added; and, later, “the army is ready to respond.”")
    by_text = {q.content.text: q for q in quotes}
    agency = by_text["The drills are a grave provocation"].speaker
    assert agency is not None
    for content in ("Reckless acts will be punished", "the army is ready to respond"):
        assert by_text[content].speaker_span.text == "it" and by_text[content].speaker is agency, content
    # another country named in between (outside the quotation marks): two candidates, no guess
    quotes = _without_it(nlp, "“The drills are a grave provocation,” said KCNA. Japan protested to China in Tokyo. "
                              "“Reckless acts will be punished,” it added.")
    assert next(q for q in quotes if q.content.text.startswith("Reckless")).speaker is None


def test_it_inside_a_report_is_the_reporting_organisation(nlp: Language) -> None:
    quotes = _without_it(nlp, "North Korea stated it would attack any loudspeakers along the border.")
    inner = next(q for q in quotes if q.speaker_span is not None and q.speaker_span.text == "it")
    assert inner.reported_by is not None and inner.speaker is inner.reported_by.speaker is not None


def test_a_relative_pronoun_source_speaks_for_its_antecedent(nlp: Language) -> None:
    data = readout(nlp, "Reporters met Dmitry Peskov, who told them the summit was off.")
    q = quote_with(data, "the summit was off")
    assert q["speaker_span"]["text"] == "who" and names(data)[q["speaker"]] == "Dmitry Peskov"
    data = readout(nlp, "The talks were criticised by the Kremlin, which warned that sanctions would follow.")
    q = quote_with(data, "sanctions would follow")
    assert q["speaker_span"]["text"] == "which" and q["speaker"] is not None
    assert q["speaker"] == quote_with(data, "The talks")["speaker"]


def test_a_finite_cue_without_a_subject_takes_the_name_right_before_it() -> None:
    # a misparse: the name hangs on the cue as "dep", not as its subject
    vocab = backchannel.load_pipeline(extractors=False).vocab
    words = ["Stein", "said", "she", "would", "go", "."]

    def parse(first_dep: str) -> Doc:
        doc = Doc(vocab, words=words, heads=[1, 1, 4, 4, 1, 1],
                  deps=[first_dep, "ROOT", "nsubj", "aux", "ccomp", "punct"],
                  pos=["PROPN", "VERB", "PRON", "AUX", "VERB", "PUNCT"], tags=["NNP", "VBD", "PRP", "MD", "VB", "."],
                  lemmas=["Stein", "say", "she", "would", "go", "."])
        doc._.actors = []
        return doc

    quotes, _ = find_quotes(parse("dep"))
    assert [(q.content.text, q.speaker_span.text if q.speaker_span else None) for q in quotes] == [
        ("she would go", "Stein")]
    quotes, _ = find_quotes(parse("obl"))  # an adjunct before the verb ("In a meeting … Trump said") is no source
    assert [q.speaker_span for q in quotes] == [None]
