"""The audit trail: every service logs each meaningful change in Wagtail's log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import force_str
from wagtail.log_actions import log


def _jsonable(data):
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, default=force_str))


def audit(instance, action: str, *, actor=None, data: dict | None = None, title=None):
    """Record `action` on `instance` in Wagtail's audit log (the admin history)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    kwargs = {"user": user, "data": _jsonable(data)}
    if title is not None:
        kwargs["title"] = force_str(title)
    return log(instance, action, **kwargs)


def register_actions(actions, definitions: dict) -> None:
    """Register `{action: (label, message)}` with Wagtail's log action registry.

    Call it from a module's `register_log_actions` hook so its history is readable.
    """
    for action, (label, message) in definitions.items():
        actions.register_action(action, label, message)
