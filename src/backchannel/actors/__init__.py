"""The actors layer: who is who in a document."""

from .component import KIND_BY_LABEL, ActorCluster, cluster_mentions, make_actors
from .names import name_key, strip_possessive

__all__ = ["KIND_BY_LABEL", "ActorCluster", "cluster_mentions", "make_actors", "name_key", "strip_possessive"]
