"""Every meaningful write in the partner CRM: atomic, audited, emails on commit."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, ReferenceIndex

from engage.accounts.models import Role
from engage.accounts.services import invite_user
from engage.core.audit import audit
from engage.core.emails import absolute_url, queue_email
from engage.core.exceptions import InvalidTransition
from engage.core.tabular import ImportFailed, RowError, read_table
from partners.importing import (
    ImportPlan,
    ImportReport,
    PlanChanged,
    PlannedRow,
    find_contact,
    plan_import,
)
from partners.merge import move_related
from partners.models import (
    Agreement,
    Contact,
    Interaction,
    Organisation,
    PartnerSettings,
)

# Organisations ---------------------------------------------------------------------

# Fields a merge copies from the duplicate when the surviving record has them empty.
FILLABLE_FIELDS = (
    "legal_form",
    "street",
    "postcode",
    "city",
    "website",
    "email",
    "phone",
    "description_en",
    "description_nl",
)
PROFILE_M2M_FIELDS = (
    "target_groups",
    "sdgs",
    "themes",
    "languages",
    "nearest_campuses",
)


def _display(value):
    """A field's value as the audit log shows it (M2M managers as sorted names)."""
    if hasattr(value, "all") and callable(value.all):
        return sorted(str(item) for item in value.all())
    return "" if value is None else str(value)


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    changes: dict,
    actor,
    action: str = "partners.organisation.updated",
) -> list[str]:
    """Apply `changes` ({field: value}, M2M values as iterables) and log what changed.

    Returns the names of the fields that changed; nothing is logged without change.
    """
    before = {name: _display(getattr(organisation, name)) for name in changes}
    m2m = {k: v for k, v in changes.items() if k in PROFILE_M2M_FIELDS}
    for name, value in changes.items():
        if name not in m2m:
            setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    for name, value in m2m.items():
        getattr(organisation, name).set(value)
    after = {name: _display(getattr(organisation, name)) for name in changes}
    changed = [name for name in changes if before[name] != after[name]]
    if changed:
        audit(
            organisation,
            action,
            actor=actor,
            data={
                "fields": changed,
                "before": {name: before[name] for name in changed},
                "after": {name: after[name] for name in changed},
            },
        )
    return changed


@transaction.atomic
def change_account_owner(*, organisations, owner, actor) -> int:
    """Give `organisations` a new account owner (a coordinator); returns how many."""
    count = 0
    for organisation in Organisation.objects.select_for_update().filter(
        pk__in=[o.pk for o in organisations]
    ):
        if organisation.account_owner_id == (owner.pk if owner else None):
            continue
        previous = str(organisation.account_owner or "")
        organisation.account_owner = owner
        organisation.full_clean()
        organisation.save(update_fields=["account_owner", "updated_at"])
        audit(
            organisation,
            "partners.organisation.owner_changed",
            actor=actor,
            data={"from": previous, "to": str(owner or "")},
        )
        count += 1
    return count


@transaction.atomic
def change_status(*, organisations, status: str, actor) -> int:
    """Set the partnership status (prospect, active, dormant, ended); returns count."""
    if status not in Organisation.Status.values:
        raise InvalidTransition(_("Unknown status."))
    count = 0
    for organisation in Organisation.objects.select_for_update().filter(
        pk__in=[o.pk for o in organisations]
    ):
        if organisation.status == status:
            continue
        previous = organisation.status
        organisation.status = status
        organisation.full_clean()
        organisation.save(update_fields=["status", "updated_at"])
        audit(
            organisation,
            "partners.organisation.status_changed",
            actor=actor,
            data={"from": previous, "to": status},
        )
        count += 1
    return count


@dataclass
class MergeResult:
    survivor: Organisation
    merged_name: str
    moved: dict = field(default_factory=dict)  # {key: (label, count)}


