"""Roles and relations the text states: titles before a name and appositions after it.

* "Russian Foreign Minister Sergei Lavrov": title "Foreign Minister", of Russia (the demonym),
  relation works_for(Lavrov, Russia).
* "Kirill Dmitriev, Putin’s special envoy for international cooperation": title "special envoy for
  international cooperation", of Putin (the possessor), relation envoy_of(Dmitriev, Putin).
* "Marcin Bialy, an analyst at the Polityka Insight think tank": works_for(Bialy, Polityka Insight),
  the think tank made an actor if the NER missed it.
* "Dmitriev is Putin's envoy": a copular role is read like an apposition.

The relation comes from the role noun's row in ``nominal_heads.tsv``; a qualifier changes it ("vice
president" works for, not heads) or drops it ("former president" states no current relation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .clusters import Registry, country_name
from .mentions import Mention, is_metonym
from .metonymy import military_of, national_group_of
from .model import ActorCluster, ActorRelation, ActorRole
from .names import titles
from .tokens import Tokens
from .vocab import NominalHead, election_sectors, metonyms, nominal_heads, org_sector, polity

_OF_CASES = frozenset({"of", "at", "with", "from", "in"})
_TITLE_CASES = frozenset({"for", "on", "to"})
_SUBORDINATE = frozenset({"vice", "deputy", "assistant", "under", "junior"})
_PAST = frozenset({"former", "ex", "ex-", "late", "then", "outgoing"})
_MALE = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "sheikh"})
_FEMALE = frozenset({"mrs", "mrs.", "ms", "ms.", "madam", "queen", "princess", "lady", "dame"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
# Forms of address before a title ("Mr. President", "Madam Speaker"), not titles themselves.
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "madam", "madame", "mister"})


# How far after a name's comma an apposition the parser took for a conjunct may start.
_APPOS_REACH = 8
_ARTICLES = frozenset({"the", "a", "an"})
_LEADING_TAGS = frozenset({"PUNCT", "ADP", "VERB", "SCONJ", "ADV", "CCONJ"})
# Titles whose "of" names a portfolio ("Secretary of State"), and the words of the bodies that hold one.
_CABINET_TITLES = frozenset({"secretary", "minister"})
_PORTFOLIO_BODIES = frozenset({"department", "ministry", "office"})


# Words between a role and the body it is held in ("CEO of the Refugee Council").
_OF_GLUE = frozenset({"of", "at", "the"})


def role_entry(token: Token, toks: Tokens) -> tuple[str, NominalHead] | None:
    """The role noun ``token`` heads, trying a two-word head first ("prime minister", "press secretary").

    ``toks`` is the document's tokens (``list(doc)``, made once per document).
    """
    return role_entry_at(toks, token.i)


def role_entry_at(toks: Tokens, i: int) -> tuple[str, NominalHead] | None:
    """``role_entry(toks[i], toks)``, from the token lists."""
    heads = nominal_heads()
    lemma = toks.lemma[i]
    if i > 0 and lemma in pair_ends():  # (a two-word head "x lemma" needs its end listed: no string built else)
        pair = f"{toks.lower[i - 1]} {lemma}"
        if pair in heads:
            return pair, heads[pair]
    if lemma in heads:
        return lemma, heads[lemma]
    low = toks.lower[i]
    if low in heads:
        return low, heads[low]
    return None


@lru_cache(maxsize=1)
def pair_ends() -> frozenset[str]:
    """Every ending after a space of a listed role noun: what ``lemma`` can be in a listed "x lemma"."""
    return frozenset(key[k + 1:] for key in nominal_heads() for k, ch in enumerate(key) if ch == " ")


def _relation(entry: NominalHead, words: Iterable[str]) -> str | None:
    low = {w.lower() for w in words}
    if low & _PAST:
        return None
    if entry.relation == "heads" and low & _SUBORDINATE:
        return "works_for"
    return entry.relation


def _country_of(doc: Doc, toks: Tokens, registry: Registry, token: Token) -> ActorCluster | None:
    """The country a demonym, country name or metonym stands for, with ``token`` added as its mention."""
    held = registry.by_token.get(token.i)
    if held is not None and held.kind == "country":
        return held
    if held is not None:
        return None
    place = polity(token.text)
    if place is not None:
        cluster = registry.country(place.code, place.name, place.kind)
        registry.add(cluster, Span(doc, token.i, token.i + 1), nominal=token.pos_ == "ADJ")
        return cluster
    if is_metonym(toks, Span(doc, token.i, token.i + 1)):
        entry = metonyms().get(token.lower_) or metonyms().get("the " + token.lower_)
        if entry is not None:
            cluster = registry.country(entry.country, country_name(entry.target) if entry.kind == "country"
                                       else entry.target, entry.kind)
            registry.add(cluster, Span(doc, token.i, token.i + 1), nominal=True)
            return cluster
    return None


def _record(registry: Registry, holder: ActorCluster, head: str, entry: NominalHead, title: str, span: Span,
            of: ActorCluster | None, evidence: Span, words: Iterable[str]) -> None:
    holder.roles.append(ActorRole(title=title, span=span, of=of))
    # What the title states about the holder: the sector of its role noun, or of an organisation word
    # in it ("police chief" → COP, "army commander" → MIL), and the country it is held for.
    stated = [org_sector([w])[1] for w in title.split()]
    holder.sector = holder.sector or next((s for s in stated if s is not None), None) or entry.sector
    if of is not None and of is not holder and of.kind in ("country", "organization", "group"):
        holder.country = holder.country or of.country
    registry.heads.setdefault(holder, set()).add(head)
    if entry.gender and holder not in registry.gender:
        registry.gender[holder] = entry.gender
    if of is not None and of.country:
        registry.role_of.setdefault(holder, set()).add(of.country)
    relation = _relation(entry, words)
    if of is not None and relation is not None and of is not holder:
        registry.relations.append(ActorRelation(holder, relation, of, evidence))


def title_roles(doc: Doc, toks: Tokens, registry: Registry, mentions: list[Mention]) -> None:
    """Roles from the titles written before names."""
    for mention in mentions:
        title = mention.title
        holder = registry.by_token.get(mention.span.start)
        if title is None or holder is None or holder.kind != "person":
            continue
        of: ActorCluster | None = None
        kept: list[Token] = []
        head: tuple[str, NominalHead] | None = None
        for tok in title:
            low = tok.lower_
            if low in _MALE or low in _FEMALE:
                registry.gender.setdefault(holder, "m" if low in _MALE else "f")
            if tok.text in _POSSESSIVE_MARKS:
                continue
            found = role_entry(tok, toks)
            if found is not None:
                head = found
                kept.append(tok)
                continue
            if of is None and not kept:
                nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
                if nxt is not None and nxt.text in _POSSESSIVE_MARKS:
                    of = registry.by_token.get(tok.i)
                    if of is not None:
                        continue
                of = _country_of(doc, toks, registry, tok) or registry.by_token.get(tok.i)
                if of is not None:
                    continue
            if of is not None and registry.by_token.get(tok.i) is of:
                continue
            if of is None and kept and kept[-1].lower_ in _OF_GLUE:
                # "CEO of the Refugee Council (Enver Solomon)": the body the role is held in.
                held = registry.by_token.get(tok.i)
                if held is not None and held is not holder and held.kind in ("organization", "country", "group"):
                    of = held
                    while kept and kept[-1].lower_ in _OF_GLUE:
                        kept.pop()
                    continue
            kept.append(tok)
        if head is None or not kept:
            continue
        text = toks.span_text(kept[0].i, kept[-1].i + 1)
        evidence = Span(doc, title.start, mention.span.end)
        _record(registry, holder, head[0], head[1], text, title, of, evidence, (t.text for t in title))


def _of_from_phrase(doc: Doc, registry: Registry, root: Token) -> ActorCluster | None:
    """The actor an "of/at X" phrase names; a run of capitalised words nobody claimed becomes an organisation."""
    for tok in root.subtree:
        held = registry.by_token.get(tok.i)
        if held is not None:
            return held
    run = [t for t in root.subtree if t.pos_ == "PROPN"]
    if not run:
        return None
    start, end = run[0].i, run[-1].i + 1
    if end - start != len(run):
        return None
    country = polity(Span(doc, start, end).text)
    if country is not None:
        cluster = registry.country(country.code, country.name, country.kind)
    else:
        cluster = registry.new("organization")
    registry.add(cluster, Span(doc, start, end))
    return cluster


def _role_noun(span: Span, toks: Tokens) -> Token | None:
    """The noun of an apposition or copular predicate attached to a name (to any of its words: the
    parser hangs an apposition on the surname as often as on the first name)."""
    start, end = span.start, span.end
    heads, tags = toks.head, toks.pos
    # The appositions of the name's words, word by word and each word's in order (``Token.children``).
    for _, k in sorted((heads[k], k) for k in toks.appositions if start <= heads[k] < end and heads[k] != k):
        if (tags[k] == "NOUN" or (tags[k] == "PROPN" and role_entry_at(toks, k))) \
                and not any(g.lower_ in _HONORIFICS for g in toks[k].children):
            # "Suella Braverman, the Home Secretary": a capitalised title is still a title; but
            # "Senator Hatfield, Mr. Chief Justice, ..." addresses several people.
            return toks[k]
    texts = toks.text
    if end + 2 < len(texts) and texts[end] == "," and toks.lower[end + 1] in _ARTICLES:
        # "Jeff Rathke, the State Department Spokesperson, said": an apposition the parser missed (read as
        # a conjunct, a list): the article after the comma, nouns, and a role noun just before a comma.
        for k in range(end + 2, min(end + _APPOS_REACH, len(texts) - 1)):
            if tags[k] not in ("NOUN", "PROPN", "ADJ"):
                break
            if texts[k + 1] == "," and tags[k] in ("NOUN", "PROPN") and toks.dep[k] != "appos" \
                    and role_entry_at(toks, k):
                return toks[k]
    root = span.root.i
    head = heads[root]
    if head != root and (tags[head] == "NOUN" or (tags[head] == "PROPN" and role_entry_at(toks, head))):
        # "Malaysia's Prime Minister, Najib Razak": the name in apposition to a (capitalised) title.
        if toks.dep[root] == "appos":
            return toks[head]
        if toks.dep[root] == "nsubj" and any(c.dep_ == "cop" for c in toks[head].children):
            return toks[head]
    return None


def _portfolio(registry: Registry, toks: Tokens, head: str, phrase: Token) -> tuple[bool, ActorCluster | None]:
    """Whether an "of" phrase after a cabinet title names a portfolio ("Secretary of State", "Minister of
    Defence": one bare capitalised word, no article), and the department or ministry of the document
    whose name holds that word ("US State Department", "Ministry of Defence"), if there is one."""
    if head not in _CABINET_TITLES or toks.pos[phrase.i] != "PROPN" or phrase.left_edge.i != phrase.i - 1 \
            or phrase.right_edge.i != phrase.i:
        return False, None
    word = toks.lower[phrase.i]
    for cluster in registry.clusters:
        if cluster.kind == "organization" and cluster.mentions:
            words = registry.words.get(cluster) or toks.text[cluster.mentions[0].start:cluster.mentions[0].end]
            low = {w.lower() for w in words}
            if word in low and low & _PORTFOLIO_BODIES:
                return True, cluster
    return True, None


def _body_for(doc: Doc, registry: Registry, phrase: Token, entry: NominalHead) -> ActorCluster | None:
    """The organisation (or, for a spokesperson, also the country) a "for" phrase names, when an actor
    holds its head word or it names a country's armed forces ("the Indonesian military"); a cause or a
    topic ("envoy for international cooperation") names none."""
    held = registry.by_token.get(phrase.i) or military_of(doc, registry, phrase)
    if held is None:
        return None
    if held.kind in ("organization", "group") or (held.kind == "country" and entry.relation == "spokesperson_for"):
        return held
    return None


def apposition_roles(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Roles from appositions ("X, Putin's envoy") and copular predicates ("X is Putin's envoy")."""
    seen: set[int] = set()
    for holder in list(registry.clusters):
        if holder.kind != "person":
            continue
        for span in list(holder.named):
            noun = _role_noun(span, toks)
            if noun is None or noun.i in seen or noun.i in registry.by_token:
                continue
            found = role_entry(noun, toks)
            if found is None:
                continue
            seen.add(noun.i)
            of: ActorCluster | None = None
            left = noun.i
            right = noun.i
            for child in noun.children:
                dep = child.dep_
                if dep == "nmod:poss" and of is None:
                    of = registry.by_token.get(child.i) or national_group_of(doc, registry, child) \
                        or _country_of(doc, toks, registry, child)
                elif dep == "amod" and of is None and polity(child.text) is not None and child.text[:1].isupper():
                    of = _country_of(doc, toks, registry, child)
                elif dep == "compound" and child.pos_ == "PROPN" and of is None:
                    of = registry.by_token.get(child.i) or _country_of(doc, toks, registry, child)
                elif dep in ("amod", "compound", "nmod:desc") and child.i < noun.i:
                    left = min(left, child.left_edge.i)
                elif dep == "nmod" and child.i > noun.i:
                    cases = {c.lower_ for c in child.children if c.dep_ == "case"}
                    if cases & _TITLE_CASES:
                        right = max(right, child.right_edge.i)
                        if of is None and "for" in cases:
                            # "spokesman for the Indonesian military", "an analyst for Reuters"
                            of = _body_for(doc, registry, child, found[1])
                    elif cases & _OF_CASES and of is None:
                        portfolio, of = _portfolio(registry, toks, found[0], child)
                        if portfolio:
                            right = max(right, child.i)  # the title is "Secretary of State"
                            entry = found[1] if of is None else replace(found[1], relation="heads")
                            found = (found[0], entry)
                        else:
                            of = _of_from_phrase(doc, registry, child)
            if of is None and noun.i > 0 and toks.pos[noun.i - 1] == "PROPN":
                # "the State Department Spokesperson" misparsed: the body written just before the role noun
                before = registry.by_token.get(noun.i - 1)
                if before is not None and before is not holder and before.kind in ("organization", "country"):
                    of = before
            if found[0] != noun.lemma_.lower() and noun.i > 0:
                left = min(left, noun.i - 1)  # the first word of a two-word head ("prime minister")
            lo, hi = noun.left_edge.i, noun.right_edge.i + 1
            while hi - 1 > noun.i and toks.pos[hi - 1] == "PUNCT":
                hi -= 1  # "Spokesperson," of a misparsed apposition: the comma is not the role's
            while lo < noun.i and toks.pos[lo] in _LEADING_TAGS:
                lo += 1  # nor the comma before ", the Secretary of State", nor "According to" before a title
            if lo == noun.i and toks.dep[noun.i] != "appos":
                # misparsed: the role runs back over its modifiers and article to the name's comma
                while lo - 1 > span.end and toks.pos[lo - 1] in ("NOUN", "PROPN", "ADJ", "DET"):
                    lo -= 1
            if noun.i < span.start < hi:
                # "Malaysia's Prime Minister, Najib Razak": the name hangs on the title; the role stops before it
                hi = span.start
                while hi - 1 > noun.i and toks.pos[hi - 1] == "PUNCT":
                    hi -= 1
            role = Span(doc, lo, hi)
            _record(registry, holder, found[0], found[1], toks.span_text(left, right + 1), role,
                    of, Span(doc, min(span.start, lo), max(span.end, hi)), toks.text[lo:noun.i + 1])
            copular = toks.dep[span.root.i] == "nsubj" and toks.head[span.root.i] == noun.i
            if not copular and (hi <= span.start or lo >= span.end):
                _apposition_mention(registry, toks, holder, noun.i, lo, hi)


_EDGE_TAGS = frozenset({"ADP", "DET", "PUNCT", "CCONJ", "PART", "SCONJ"})
_NOUN_PHRASE_TAGS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "PART"})


