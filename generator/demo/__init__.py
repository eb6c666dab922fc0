"""A synthetic bureau of any size, written with git fast-import."""
