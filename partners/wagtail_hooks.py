from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from engage.accounts.scoping import is_coordinator
from engage.core.audit import register_actions
from partners.bulk_actions import ChangeOwnerBulkAction, ChangeStatusBulkAction
from partners.selectors import follow_ups_due
from partners.viewsets import PartnersViewSetGroup


@hooks.register("register_admin_viewset")
def register_partner_viewsets():
    return PartnersViewSetGroup()


hooks.register("register_bulk_action", ChangeOwnerBulkAction)
hooks.register("register_bulk_action", ChangeStatusBulkAction)


class FollowUpsPanel(Component):
    """Dashboard panel: the signed-in coordinator's follow-ups, overdue ones first."""

    name = "partners_follow_ups"
    order = 110
    template_name = "partners/admin/follow_ups_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from django.utils import timezone

        request = parent_context.get("request")
        return {
            "follow_ups": list(follow_ups_due(self.user)),
            "today": timezone.localdate(),
            "next": request.get_full_path() if request else "/admin/",
            "csrf_token": parent_context.get("csrf_token"),
        }


@hooks.register("construct_homepage_panels")
def add_follow_ups_panel(request, panels):
    if is_coordinator(request.user):
        panels.append(FollowUpsPanel(request.user))


@hooks.register("register_log_actions")
def register_partner_actions(actions):
    register_actions(
        actions,
        {
            "partners.organisation.updated": (
                _("Update profile"),
                _("Profile updated"),
            ),
            "partners.organisation.owner_changed": (
                _("Change owner"),
                _("Account owner changed"),
            ),
            "partners.organisation.status_changed": (
                _("Change status"),
                _("Status changed"),
            ),
            "partners.organisation.merged": (_("Merge"), _("Duplicate merged in")),
            "partners.organisation.imported": (_("Import"), _("Imported from a file")),
            "partners.organisation.contact_saved": (
                _("Save contact"),
                _("Contact saved"),
            ),
            "partners.contact.created": (_("Create contact"), _("Contact created")),
            "partners.contact.updated": (_("Update contact"), _("Contact updated")),
            "partners.contact.invited": (
                _("Invite contact"),
                _("Contact invited to the partner portal"),
            ),
            "partners.agreement.sent": (_("Send"), _("Agreement sent")),
            "partners.agreement.signed": (_("Sign"), _("Agreement signed")),
            "partners.agreement.terminated": (
                _("Terminate"),
                _("Agreement terminated"),
            ),
            "partners.agreement.expired": (_("Expire"), _("Agreement expired")),
            "partners.agreement.reminder_sent": (
                _("Remind"),
                _("Renewal reminder sent"),
            ),
            "partners.interaction.follow_up_done": (
                _("Follow up"),
                _("Follow-up done"),
            ),
        },
    )
