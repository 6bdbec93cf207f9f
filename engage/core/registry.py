"""Small registries through which modules contribute to shared screens.

Lower modules define a registry; higher modules register into it at import time
(from their `apps.py` ready() or `wagtail_hooks.py`), so dependencies point one way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Registry:
    name: str
    _entries: list[tuple[int, Callable]] = field(default_factory=list)

    def register(self, func: Callable | None = None, *, order: int = 100):
        def decorator(f):
            if all(existing is not f for _, existing in self._entries):
                self._entries.append((order, f))
                self._entries.sort(key=lambda entry: entry[0])
            return f

        return decorator(func) if func is not None else decorator

    def __iter__(self):
        return iter([f for _, f in self._entries])

    def __len__(self):
        return len(self._entries)


# Sections on a signed-in person's "My Engage" page: callables (request) -> dict | None
# returning {"title", "template", "context"} or {"title", "items": [(label, url)]}.
my_engage_sections = Registry("my_engage_sections")
