"""Bulk actions on the organisation listing: change the owner, change the status."""

from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from partners import services
from partners.forms import ChangeOwnerForm, ChangeStatusForm
from partners.models import Organisation


class OrganisationBulkAction(SnippetBulkAction):
    template_name = "partners/admin/bulk_action.html"

    @classproperty
    def models(cls):
        return [Organisation]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_title"] = self.display_name
        context["action_button_text"] = self.confirm_label
        return context


class ChangeOwnerBulkAction(OrganisationBulkAction):
    display_name = _("Change owner")
    action_type = "change_owner"
    aria_label = _("Change the account owner of the selected organisations")
    confirm_label = _("Change owner")
    form_class = ChangeOwnerForm
    action_priority = 20

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "owner": self.cleaned_form.cleaned_data["owner"],
            "actor": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, owner=None, actor=None, **kwargs):
        count = services.change_account_owner(
            organisations=objects, owner=owner, actor=actor
        )
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d organisation now has %(owner)s as account owner.",
            "%(count)d organisations now have %(owner)s as account owner.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "owner": self.cleaned_form.cleaned_data["owner"],
        }


class ChangeStatusBulkAction(OrganisationBulkAction):
    display_name = _("Change status")
    action_type = "change_status"
    aria_label = _("Change the status of the selected organisations")
    confirm_label = _("Change status")
    form_class = ChangeStatusForm
    action_priority = 25

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "status": self.cleaned_form.cleaned_data["status"],
            "actor": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, status=None, actor=None, **kwargs):
        count = services.change_status(
            organisations=objects, status=status, actor=actor
        )
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        label = Organisation.Status(self.cleaned_form.cleaned_data["status"]).label
        return ngettext(
            "%(count)d organisation is now %(status)s.",
            "%(count)d organisations are now %(status)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": str(label).lower()}
