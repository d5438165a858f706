"""Pydantic models of the data files; each kind of file has one top-level model (`models.kinds`).

One module per kind, imported when a file of that kind is read: nothing is imported here.
"""