def _apposition_mention(registry: Registry, toks: Tokens, holder: ActorCluster, noun: int, lo: int,
                        hi: int) -> None:
    """The apposition names the holder too ("James Jones, Obama's national security advisor"): the words
    around the role noun that no other actor holds ("national security advisor", not "Obama's") become the
    holder's nominal mention, so that no token of another actor is covered by the holder's mentions."""
    by_token = registry.by_token
    start = noun
    while start - 1 >= lo and (start - 1) not in by_token and toks.pos[start - 1] in _NOUN_PHRASE_TAGS:
        start -= 1
        if toks.text[start] in _POSSESSIVE_MARKS:
            start += 1  # "the Afghan team's coach": the possessor is another actor, or may become one
            break
    end = noun + 1
    while end < hi and end not in by_token:
        end += 1
    while start < noun and toks.pos[start] in _EDGE_TAGS and toks.lower[start] not in _ARTICLES:
        start += 1
    while end - 1 > noun and toks.pos[end - 1] in _EDGE_TAGS:
        end -= 1
    registry.add(holder, Span(toks.doc, start, end), nominal=True)


def organisation_heads(registry: Registry) -> None:
    """Role nouns inside organisations' names ("... Energy Agency" → "agency"), for "the agency"."""
    heads = nominal_heads()
    toks = registry.toks
    for cluster in registry.clusters:
        if cluster.kind != "organization":
            continue
        for span in cluster.named:
            lowers = toks.lower[span.start:span.end] if toks is not None and span.doc is toks.doc \
                else [t.lower_ for t in span]
            for low in lowers:
                entry = heads.get(low)
                if entry is not None and entry.kind == "organization":
                    registry.heads.setdefault(cluster, set()).add(low)


