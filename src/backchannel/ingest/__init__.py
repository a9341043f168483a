"""Reading sources into ``Document`` objects."""

from .document import Document, text_id
from .readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, discover, read_path

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "Document", "discover", "read_path", "text_id"]
