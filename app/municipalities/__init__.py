"""Municipalities: one install serves a region, each municipality kept to itself (part 9)."""
