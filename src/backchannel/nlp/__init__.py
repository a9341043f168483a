"""The English pipeline: loading, and the news tokenizer it is built with."""

from .pipeline import MODEL_NAME, cached_pipeline, load_pipeline, shipped_model_path

__all__ = ["MODEL_NAME", "cached_pipeline", "load_pipeline", "shipped_model_path"]
