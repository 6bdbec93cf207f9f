"""Moving everything that points at one organisation onto another (for merges).

The relations are found by introspection, not listed by hand, so that whatever
other modules attach to an organisation later (placement offers, research
questions, volunteering opportunities, an M2M from their own models) moves too.
Every incoming relation shows up as a (possibly hidden) reverse foreign key: the
reverse side of ForeignKey and OneToOneField, and the intermediate table of every
many-to-many, the organisation's own and other models' alike.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from engage.core.exceptions import InvalidTransition


class MergeConflict(InvalidTransition):
    """A related row cannot move without breaking a uniqueness rule."""


@dataclass(frozen=True)
class Relation:
    """One way rows of `model` point at an organisation, through `field`."""

    model: type[models.Model]
    field: models.Field  # the ForeignKey/OneToOneField on `model`
    m2m: models.ManyToManyField | None = None  # set when `model` is an M2M table

    @property
    def key(self) -> str:
        if self.m2m is not None:
            return f"{self.m2m.model._meta.label_lower}.{self.m2m.name}"
        return f"{self.model._meta.label_lower}.{self.field.name}"

    @property
    def label(self) -> str:
        if self.m2m is not None:
            owner = self.m2m.model
            if owner is self.field.related_model:
                return capfirst(str(self.m2m.verbose_name))
            owner_label = capfirst(str(owner._meta.verbose_name_plural))
            return f"{owner_label} ({self.m2m.verbose_name})"
        return capfirst(str(self.model._meta.verbose_name_plural))

    def rows_for(self, organisation):
        return self.model._base_manager.filter(**{self.field.name: organisation})


def _m2m_fields_by_through() -> dict:
    """{intermediate model: the ManyToManyField that uses it}, over all models."""
    from django.apps import apps

    return {
        field.remote_field.through: field
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
    }


def incoming_relations(model: type[models.Model]) -> list[Relation]:
    """Every foreign key (incl. M2M tables) that points at `model`."""
    m2m_by_through = _m2m_fields_by_through()
    relations = []
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete):
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue  # a ManyToManyRel: its intermediate table is listed on its own
        if getattr(rel.field.remote_field, "parent_link", False):
            continue
        related = rel.related_model
        relations.append(
            Relation(model=related, field=rel.field, m2m=m2m_by_through.get(related))
        )
    return sorted(relations, key=lambda r: r.key)


def related_counts(organisation) -> list[tuple[Relation, int]]:
    """How many rows of each relation point at `organisation` (one query each)."""
    counts = []
    for relation in incoming_relations(type(organisation)):
        count = relation.rows_for(organisation).count()
        if count:
            counts.append((relation, count))
    return counts


def has_related_records(organisation) -> bool:
    """True when anything at all refers to `organisation` (then it must not go)."""
    return any(
        relation.rows_for(organisation).exists()
        for relation in incoming_relations(type(organisation))
    )


def _unique_sets(model) -> list[tuple[tuple[str, ...], object]]:
    """(field names, condition or None) for each uniqueness rule of `model`."""
    sets = []
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            sets.append(((field.name,), None))
    for fields in model._meta.unique_together:
        sets.append((tuple(fields), None))
    for constraint in model._meta.total_unique_constraints + [
        c
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is not None
    ]:
        if constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition))
    return sets


def _clashing_rows(relation: Relation, source, target):
    """Rows of `source` that would break a uniqueness rule once on `target`."""
    model, fk = relation.model, relation.field.name
    clashing = set()
    for fields, condition in _unique_sets(model):
        if fk not in fields:
            continue
        others = [name for name in fields if name != fk]
        target_rows = relation.rows_for(target)
        source_rows = relation.rows_for(source)
        if condition is not None:
            target_rows = target_rows.filter(condition)
            source_rows = source_rows.filter(condition)
        if others:
            taken = {
                tuple(values)
                for values in target_rows.values_list(*others)
                if None not in values
            }
            clashing |= {
                pk
                for pk, *values in source_rows.values_list("pk", *others)
                if tuple(values) in taken
            }
        elif target_rows.exists():
            clashing |= set(source_rows.values_list("pk", flat=True))
    return model._base_manager.filter(pk__in=clashing) if clashing else None


def move_related(*, source, target) -> dict[str, tuple[str, int]]:
    """Point every row that refers to `source` at `target`; {key: (label, count)}.

    A row that would break a uniqueness rule on `target` is settled first: a
    link that `target` already has (an M2M row) is dropped; a model may define
    `resolve_merge_clash(rows, target=...)` (a contact stops being primary);
    otherwise the merge stops with MergeConflict and nothing is written
    (callers run inside a transaction).
    """
    moved = {}
    for relation in incoming_relations(type(source)):
        rows = relation.rows_for(source)
        if not rows.exists():
            continue
        clashing = _clashing_rows(relation, source, target)
        if clashing is not None:
            resolver = getattr(relation.model, "resolve_merge_clash", None)
            if resolver is not None:
                resolver(clashing, target=target)
            elif relation.m2m is not None and relation.model._meta.auto_created:
                clashing.delete()
            else:
                raise MergeConflict(
                    _(
                        "%(what)s of %(source)s cannot move to %(target)s: it already "
                        "has one that may exist only once. Resolve it first."
                    )
                    % {"what": relation.label, "source": source, "target": target}
                )
            if _clashing_rows(relation, source, target) is not None:
                raise MergeConflict(
                    _("%(what)s of %(source)s still clash with %(target)s.")
                    % {"what": relation.label, "source": source, "target": target}
                )
        count = rows.update(**{relation.field.name: target})
        if count:
            moved[relation.key] = (relation.label, count)
    return moved