_DEFINITE = frozenset({"the", "this", "that"})


def title_mentions(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Capitalised titles used as names: "the Secretary", "Madam Speaker", "Mr. President".

    A run of capitalised title words after "the"/"this"/"that" or an honorific, with no name after
    it, is a mention of the one person the text gave that title ("Secretary Cardona" … "the
    Secretary"); when nobody holds it, all such mentions of that title make one actor of their own;
    when two people hold it, it is left out.
    """
    holders: dict[str, list[ActorCluster]] = {}
    for cluster in registry.clusters:
        if cluster.kind != "person":
            continue
        for role in cluster.roles:
            words = role.title.lower().split()
            if set(words) & (_SUBORDINATE | _PAST):
                continue  # a vice president does not hold "the President"
            for n_words in (1, 2):
                key = " ".join(words[-n_words:]) if len(words) >= n_words else ""
                if key and cluster not in holders.get(key, []):
                    holders.setdefault(key, []).append(cluster)
    n = len(toks)
    i = 0
    texts = toks.text
    # Only a determiner or an honorific opens a title used as a name, and only before a capitalised word (the
    # determiner) or capitalised itself (the honorific): visit those words alone.
    lower = toks.lower
    starts = sorted({k - 1 for k in toks.upper if k > 0 and lower[k - 1] in _DEFINITE}
                    | {k for k in toks.upper if lower[k] in _HONORIFICS})
    for at in starts:
        if at < i:
            continue  # inside the run read before
        i = at
        low = toks.lower[i]
        opener = low in _DEFINITE and i + 1 < n
        honorific = low in _HONORIFICS and texts[i][:1].isupper()
        if not (opener or honorific):
            i += 1
            continue
        k = i + 1 if opener else i
        j = k
        while j < n and toks.text[j][:1].isupper() and _titled_at(toks, j) and j not in registry.by_token:
            j += 1
        if j - k < 1 or (honorific and j - k < 2) or toks.lower[j - 1] in _HONORIFICS \
                or (j < n and toks.pos[j] == "PROPN" and toks.text[j][:1].isupper()):
            i = max(i + 1, j)
            continue
        last = toks[j - 1]
        entry = role_entry(last, toks)
        if entry is not None and entry[1].kind != "person":
            i = j
            continue
        key = entry[0] if entry is not None else last.lower_
        held = holders.get(key, [])
        span = Span(doc, i, j)
        if len(held) == 1:
            registry.add(held[0], span, nominal=True)
        elif not held:
            titled = registry.by_name.get(("title", key))
            if titled is None:
                words = [t.text for t in toks[k:j] if t.lower_ not in _HONORIFICS]
                titled = registry.new("person", " ".join(words))
                registry.by_name[("title", key)] = titled
                registry.heads.setdefault(titled, set()).add(key)
                if entry is not None:
                    titled.sector = entry[1].sector
            registry.add(titled, span, nominal=True)
        i = j


def _titled_at(toks: Tokens, i: int) -> bool:
    """``_titled(toks[i])``, from the token lists."""
    low = toks.lower[i]
    return low in titles() or low in nominal_heads() or toks.lemma[i] in nominal_heads()


def _titled(token: Token) -> bool:
    low = token.lower_
    return low in titles() or low in nominal_heads() or token.lemma_.lower() in nominal_heads()


# Prepositions that tie a name to the body it belongs to: "Lee Cheuk-yan of the Labour Party",
# "Alvin Yeung from the Civic Party".
_AFFILIATION_CASES = frozenset({"of", "from"})


def affiliations(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Membership written right beside a person's name, with no role noun: "DAB's Ben Chan", "Cheng
    Chung-tai of Civic Passion". A party or a body of unknown sector makes ``member_of``; one whose name
    gives another sector, ``works_for`` ("the Herald's John Smith"). Only an organisation or group the
    document already holds counts, so "John of Gaunt" or "Kim of North Korea" state nothing."""
    by_token = registry.by_token
    lower = toks.lower
    n = len(toks)
    seen: set[tuple[int, int]] = set()
    for holder in list(registry.clusters):
        if holder.kind != "person":
            continue
        for span in holder.named:
            body: ActorCluster | None = None
            at = span.start
            if at >= 2 and toks.text[at - 1] in _POSSESSIVE_MARKS:
                body = by_token.get(at - 2)
                evidence_start = at - 2
                while evidence_start > 0 and by_token.get(evidence_start - 1) is body:
                    evidence_start -= 1
                evidence = Span(doc, evidence_start, span.end)
            else:
                j = span.end
                if j < n and lower[j] in _AFFILIATION_CASES:
                    k = j + 1 + (j + 1 < n and lower[j + 1] == "the")
                    body = by_token.get(k) if k < n else None
                    end = k
                    while end < n and by_token.get(end) is body:
                        end += 1
                    evidence = Span(doc, span.start, end)
            if body is None or body is holder or body.kind not in ("organization", "group"):
                continue
            if (id(holder), id(body)) in seen:
                continue
            seen.add((id(holder), id(body)))
            # An employer says what it is by its sector (a newspaper, a university); a party, a team or a
            # body of unknown sort is joined.
            relation = "works_for" if body.sector not in (None, "PTY") else "member_of"
            registry.relations.append(ActorRelation(holder, relation, body, evidence))


_ELECT = frozenset({"elect", "re-elect", "reelect", "seat"})


def elected(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """People a sentence says were elected or re-elected, or won or lost a seat, with no sector yet:
    the sector of the body the document's election fills (``elections.tsv``: a "legislative election"
    → LEG). Nothing when the document names no kind of election, or two of different sectors."""
    lemma = toks.lemma
    if _ELECT.isdisjoint(lemma):
        return
    hits = toks.where(lemma, _ELECT)
    kinds = election_sectors()
    sectors = {kinds[toks.lower[i - 1]] for i, lem in enumerate(lemma)
               if lem == "election" and i > 0 and toks.lower[i - 1] in kinds}
    if len(sectors) != 1:
        return
    sector = sectors.pop()
    sentences = {doc[i].sent.start: doc[i].sent for i in hits}
    for sent in sentences.values():
        for i in range(sent.start, sent.end):
            held = registry.by_token.get(i)
            if held is not None and held.kind == "person" and held.sector is None:
                held.sector = sector
