"""bulletin: check submissions, read approvals from git, score, build the intranet site.

The subpackages are the stages of one pipeline; docs/development.md draws the map.
"""
