"""Printed documents, gathered from the database and handed to printing/ (one module per family)."""
