"""The actor knowledge base: canonical actors with Wikidata ids, countries, sectors and dated roles.

    from backchannel.kb import KnowledgeBase, roles_at
    kb = KnowledgeBase.load()
    putin = kb.resolve("President Putin’s", "person")
    roles_at(putin, datetime.date(2005, 1, 1))
"""

from __future__ import annotations

from .base import Candidate, KnowledgeBase
from .linker import ActorLinker, make_actor_linker
from .model import Entry, Role, country_at, roles_at, sector_at

__all__ = ["ActorLinker", "Candidate", "Entry", "KnowledgeBase", "Role", "country_at", "make_actor_linker",
           "roles_at", "sector_at"]
