"""Bulletins of record: issue, supersede, corrections and their commits."""
