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


class _TextSearchForm(BaseFilterForm):
    """A chooser's search box: `q` matched (contains) against `search_fields`."""

    search_fields: tuple[str, ...] = ()
    q = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
        return objects


class StudentSearchForm(_TextSearchForm):
    search_fields = ("first_name", "last_name", "email", "student_number")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Name, email or student number")


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


# Enrolments (propose a placement by hand, pin or forbid a pair) -------------------


def permitted_enrolments(user):
    """Enrolments in the user's scope (the registered Enrolment policy)."""
    from wagtail.permissions import policy_registry

    from placements.models import Enrolment

    policy = policy_registry.get_by_type(Enrolment)
    return (
        Enrolment.objects.filter(policy.scope(user))
        .select_related("student", "course__academic_year")
        .order_by("student__last_name", "student__first_name", "pk")
    )


class EnrolmentSearchForm(_TextSearchForm):
    search_fields = (
        "student__first_name",
        "student__last_name",
        "student__email",
        "student__student_number",
        "course__code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Name, student number or course code")


def _enrolment_title(enrolment):
    student = enrolment.student
    number = student.student_number or student.email
    return f"{student.get_full_name()} ({number}) · {enrolment.course.code_with_year}"


class EnrolmentChooseMixin:
    filter_form_class = EnrolmentSearchForm
    per_page = 20

    def get_object_list(self):
        objects = permitted_enrolments(self.request.user)
        course = self.request.GET.get("course")
        if course and course.isdigit():
            objects = objects.filter(course_id=course)
        return objects

    @property
    def columns(self):
        from django.urls import reverse

        return [
            TitleColumn(
                "name",
                label=_("Student"),
                accessor=_enrolment_title,
                get_url=lambda enrolment: self.append_preserved_url_parameters(
                    reverse(self.chosen_url_name, args=[enrolment.pk])
                ),
                link_attrs={"data-chooser-modal-choice": True},
            ),
        ]


class EnrolmentChooseView(EnrolmentChooseMixin, chooser_views.ChooseView):
    pass


class EnrolmentChooseResultsView(EnrolmentChooseMixin, chooser_views.ChooseResultsView):
    pass


class EnrolmentChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return permitted_enrolments(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return _enrolment_title(instance)


class EnrolmentChooserViewSet(ChooserViewSet):
    model = "placements.Enrolment"
    icon = "user"
    choose_one_text = _("Choose a student")
    choose_another_text = _("Choose another student")
    page_title = _("Choose an enrolled student")
    register_widget = False
    preserve_url_parameters = ["multiple", "course"]
    choose_view_class = EnrolmentChooseView
    choose_results_view_class = EnrolmentChooseResultsView
    chosen_view_class = EnrolmentChosenView


enrolment_chooser_viewset = EnrolmentChooserViewSet(
    "sl_enrolment_chooser", url_prefix="service-learning/choose-enrolment"
)


def course_enrolment_chooser(course):
    """The enrolment chooser widget, opening on one course's students."""
    base = enrolment_chooser_viewset.widget_class

    class CourseEnrolmentChooser(base):
        def get_chooser_modal_url(self):
            return f"{super().get_chooser_modal_url()}?course={course.pk}"

    return CourseEnrolmentChooser()
