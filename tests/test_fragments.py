"""The kept fragments stay within their bound, oldest unused first out."""
from markupsafe import Markup

from app.fragments import FragmentCache


def test_fragments_are_bounded_by_the_characters_they_hold():
    cache = FragmentCache(size=10)
    cache.put(("a",), Markup("1234"))
    cache.put(("b",), Markup("5678"))
    assert cache.get(("a",)) == "1234"  # a was used last: b goes first
    cache.put(("c",), Markup("90ab"))
    assert cache.get(("b",)) is None and cache.get(("a",)) == "1234" and cache.get(("c",)) == "90ab"
    assert cache.characters == 8 and len(cache) == 2
    cache.put(("a",), Markup("x"))  # the same key again replaces, and counts once
    assert cache.characters == 5
    cache.put(("huge",), Markup("y" * 11))  # bigger than the whole bound: not kept, nothing evicted
    assert cache.get(("huge",)) is None and len(cache) == 2
    cache.clear()
    assert cache.characters == 0 and len(cache) == 0
