"""Who may see and change partner records: one rule per model.

Coordinators (central and faculty) read every organisation; Engage coordinators
change all of them, faculty coordinators only those they own (account owner).
Contacts and agreements follow their organisation. Interactions are logged by any
coordinator and changed by Engage coordinators, their author, the person who must
follow up, or the organisation's owner. Partner contacts reach only their own
organisation, on the site's partner portal.

The predicates run no queries for objects whose organisation is loaded, so
listings can call them per row. The Wagtail policies below wrap them for the admin.
"""

from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from engage.accounts.scoping import (
    is_coordinator,
    is_engage_coordinator,
    is_faculty_coordinator,
    is_partner_contact,
)
from partners.models import Agreement, Contact, Interaction, Organisation

# Predicates ---------------------------------------------------------------------


def can_view_organisation(user, organisation) -> bool:
    """Coordinators read every organisation (partners are shared ground)."""
    return is_coordinator(user)


def can_edit_organisation(user, organisation) -> bool:
    """Engage coordinators edit all; faculty coordinators the ones they own."""
    if is_engage_coordinator(user):
        return True
    return (
        is_faculty_coordinator(user)
        and organisation is not None
        and organisation.account_owner_id == user.pk
    )


def can_merge_organisations(user) -> bool:
    """Merging rewrites other people's records: the central office only."""
    return is_engage_coordinator(user)


def can_delete_organisation(user, organisation) -> bool:
    """Only a mistaken record that nothing refers to may go; others are ended."""
    from partners.merge import has_related_records

    return is_engage_coordinator(user) and not has_related_records(organisation)


def can_edit_contact(user, contact) -> bool:
    return can_edit_organisation(user, contact.organisation)


def can_edit_agreement(user, agreement) -> bool:
    return can_edit_organisation(user, agreement.organisation)


def can_delete_agreement(user, agreement) -> bool:
    """Drafts may be thrown away; anything sent or signed stays on record."""
    return agreement.status == Agreement.Status.DRAFT and can_edit_agreement(
        user, agreement
    )


def can_edit_interaction(user, interaction) -> bool:
    if is_engage_coordinator(user):
        return True
    if not is_faculty_coordinator(user):
        return False
    return user.pk in (
        interaction.created_by_id,
        interaction.follow_up_assignee_id,
    ) or can_edit_organisation(user, interaction.organisation)


def is_contact_of(user, organisation) -> bool:
    """A partner contact with an active contact record at `organisation`."""
    if not is_partner_contact(user) or organisation is None:
        return False
    return organisation.contacts.filter(user=user, is_active=True).exists()


def editable_organisations(user):
    """The organisations `user` may change (admin forms limit choices to these)."""
    if is_engage_coordinator(user):
        return Organisation.objects.all()
    if is_faculty_coordinator(user):
        return Organisation.objects.filter(account_owner=user)
    return Organisation.objects.none()


def portal_organisations(user):
    """The organisations whose portal pages `user` may open."""
    if not is_partner_contact(user):
        return Organisation.objects.none()
    return Organisation.objects.for_contact_user(user)


# Wagtail policies ----------------------------------------------------------------


class _RowPolicy(ModelPermissionPolicy):
    """Model permissions (from roles) plus a row rule for change and delete."""

    def can_change(self, user, instance) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def can_delete(self, user, instance) -> bool:
        return self.can_change(user, instance)

    def editable_filter(self, user) -> Q:  # pragma: no cover - abstract
        raise NotImplementedError

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "change":
            return self.can_change(user, instance)
        if action == "delete":
            return self.can_delete(user, instance)
        return True

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        actions = set(actions)
        if not any(self.user_has_permission(user, action) for action in actions):
            return manager.none()
        if actions - {"change", "delete"} or is_engage_coordinator(user):
            return manager.all()
        return manager.filter(self.editable_filter(user))


class OrganisationPolicy(_RowPolicy):
    def can_change(self, user, instance):
        return can_edit_organisation(user, instance)

    def can_delete(self, user, instance):
        return can_delete_organisation(user, instance)

    def editable_filter(self, user):
        return Q(account_owner=user) if is_faculty_coordinator(user) else Q(pk__in=[])


class ContactPolicy(_RowPolicy):
    def can_change(self, user, instance):
        return can_edit_contact(user, instance)

    def editable_filter(self, user):
        if is_faculty_coordinator(user):
            return Q(organisation__account_owner=user)
        return Q(pk__in=[])


class AgreementPolicy(_RowPolicy):
    def can_change(self, user, instance):
        return can_edit_agreement(user, instance)

    def can_delete(self, user, instance):
        return can_delete_agreement(user, instance)

    def editable_filter(self, user):
        if is_faculty_coordinator(user):
            return Q(organisation__account_owner=user)
        return Q(pk__in=[])


class InteractionPolicy(_RowPolicy):
    def can_change(self, user, instance):
        return can_edit_interaction(user, instance)

    def editable_filter(self, user):
        if is_faculty_coordinator(user):
            return (
                Q(created_by=user)
                | Q(follow_up_assignee=user)
                | Q(organisation__account_owner=user)
            )
        return Q(pk__in=[])


def register_policies() -> None:
    """Called from PartnersConfig.ready(), before any viewset asks for a policy."""
    register_permission_policy(Organisation, OrganisationPolicy(Organisation))
    register_permission_policy(Contact, ContactPolicy(Contact))
    register_permission_policy(Agreement, AgreementPolicy(Agreement))
    register_permission_policy(Interaction, InteractionPolicy(Interaction))
