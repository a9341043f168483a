"""Loading the English pipeline: the shipped ``en_backchannel_core`` or any spaCy pipeline a user names."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import ModelError
from . import paragraphs  # noqa: F401  (registers bc_paragraphs_v1)

MODEL_NAME = "en_backchannel_core"
EXTRACTORS: tuple[tuple[str, str], ...] = (("bc_actors", "bc_actors_v1"), ("bc_actor_linker", "bc_actor_linker_v1"),
                                           ("bc_quotes", "bc_quotes_v1"), ("bc_events", "bc_events_v2"))


def shipped_model_path() -> Path:
    """Where the shipped pipeline lives inside the installed package."""
    return Path(str(resources.files("backchannel").joinpath("models", MODEL_NAME)))


def load_pipeline(extractors: bool = True, model: str | Path | None = None) -> Language:
    """Load the statistical pipeline and, unless ``extractors=False``, add Backchannel's extractors.

    ``model`` is a path to a spaCy pipeline directory or an installed package name; by default the
    pipeline shipped inside the package. Raises ``ModelError`` [E201] when it cannot be loaded.
    """
    # A folder that exists is loaded as a path; any other name as an installed package.
    target: str | Path = shipped_model_path() if model is None else model
    if isinstance(target, str) and Path(target).exists():
        target = Path(target)
    try:
        nlp = spacy.load(target)
    except (OSError, ValueError) as exc:
        hint = "rebuild it with `make model`" if model is None else "check the path or package name"
        raise ModelError(f"cannot load the pipeline from {target} ({exc.__class__.__name__}); {hint}",
                         code="E201") from None
    # A line break ends a sentence (see paragraphs.py); part of the statistical pipeline in both modes.
    if "parser" in nlp.pipe_names and "bc_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("bc_paragraphs_v1", name="bc_paragraphs", before="parser")
    if extractors:
        from .. import actors, events, kb, quotes  # noqa: F401  (registers the extractor factories)

        for name, factory in EXTRACTORS:
            if name not in nlp.pipe_names:
                nlp.add_pipe(factory, name=name)
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(extractors: bool = True, model: str | None = None) -> Language:
    """One loaded pipeline per argument set and process, for callers that analyse in many calls."""
    return load_pipeline(extractors=extractors, model=model)
