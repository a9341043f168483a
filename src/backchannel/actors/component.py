"""``bc_actors_v1``: the document's actors — names, their variants, metonyms, demonyms, stated roles,
and the pronouns and nominals that refer to them.

The stages run in this order, each reading what the earlier ones recorded in a ``Registry``:

1. ``mentions.find_mentions``: NER entities repaired with the parse (titles split off, cut names
   widened, missed titled names, countries and metonyms added);
2. ``clusters.cluster_into``: names grouped (full name, surname, spelling variants, acronyms);
3. ``metonymy.resolve_metonyms``: "the Kremlin", "Moscow" → Russia unless read as a place;
4. ``roles``: titles and appositions → roles and relations (countries made as needed), a party or
   organisation written beside a name ("DAB's Ben Chan", "Lee of the Labour Party") → member_of or
   works_for, people said to be elected → the sector of the election's body, the sector of a role noun
   written before an organisation's name ("the magazine MicroMega" → JRN; ``classifiers``), then
   capitalised titles used as names ("the Secretary", "Mr. President") → their holder's mentions;
5. ``metonymy.resolve_demonyms``: "Ukrainian involvement" → Ukraine, "Russian forces" → Russia's
   armed forces;
6. ``coref.resolve``: pronouns and definite nominals with exactly one possible antecedent;
7. ``nested.nested_names``: a place, country or person named inside an organisation's or a place's name
   ("the San Francisco Bulletin", "United States Congress") → a mention of that actor too;
8. places get the country they are in ("Miami" → USA, "Odesa" → UKR; ``vocab.place_country``).

Each stage touches only entities, mention heads or one pass over the tokens, so the component
costs a small fraction of the statistical parse.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import coref
from .classifiers import classifier_sectors
from .clusters import Registry, cluster_into
from .mentions import find_mentions
from .metonymy import resolve_demonyms, resolve_metonyms
from .nested import nested_names
from .roles import affiliations, apposition_roles, elected, organisation_heads, title_mentions, title_roles
from .tokens import Tokens
from .vocab import place_country, polity


def _demonym_candidates(toks: Tokens, registry: Registry) -> list[Token]:
    """Capitalised adjectives that name a country, and country names that modify a noun."""
    found = []
    by_token = registry.by_token
    texts, tags, deps, heads = toks.text, toks.pos, toks.dep, toks.head
    for i in toks.upper:
        if i not in by_token:
            if tags[i] == "ADJ" and polity(texts[i]) is not None:
                found.append(toks[i])
        elif deps[i] in ("compound", "nmod:poss") and by_token[i].kind == "country" and heads[i] not in by_token:
            found.append(toks[i])
    return found


def find_actors(doc: Doc) -> Registry:
    """Run the actor stages on a parsed ``doc`` and return the filled registry."""
    # The tokens' text, lower case, tags and spaces, read once (``doc[i]`` and ``for t in doc`` make a new
    # ``Token`` each time, which was half of this component's cost); they live only for this call.
    toks = Tokens(doc)
    registry = Registry(toks=toks)
    mentions = find_mentions(doc, toks)
    cluster_into(registry, mentions)
    resolve_metonyms(toks, registry, mentions)
    title_roles(doc, toks, registry, mentions)
    apposition_roles(doc, toks, registry)
    affiliations(doc, toks, registry)
    if doc.has_annotation("SENT_START"):
        elected(doc, toks, registry)
    organisation_heads(registry)
    classifier_sectors(toks, registry)
    title_mentions(doc, toks, registry)
    resolve_demonyms(doc, registry, _demonym_candidates(toks, registry))
    if doc.has_annotation("DEP"):
        coref.resolve(doc, toks, registry)
    nested_names(doc, toks, registry)
    registry.finish()
    for cluster in registry.clusters:
        if cluster.kind == "place" and cluster.country is None:
            cluster.country = place_country(cluster.name)
    return registry


class ActorsComponent:
    """Sets ``doc._.actors`` (``ActorCluster`` list) and ``doc._.actor_relations`` (``ActorRelation`` list)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        registry = find_actors(doc)
        kept = {id(c) for c in registry.clusters}
        extensions = doc._
        extensions.actors = registry.clusters
        extensions.actor_relations = [r for r in registry.relations if id(r.subject) in kept and id(r.object) in kept]
        return doc


@Language.factory("bc_actors_v1", assigns=["doc._.actors", "doc._.actor_relations"],
                  requires=["doc.ents", "token.dep", "token.pos", "token.lemma"])
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp, name)
