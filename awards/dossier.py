"""The award dossier of a round (placeholder while being written)."""
