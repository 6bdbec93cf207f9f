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


@dataclass
class CalendarEvent:
    """One event in a person's iCal feed (see engage.volunteering's calendar)."""

    uid: str  # globally unique and stable, e.g. "shift-12@engage.kuleuven.be"
    summary: str
    start: object  # timezone-aware datetime, or a date for all-day events
    end: object
    url: str = ""  # absolute link back to the page of the thing
    description: str = ""
    location: str = ""


# Providers: callables (user) -> iterable[CalendarEvent] (constant number of queries).
calendar_event_providers = Registry("calendar_event_providers")


@dataclass
class EngagementItem:
    """One line of a student's engagement record and certificate."""

    kind: str  # "volunteering" | "service_learning" | "science_shop"
    title: str
    organisation: str
    start: object = None  # date or None
    end: object = None
    approved_hours: object = 0  # Decimal: only hours someone approved; None: no hours
    status: str = ""
    url: str = ""
    # Done (a past shift attended, a placement completed, a project delivered).
    # Only completed items reach the certificate; the rest are listed as upcoming.
    completed: bool = False

    @property
    def certifiable(self) -> bool:
        """Completed, with approved hours where the kind counts hours."""
        return self.completed and (
            self.approved_hours is None or self.approved_hours > 0
        )


# Providers: callables (user) -> iterable[EngagementItem] (constant number of queries).
engagement_record_providers = Registry("engagement_record_providers")
