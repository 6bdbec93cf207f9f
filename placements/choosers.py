"""Admin choosers: a searchable, paginated modal instead of a select holding every
student. Both the listing and the "chosen" lookup are scoped to the coordinator
(placements.permissions.student_scope)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from engage.accounts.models import Role, User
from placements.permissions import student_scope


def permitted_students(user):
    """The students `user` may enrol or pick (see student_scope)."""
    return (
        User.objects.with_role(Role.STUDENT)
        .filter(student_scope(user))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class StudentSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name, email or student number"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(
                Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
                | Q(student_number__icontains=query)
            )
        return objects


class StudentChooseMixin:
    filter_form_class = StudentSearchForm
    per_page = 20

    def get_object_list(self):
        return permitted_students(self.request.user)

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Student"),
                accessor=lambda user: user.get_full_name() or user.email,
                get_url=lambda user: self.append_preserved_url_parameters(
                    self.get_chosen_url(user)
                ),
                link_attrs={"data-chooser-modal-choice": True},
            ),
            Column("student_number", label=_("Student number")),
            Column("email", label=_("Email")),
        ]

    def get_chosen_url(self, user):
        from django.urls import reverse

        return reverse(self.chosen_url_name, args=[user.pk])


class StudentChooseView(StudentChooseMixin, chooser_views.ChooseView):
    pass


class StudentChooseResultsView(StudentChooseMixin, chooser_views.ChooseResultsView):
    pass


class StudentChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return permitted_students(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        number = instance.student_number or instance.email
        return f"{instance.get_full_name()} ({number})"


class StudentChooserViewSet(ChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Choose a student")
    choose_another_text = _("Choose another student")
    page_title = _("Choose a student")
    register_widget = False  # only where a student is asked for, not every user FK
    choose_view_class = StudentChooseView
    choose_results_view_class = StudentChooseResultsView
    chosen_view_class = StudentChosenView


student_chooser_viewset = StudentChooserViewSet(
    "sl_student_chooser", url_prefix="service-learning/choose-student"
)
