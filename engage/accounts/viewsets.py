from django import forms
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from engage.accounts import services

EXTRA_FIELDS = ("preferred_language", "student_number", "faculties")


class UserCreationForm(WagtailUserCreationForm):
    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | set(EXTRA_FIELDS)
        widgets = {
            **WagtailUserCreationForm.Meta.widgets,
            "faculties": forms.CheckboxSelectMultiple,
        }


class UserEditForm(WagtailUserEditForm):
    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | set(EXTRA_FIELDS)
        widgets = {
            **WagtailUserEditForm.Meta.widgets,
            "faculties": forms.CheckboxSelectMultiple,
        }


class UserEditView(WagtailUserEditView):
    """Edits everything but the email address directly: a new address goes through
    `request_email_change` and applies once the current address confirms."""

    def save_instance(self):
        form = self.form
        new_email = None
        if "email" in form.changed_data:
            new_email = form.cleaned_data["email"]
            form.instance.email = form.initial["email"]
        instance = super().save_instance()
        if new_email and services.request_email_change(
            user=instance, new_email=new_email, actor=self.request.user
        ):
            messages.warning(
                self.request,
                _(
                    "The email address is not changed yet: a confirmation link "
                    "went to %(email)s, and the change applies once it is followed."
                )
                % {"email": instance.email},
            )
        return instance


class UserViewSet(WagtailUserViewSet):
    edit_view_class = UserEditView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
