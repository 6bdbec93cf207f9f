from django import forms
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

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


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
