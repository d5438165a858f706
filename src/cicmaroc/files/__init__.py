"""Touching the file system: where a file may lead (confinement) and how cic writes one (writing)."""
