"""Shared kernel: settings, errors, logging and the document model every stage speaks.

Imports nothing from the other Gongkai packages, so any of them may import it.
"""
