"""The actors layer: who is who in a document."""

from .clusters import Registry, cluster_mentions, display_name
from .component import find_actors, make_actors
from .mentions import KIND_BY_LABEL
from .model import ActorCluster, ActorRelation, ActorRole, published
from .names import name_key, same_full_name, same_name_word, strip_possessive

__all__ = ["KIND_BY_LABEL", "ActorCluster", "ActorRelation", "ActorRole", "Registry", "cluster_mentions",
           "display_name", "find_actors", "make_actors", "name_key", "published", "same_full_name",
           "same_name_word", "strip_possessive"]
