"""The shared core: history, notifications, generated files, documents, uploads, text."""
