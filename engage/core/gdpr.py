"""One person's personal data across every module: export it, or erase it.

Every model holding personal data mixes in `PersonalDataMixin` and lists its
`personal_fields`. Rows linked to the person (by a foreign key to the user) are
found generically, so modules need no registration. Erasure blanks the personal
fields and keeps the rows, so counts, hours and coverage figures stay right.
"""

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

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
                {"id": row.pk, "linked_by": field, **row.personal_data()}
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
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def erase_personal_data(*, user, actor) -> dict[str, int]:
    """Anonymise `user` and every personal field linked to them; keep the rows.

    The account can no longer log in. Returns how many rows per model were blanked.
    """
    counts: dict[str, int] = {}
    for label, _field, rows in linked_rows(user):
        for row in rows.select_for_update():
            row.anonymise()
            row.save(update_fields=list(row.personal_fields))
            counts[label] = counts.get(label, 0) + 1
    audit(user, "engage.accounts.erased", actor=actor, data={"rows": counts})
    user.anonymise()
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.faculties.clear()
    return counts
