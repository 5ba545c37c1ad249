"""Conflict ontology, SHACL shapes and the registry of known actors and places (data)."""