@transaction.atomic
def merge_organisations(
    *, survivor: Organisation, duplicate: Organisation, actor
) -> MergeResult:
    """Fold `duplicate` into `survivor`: every related record moves, then it goes.

    Relations are found by introspection (see partners.merge), so records other
    modules attach move too. The duplicate's names become also-known-as names,
    empty fields of the survivor are filled from it, its history joins the
    survivor's, and the merge is logged. One transaction: all or nothing.
    """
    if survivor.pk == duplicate.pk:
        raise InvalidTransition(_("An organisation cannot be merged with itself."))
    locked = {
        o.pk: o
        for o in Organisation.objects.select_for_update().filter(
            pk__in=[survivor.pk, duplicate.pk]
        )
    }
    if len(locked) != 2:
        raise InvalidTransition(_("One of the organisations no longer exists."))
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    duplicate_pk = duplicate.pk
    record = {
        "merged_id": duplicate_pk,
        "merged_name": duplicate.name,
        "merged_enterprise_number": duplicate.enterprise_number or "",
    }

    moved = move_related(source=duplicate, target=survivor)

    for name in FILLABLE_FIELDS:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
    if not survivor.enterprise_number and duplicate.enterprise_number:
        number = duplicate.enterprise_number
        # Free the unique number before the survivor takes it.
        Organisation.objects.filter(pk=duplicate_pk).update(enterprise_number=None)
        survivor.enterprise_number = number
    if not survivor.account_owner_id and duplicate.account_owner_id:
        survivor.account_owner_id = duplicate.account_owner_id
    survivor.public_listing_consent = (
        survivor.public_listing_consent or duplicate.public_listing_consent
    )
    survivor.add_aliases(duplicate.name, *duplicate.aliases)
    survivor.needs_review = False
    survivor.full_clean()
    survivor.save()

    # The duplicate's history becomes part of the survivor's.
    content_type = ContentType.objects.get_for_model(Organisation)
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id=str(duplicate_pk)
    ).update(object_id=str(survivor.pk))
    ReferenceIndex.remove_for_object(duplicate)
    Organisation.objects.filter(pk=duplicate_pk).delete()

    record["moved"] = {
        key: {"label": label, "count": n} for key, (label, n) in moved.items()
    }
    audit(survivor, "partners.organisation.merged", actor=actor, data=record)
    return MergeResult(
        survivor=survivor, merged_name=record["merged_name"], moved=moved
    )


# Contacts --------------------------------------------------------------------------


@transaction.atomic
def save_contact(*, contact: Contact, actor, m2m_data: dict | None = None) -> Contact:
    """Create or update a contact; a new primary contact takes over from the old one."""
    created = contact.pk is None
    Organisation.objects.select_for_update().filter(pk=contact.organisation_id).first()
    if contact.is_primary and contact.is_active:
        others = Contact.objects.filter(
            organisation_id=contact.organisation_id, is_primary=True, is_active=True
        )
        if contact.pk:
            others = others.exclude(pk=contact.pk)
        others.update(is_primary=False)
    contact.full_clean()
    contact.save()
    audit(
        contact,
        "partners.contact.created" if created else "partners.contact.updated",
        actor=actor,
        data={"organisation": contact.organisation_id},
    )
    audit(
        contact.organisation,
        "partners.organisation.contact_saved",
        actor=actor,
        data={"contact": contact.full_name, "created": created},
    )
    return contact


@transaction.atomic
def invite_contact_to_portal(*, contact: Contact, actor) -> Contact:
    """Give a contact a partner-portal account; the welcome email goes via the queue."""
    contact = (
        Contact.objects.select_for_update()
        .select_related("organisation")
        .get(pk=contact.pk)
    )
    if not contact.is_active:
        raise InvalidTransition(
            _("%(name)s has left the organisation: no portal account.")
            % {"name": contact.full_name}
        )
    if not contact.email:
        raise InvalidTransition(
            _("%(name)s has no email address to send the invitation to.")
            % {"name": contact.full_name}
        )
    if contact.user_id and contact.user.has_usable_password():
        raise InvalidTransition(
            _("%(name)s already has a portal account.") % {"name": contact.full_name}
        )
    user = invite_user(
        email=contact.email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        role=Role.PARTNER_CONTACT,
        actor=actor,
        language=contact.email_language,
        email_template="partners/emails/portal_invitation",
        context={
            "organisation_name": contact.organisation.name,
            "portal_url": absolute_url(f"/{contact.email_language}/partners/portal/"),
        },
    )
    contact.user = user
    contact.full_clean()
    contact.save(update_fields=["user", "updated_at"])
    audit(
        contact.organisation,
        "partners.contact.invited",
        actor=actor,
        data={"contact": contact.full_name, "email": contact.email},
    )
    return contact


