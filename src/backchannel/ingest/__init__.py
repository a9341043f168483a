"""Reading sources into ``Document`` objects."""

from .document import Document, text_id
from .readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, discover, read_path

__all__ = ["Document", "text_id", "discover", "read_path", "MAX_FILE_BYTES", "MAX_TEXT_CHARS"]
