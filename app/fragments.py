"""Rendered fragments kept by the values they are rendered from.

A plan page renders hundreds of rows, and most of them render to the same HTML as on the last
view. A fragment is kept under a key made of every value its template reads (the caller builds
it), so there is nothing to invalidate: a changed title, mark or name makes a new key, and the
old entry ages out. Each worker process keeps its own, bounded by the characters it holds (a
section is kept whole as well as row by row), least recently used first out.
With templates reloading (debug), nothing is kept: an edited template must show at once.
"""
from collections import OrderedDict
from threading import Lock

from flask import current_app
from markupsafe import Markup

MAX_CHARACTERS = 16_000_000  # ~32 MB of Russian text a worker: a 2,000-row plan kept is ~3 million


class FragmentCache:
    def __init__(self, size: int = MAX_CHARACTERS):
        self.size = size
        self.characters = 0
        self._items: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> Markup | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def put(self, key: tuple, html: Markup) -> None:
        if len(html) > self.size:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.characters += len(html) - (len(old) if old is not None else 0)
            self._items[key] = html
            while self.characters > self.size:
                _, dropped = self._items.popitem(last=False)
                self.characters -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.characters = 0

    def __len__(self) -> int:
        return len(self._items)


fragments = FragmentCache()


def cached_fragment(key: tuple, render, *args) -> Markup:
    """render(*args) — a template macro — or what it gave for the same key before."""
    if current_app.jinja_env.auto_reload:
        return render(*args)
    html = fragments.get(key)
    if html is None:
        html = Markup(render(*args))
        fragments.put(key, html)
    return html
