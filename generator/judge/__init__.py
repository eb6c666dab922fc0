"""Judging: review states from approvals, and scoring of items into entries and rankings."""
