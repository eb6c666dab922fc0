"""Bulletins of record (通报): issuing (issue), superseding, and correcting (corrections) ``bulletins/P.json``.

A bulletin once issued is a government record. ``bulletins/P.json`` freezes
every figure of period P (SPEC 7's JSON) together with what its documents
print (titles of the adopted items, names of units, outlets and levels), the
commit and as-of day it was computed from, and its issue date and number (文号).
A SHA-256 digest of the content makes a silent edit detectable.

Records are computed from a commit, never from the working tree: the figures
of commit C are those of a temporary shared clone checked out at C (history
read at C, files at C). The same machinery recomputes an issued period today
and finds the commit that changed a figure.

**Corrections (更正).** When the repository now gives different figures for an
issued period (with the record's own as-of day), the next bulletin issued
carries a correction per changed figure: unit or person, figure, the value as
last published, the value now, and the commit(s) that caused it. The cause is
found by bisection over HEAD's first-parent chain from the record's commit:
the figures of the period are recomputed at the middle commit, and only the
halves whose ends differ are searched further, so k changes among N commits
cost about k·log2(N) recomputations. A figure that changed and changed back
between two probed commits is not reported (it does not differ at the ends).
A difference already present when the record's own commit is recomputed today
comes from a change of the rules or the program, not of the repository, and
carries no commit.

**Superseding.** ``--supersede --reason`` issues revision r+1 of the period as
``bulletins/P.json`` and keeps the old one, marked ``superseded``, as
``bulletins/P.r<r>.json``; its figures are untouched (the mark is outside the
digest).

The record itself (its names, typed fields, loading and checking) is read with the other records
in generator/read/bulletins.py; snapshots.py computes figures at any commit.
"""