# Agreements ------------------------------------------------------------------------


def _locked_agreement(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def send_agreement(*, agreement: Agreement, actor, on: datetime.date | None = None):
    """Mark a draft as sent to the organisation for signature."""
    agreement = _locked_agreement(agreement)
    agreement.send(on=on or timezone.localdate())
    agreement.full_clean()
    agreement.save()
    audit(agreement, "partners.agreement.sent", actor=actor)
    return agreement


@transaction.atomic
def sign_agreement(
    *, agreement: Agreement, signed_document, signed_on: datetime.date, actor
) -> Agreement:
    """Record the signed PDF (checked by content and size) and mark it signed."""
    agreement = _locked_agreement(agreement)
    agreement.signed_document = signed_document
    agreement.sign(on=signed_on)
    agreement.full_clean()
    agreement.save()
    audit(
        agreement,
        "partners.agreement.signed",
        actor=actor,
        data={"signed_on": signed_on.isoformat()},
    )
    return agreement


@transaction.atomic
def terminate_agreement(
    *, agreement: Agreement, reason: str, actor, on: datetime.date | None = None
) -> Agreement:
    """End a signed agreement early, with the reason on record."""
    agreement = _locked_agreement(agreement)
    agreement.terminate(reason=reason, on=on or timezone.localdate())
    agreement.full_clean()
    agreement.save()
    audit(
        agreement, "partners.agreement.terminated", actor=actor, data={"reason": reason}
    )
    return agreement


@transaction.atomic
def expire_agreements(*, today: datetime.date | None = None, actor=None) -> int:
    """Signed agreements past their end date become expired; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for agreement in Agreement.objects.past_end(today).select_for_update():
        agreement.expire(today=today)
        agreement.full_clean()
        agreement.save()
        audit(agreement, "partners.agreement.expired", actor=actor)
        count += 1
    return count


def _reminder_recipients(agreement: Agreement):
    owner = agreement.organisation.account_owner
    if owner is not None and owner.is_active and owner.email:
        return [owner]
    group = Group.objects.filter(name=str(Role.ENGAGE_COORDINATOR)).first()
    if group is None:
        return []
    return list(group.user_set.filter(is_active=True).exclude(email=""))


def remind_expiring_agreements(*, today: datetime.date | None = None) -> int:
    """Email each account owner once per end date, N days ahead (a site setting).

    Expires agreements past their end first. Returns the number of reminders.
    """
    today = today or timezone.localdate()
    expire_agreements(today=today)
    days = PartnerSettings.current().agreement_reminder_days
    due = (
        Agreement.objects.expiring(days, today)
        .exclude(reminder_sent_for=F("valid_until"))
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        sent += _remind_one(pk=pk, today=today, days=days)
    return sent


@transaction.atomic
def _remind_one(*, pk: int, today: datetime.date, days: int) -> int:
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("organisation__account_owner", "faculty")
        .get(pk=pk)
    )
    if agreement.reminder_sent_for == agreement.valid_until:
        return 0  # another worker got here first
    recipients = _reminder_recipients(agreement)
    link = absolute_url(
        reverse("partners_organisations:overview", args=[agreement.organisation_id])
    )
    for person in recipients:
        queue_email(
            to=person.email,
            template="partners/emails/agreement_reminder",
            language=person.preferred_language,
            context={
                "person_name": person.get_full_name() or person.email,
                "agreement": agreement,
                "organisation_name": agreement.organisation.name,
                "kind": agreement.get_kind_display(),
                "valid_until": agreement.valid_until,
                "days_left": (agreement.valid_until - today).days,
                "link": link,
            },
        )
    agreement.reminder_sent_for = agreement.valid_until
    agreement.save(update_fields=["reminder_sent_for", "updated_at"])
    audit(
        agreement,
        "partners.agreement.reminder_sent",
        data={
            "valid_until": agreement.valid_until.isoformat(),
            "to": [p.email for p in recipients],
            "days_ahead": days,
        },
    )
    return 1


# Interactions ----------------------------------------------------------------------


@transaction.atomic
def complete_follow_up(*, interaction: Interaction, actor) -> Interaction:
    """Tick off an interaction's follow-up."""
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    interaction.complete_follow_up(at=timezone.now())
    interaction.full_clean()
    interaction.save(update_fields=["follow_up_done_at", "updated_at"])
    audit(interaction, "partners.interaction.follow_up_done", actor=actor)
    return interaction


# Imports ---------------------------------------------------------------------------


def import_partners(
    *,
    source,
    filename: str = "",
    actor,
    dry_run: bool = False,
    expected: str | None = None,
) -> ImportReport:
    """Import organisations (and a contact each) from a CSV/XLSX file, all or nothing.

    Raises ImportFailed listing every bad row (with its column and reason) before
    anything is written. Rows that match an organisation (by enterprise number, else
    by normalised name and postcode) update it with exactly the changes the plan
    lists. `dry_run` only plans; `expected` (a previewed plan's fingerprint) makes
    the import refuse with PlanChanged when Engage changed since that preview.
    """
    table = read_table(source, filename or getattr(source, "name", "") or "")
    plan = plan_import(table, filename=filename)
    if expected is not None and expected != plan.fingerprint:
        raise PlanChanged(plan)
    if dry_run:
        return ImportReport(
            created=len(plan.creates),
            updated=len(plan.updates),
            dry_run=True,
            plan=plan,
        )
    return apply_import_plan(plan=plan, actor=actor)


@transaction.atomic
def apply_import_plan(*, plan: ImportPlan, actor) -> ImportReport:
    """Write a planned import in one transaction; a late failure undoes every row."""
    report = ImportReport(plan=plan)
    errors = []
    existing = Organisation.objects.in_bulk(
        [r.organisation.pk for r in plan.rows if r.organisation is not None]
    )
    for planned in plan.rows:
        try:
            created_contact = _apply_row(planned, existing, actor, plan.filename)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors.extend(RowError(planned.row, field_name, m) for m in messages)
            continue
        if planned.action == "create":
            report.created += 1
        else:
            report.updated += 1
        if created_contact is True:
            report.contacts_created += 1
        elif created_contact is False:
            report.contacts_updated += 1
    if errors:
        raise ImportFailed(errors)
    return report


def _apply_row(planned: PlannedRow, existing: dict, actor, filename: str):
    if planned.action == "create":
        organisation = Organisation()
    else:
        organisation = existing[planned.organisation.pk]
    former_name = organisation.name
    # Empty cells leave what is there (and the model's defaults for a new one).
    for name, value in planned.values.items():
        if value not in ("", None):
            setattr(organisation, name, value)
    if former_name and former_name != organisation.name:
        organisation.add_aliases(former_name)
    organisation.full_clean()
    organisation.save()
    created = planned.action == "create"
    for name in ("target_groups", "themes"):
        terms = getattr(planned, name)
        if terms is None:
            continue
        if created:
            getattr(organisation, name).add(*terms)  # nothing to replace yet
        else:
            getattr(organisation, name).set(terms)
    created_contact = None
    if planned.contact:
        created_contact = _import_contact(organisation, planned.contact, new=created)
    audit(
        organisation,
        "partners.organisation.imported",
        actor=actor,
        data={
            "row": planned.row,
            "action": planned.action,
            "file": filename,
            "matched_by": planned.match_reason,
            "changes": {c.field: [c.old, c.new] for c in planned.changes},
        },
    )
    return created_contact


def _import_contact(organisation: Organisation, data: dict, *, new: bool) -> bool:
    """Update the contact with this email (else this name), or add one; True if new."""
    contacts = [] if new else list(organisation.contacts.all())
    match = find_contact(contacts, data)
    created = match is None
    contact = match or Contact(organisation=organisation)
    for name, value in data.items():
        if value or created:
            setattr(contact, name, value)
    if created and not any(c.is_primary and c.is_active for c in contacts):
        contact.is_primary = True
    contact.full_clean()
    contact.save()
    return created
