"""One person's personal data across every module: export it, or erase it.

Every model holding personal data mixes in `PersonalDataMixin` and lists its
`personal_fields`. Rows linked to the person (by a foreign key to the user) are
found generically, so modules need no registration. Erasure blanks the personal
fields and keeps the rows, so counts, hours and coverage figures stay right; it also
scrubs the person from the audit log and drops the background tasks (queued emails)
that carry their address or name. An export holds only the person's own fields.
"""

import json
import re

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from engage.core.audit import audit
from engage.core.models import PersonalDataMixin


def personal_data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PersonalDataMixin)
        and model._meta.label != settings.AUTH_USER_MODEL
    ]


def _user_links(model) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is user_model
    ]


def linked_rows(user):
    """(model label, link field, queryset) for every personal-data row of `user`."""
    for model in personal_data_models():
        for field in _user_links(model):
            yield (
                model._meta.label,
                field,
                model._default_manager.filter(**{field: user}),
            )


def export_personal_data(user) -> dict:
    """Everything Engage holds about `user`, as JSON-ready data (GDPR art. 15/20)."""
    records: dict[str, list[dict]] = {}
    for label, field, rows in linked_rows(user):
        for row in rows:
            records.setdefault(label, []).append(
                {"id": row.pk, "linked_by": field, **row.personal_data(field)}
            )
    data = {
        "person": {
            **user.personal_data(),
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "records": records,
    }
    # Round-trip through JSON so callers get plain types.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def pseudonym(user) -> str:
    """How the audit log names an erased person: their account id, nothing more."""
    return f"erased-user-{user.pk}"


def _identifiers(user, rows) -> list[str]:
    """The strings that name `user`: name, email, student number, and the names
    they typed (signatures) on their rows. Longest first, for replacing."""
    first, last = user.first_name.strip(), user.last_name.strip()
    values = {
        user.get_full_name().strip(),
        f"{last} {first}".strip(),
        f"{last}, {first}".strip(", "),
        user.email,
        user.student_number or "",
    }
    for row, link in rows:
        for name, value in row.personal_data(link).items():
            if name.endswith("_name") and isinstance(value, str):
                values.add(value.strip())
    return sorted((v for v in values if len(v) >= 3), key=len, reverse=True)


def _text_matches(field: str, identifiers: list[str]) -> Q:
    """Rows whose JSON `field` mentions any identifier (plain, or as JSON escapes
    it: SQLite keeps non-ASCII letters as \\uXXXX)."""
    query = Q()
    for value in identifiers:
        query |= Q(**{f"{field}_text__icontains": value})
        escaped = json.dumps(value)[1:-1]
        if escaped != value:
            query |= Q(**{f"{field}_text__icontains": escaped})
    return query


def _scrub(value, pattern, replacement):
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [_scrub(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, replacement) for k, v in value.items()}
    return value


def _scrub_audit_log(user, rows, identifiers) -> int:
    """Replace the person's identifiers in every audit entry (Wagtail's model and
    page logs) that names them or is about them or their rows; returns the count."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    replacement = pseudonym(user)
    # In an entry found, the first or last name alone goes too.
    words = set(identifiers) | {
        name.strip()
        for name in (user.first_name, user.last_name)
        if len(name.strip()) >= 3
    }
    words = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(v) for v in words), re.IGNORECASE)
    about = Q(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    )
    for row, _link in rows:
        about |= Q(
            content_type=ContentType.objects.get_for_model(row), object_id=str(row.pk)
        )
    names = _text_matches("data", identifiers)
    for value in identifiers:
        names |= Q(label__icontains=value)
    scrubbed = 0
    for model, query in ((ModelLogEntry, about | names), (PageLogEntry, names)):
        entries = model.objects.annotate(data_text=Cast("data", TextField()))
        for entry in entries.filter(query).only("pk", "label", "data"):
            label = pattern.sub(replacement, entry.label)
            data = _scrub(entry.data, pattern, replacement)
            if (label, data) != (entry.label, entry.data):
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                scrubbed += 1
    return scrubbed


def _drop_tasks(identifiers) -> int:
    """Delete background task rows (queued or done) whose arguments or result hold
    the person's address or name: an email to or about them is not sent after."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.annotate(
        args_text=Cast("args_kwargs", TextField()),
        result_text=Cast("return_value", TextField()),
    ).filter(_text_matches("args", identifiers) | _text_matches("result", identifiers))
    deleted, _per_model = rows.delete()
    return deleted


@transaction.atomic
def erase_personal_data(*, user, actor) -> dict[str, int]:
    """Anonymise `user` and every personal field linked to them; keep the rows.

    The account can no longer log in; the audit log keeps its entries but names the
    person by a pseudonym only; tasks holding their address or name are dropped.
    Returns how many rows per model were blanked.
    """
    counts: dict[str, int] = {}
    rows = []
    for label, field, queryset in linked_rows(user):
        for row in queryset.select_for_update():
            rows.append((row, field))
            counts[label] = counts.get(label, 0) + 1
    identifiers = _identifiers(user, rows)
    for row, _field in rows:
        row.anonymise()
        row.save(update_fields=list(row.personal_fields))
    _scrub_audit_log(user, rows, identifiers)
    _drop_tasks(identifiers)
    user.anonymise()
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.faculties.clear()
    name = pseudonym(user)
    audit(
        user,
        "engage.accounts.erased",
        actor=actor,
        data={"rows": counts, "person": name},
        title=name,
    )
    return counts
