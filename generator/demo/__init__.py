"""A realistic synthetic instance for demonstrations and benchmarks (``bulletin demo``).

:func:`plan` turns a few numbers and a seed into a bureau (units, people,
scoring rules), a set of Chinese submissions and solicitations, and the dated
events of their life: submitted by a liaison, reviewed through approval
commits (``Approve:``/``Stage:``) or a forge merge (``Approved-by:``),
adopted by outlets with evidence files, 批示 by leaders, edited after
approval (stale), left waiting (pending) or kept as drafts. :func:`write`
replays those events as real git history through one ``git fast-import``
stream, then checks the tree out. Same options and seed, same commits.

model.py holds the options and the phrase banks, text.py writes the Chinese text, files.py the
instance's files, plan.py the history, write.py the fast-import stream. Everything is made from
the phrase banks: no network, no model.
"""
