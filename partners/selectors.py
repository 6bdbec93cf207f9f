"""Reads for the partner CRM: scoped, with their related rows fetched up front."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.activity import activity_for
from partners.duplicates import find_duplicates
from partners.models import (
    Agreement,
    Contact,
    Interaction,
    Organisation,
    PartnerSettings,
)


def organisation_listing(queryset=None):
    """The admin listing: owner, contact count and agreement state in one query.

    Subqueries rather than a join and GROUP BY, so that the pager's COUNT(*)
    leaves them out.
    """
    queryset = queryset if queryset is not None else Organisation.objects.all()
    active_contacts = (
        Contact.objects.filter(organisation=OuterRef("pk"), is_active=True)
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.select_related("account_owner").annotate(
        contact_count=Coalesce(Subquery(active_contacts), 0),
        has_valid_agreement=Exists(
            Agreement.objects.valid().filter(organisation=OuterRef("pk"))
        ),
    )


def organisation_export(queryset):
    """What `importing.export_row` reads, fetched in a fixed number of queries."""
    return queryset.select_related(None).prefetch_related(
        "target_groups",
        "themes",
        Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "pk")),
    )


def directory_organisations():
    """Active organisations that consented to be listed, with their vocabularies."""
    return Organisation.objects.listed_publicly().prefetch_related(
        "themes", "target_groups"
    )


def follow_ups_due(user, *, on: datetime.date | None = None):
    """`user`'s open follow-ups: overdue ones and those due within the horizon."""
    horizon = PartnerSettings.current().follow_up_horizon_days
    return (
        Interaction.objects.follow_ups_due(user, within_days=horizon, on=on)
        .select_related("organisation")
        .order_by("follow_up_date", "pk")
    )


@dataclass
class Overview:
    """Everything the 360° view shows about one organisation."""

    organisation: Organisation
    contacts: list
    agreements: list
    interactions: list
    open_follow_ups: list
    activity: list
    duplicates: list
    reminder_days: int
    today: datetime.date
    warnings: list = field(default_factory=list)


def organisation_overview(organisation: Organisation, user) -> Overview:
    """The partner 360°: contacts, agreements, interactions, follow-ups, activity."""
    today = timezone.localdate()
    reminder_days = PartnerSettings.current().agreement_reminder_days
    contacts = list(
        organisation.contacts.select_related("user").order_by(
            "-is_active", "-is_primary", "last_name", "first_name"
        )
    )
    agreements = list(organisation.agreements.select_related("faculty"))
    for agreement in agreements:
        agreement.days_to_end = agreement.days_left(today)
        agreement.ends_soon = (
            agreement.status == Agreement.Status.SIGNED
            and agreement.days_to_end is not None
            and 0 <= agreement.days_to_end <= reminder_days
        )
        agreement.in_force = agreement.is_valid_on(today)
    interactions = list(
        organisation.interactions.select_related(
            "follow_up_assignee", "created_by"
        ).prefetch_related("contacts", "staff_participants")
    )
    open_follow_ups = sorted(
        (i for i in interactions if i.has_open_follow_up),
        key=lambda i: (i.follow_up_date, i.pk),
    )
    duplicates = find_duplicates(
        name=organisation.name,
        enterprise_number=organisation.enterprise_number,
        website=organisation.website,
        exclude_pk=organisation.pk,
    )
    return Overview(
        organisation=organisation,
        contacts=contacts,
        agreements=agreements,
        interactions=interactions,
        open_follow_ups=open_follow_ups,
        activity=activity_for(organisation, user),
        duplicates=duplicates,
        reminder_days=reminder_days,
        today=today,
    )
