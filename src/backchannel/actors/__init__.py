"""The actors layer: who is who in a document."""

from .component import KIND_BY_LABEL, cluster_mentions, make_actors
from .model import ActorCluster, ActorRelation, ActorRole, published
from .names import name_key, strip_possessive

__all__ = ["KIND_BY_LABEL", "ActorCluster", "ActorRelation", "ActorRole", "cluster_mentions", "make_actors",
           "name_key", "published", "strip_possessive"]
