"""The service-learning admin: courses, offers, enrolments, placements,
prerequisites and partner feedback, grouped under "Service-learning".

Listings, searches, exports and object URLs all go through the registered
permission policies (placements.permissions): a faculty coordinator reaches only
their faculties' rows."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from engage.accounts.models import Role, User
from engage.accounts.scoping import coordinated_faculty_ids
from engage.core.exceptions import InvalidTransition
from engage.university.models import Faculty, Programme
from partners.models import Contact
from placements import admin_views, selectors, services
from placements.filters import (
    CourseFilterSet,
    EnrolmentFilterSet,
    OfferFilterSet,
    PlacementFilterSet,
    scoped_courses,
)
from placements.models import Course, Enrolment, Offer, Placement, Prerequisite

# Scoping for every generic view ---------------------------------------------------


def _policy(model):
    return policy_registry.get_by_type(model)


class ScopedIndexMixin:
    """Only rows the user's policy allows (listing, search and export alike)."""

    def get_base_queryset(self):
        queryset = _policy(self.model).instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        )
        return self.optimise(queryset)

    def optimise(self, queryset):
        return queryset


class ScopedObjectMixin:
    """A row outside the user's scope is a 404, whatever the URL."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not _policy(self.model).user_has_any_permission_for_instance(
            self.request.user, ["view", "change", "delete"], obj
        ):
            raise Http404
        return obj


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ScopedViewSet(ModelViewSet):
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50


def _scoped_faculties(user):
    ids = coordinated_faculty_ids(user)
    return Faculty.objects.all() if ids is None else Faculty.objects.filter(pk__in=ids)


# Courses -------------------------------------------------------------------------


class CourseAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        faculties = _scoped_faculties(user)
        self.fields["faculty"].queryset = faculties
        self.fields["programmes"].queryset = Programme.objects.filter(
            faculty__in=faculties
        )
        self.fields["lecturers"].queryset = User.objects.with_role(Role.LECTURER)
        self.fields["coordinator"].queryset = User.objects.filter(
            groups__name__in=[Role.ENGAGE_COORDINATOR, Role.FACULTY_COORDINATOR]
        ).distinct()


class CourseIndexView(ScopedIndexMixin, generic.IndexView):
    def optimise(self, queryset):
        return queryset.select_related("academic_year", "faculty").annotate(
            enrolled=Count("enrolments", distinct=True),
            placed=Count(
                "placements",
                filter=~Q(placements__status__in=Placement.ENDED_STATUSES),
                distinct=True,
            ),
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons += [
                MenuItem(
                    _("Allocation"),
                    url=reverse("sl_courses:allocation", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                ),
                MenuItem(
                    _("Import enrolments"),
                    url=reverse("sl_courses:import", args=[instance.pk]),
                    icon_name="upload",
                    priority=40,
                ),
                MenuItem(
                    _("Copy to next year"),
                    url=reverse("sl_courses:copy_next_year", args=[instance.pk]),
                    icon_name="copy",
                    priority=41,
                ),
            ]
        return buttons


class CourseViewSet(ScopedViewSet):
    model = Course
    icon = "group"
    menu_label = _("Courses")
    menu_order = 10
    url_prefix = "service-learning/courses"
    url_namespace = "sl_courses"
    index_view_class = CourseIndexView
    filterset_class = CourseFilterSet
    search_fields = ["code", "title_en", "title_nl"]
    list_display = [
        "code",
        "title_en",
        "faculty",
        Column("academic_year", label=_("Academic year"), sort_key="academic_year"),
        StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
        Column("enrolled", label=_("Students"), sort_key="enrolled"),
        Column("placed", label=_("Placed"), sort_key="placed"),
    ]
    list_export = [
        "code",
        "title_en",
        "title_nl",
        "faculty",
        "academic_year",
        "campus",
        "ects",
        "expected_hours",
        "planned_students",
        "status",
        "enrolled",
        "placed",
    ]
    export_filename = "service-learning-courses"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("academic_year")]),
            FieldRowPanel([FieldPanel("title_en"), FieldPanel("title_nl")]),
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("campus")]),
            FieldPanel("programmes", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel(
                [
                    FieldPanel("ects"),
                    FieldPanel("expected_hours"),
                    FieldPanel("planned_students"),
                ]
            ),
            FieldPanel("lecturers", widget=forms.CheckboxSelectMultiple),
            FieldPanel("coordinator"),
            MultiFieldPanel(
                [
                    FieldPanel("learning_outcomes_en"),
                    FieldPanel("learning_outcomes_nl"),
                    FieldPanel("description_en"),
                    FieldPanel("description_nl"),
                ],
                heading=_("Learning outcomes and description"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("max_preferences"),
                            FieldPanel("preference_deadline"),
                        ]
                    ),
                    FieldPanel("status"),
                ],
                heading=_("Preferences"),
            ),
        ],
        base_form_class=CourseAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "allocation/<int:pk>/",
                admin_views.AllocationView.as_view(),
                name="allocation",
            ),
            path(
                "copy-to-next-year/<int:pk>/",
                admin_views.CopyCourseView.as_view(),
                name="copy_next_year",
            ),
            path(
                "import/<int:pk>/",
                admin_views.ImportEnrolmentsView.as_view(),
                name="import",
            ),
        ]


# Offers --------------------------------------------------------------------------


class OfferAdminForm(WagtailAdminModelForm):
    """Faculty coordinators choose among their own courses and faculties; links
    to other faculties' courses stay as they are (they cannot see or drop them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        visible = scoped_courses(user)
        self.fields["courses"].queryset = visible
        faculties = _scoped_faculties(user)
        if self.instance.faculty_id:
            faculties = faculties | Faculty.objects.filter(pk=self.instance.faculty_id)
        self.fields["faculty"].queryset = faculties.distinct()
        self.fields["mentor"].queryset = Contact.objects.active().select_related(
            "organisation"
        )
        self.hidden_courses = (
            list(self.instance.courses.exclude(pk__in=visible.values("pk")))
            if self.instance.pk
            else []
        )

    def _save_m2m(self):
        super()._save_m2m()
        if self.hidden_courses:
            self.instance.courses.add(*self.hidden_courses)

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        mentor = cleaned.get("mentor")
        if mentor and organisation and mentor.organisation_id != organisation.pk:
            self.add_error(
                "mentor", _("The mentor must be a contact of this organisation.")
            )
        courses = list(cleaned.get("courses") or []) + self.hidden_courses
        year = cleaned.get("academic_year")
        if year and any(c.academic_year_id != year.pk for c in courses):
            self.add_error("courses", _("Choose courses of the offer's academic year."))
        if not courses and not cleaned.get("faculty"):
            raise ValidationError(
                _("Link the offer to one or more courses, or to a faculty.")
            )
        return cleaned


class OfferIndexView(ScopedIndexMixin, generic.IndexView):
    def optimise(self, queryset):
        return queryset.select_related("organisation", "academic_year", "mentor")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            if instance.status in (Offer.Status.DRAFT, Offer.Status.CLOSED):
                buttons.append(
                    MenuItem(
                        _("Publish"),
                        url=reverse("sl_offers:action", args=[instance.pk, "publish"]),
                        icon_name="upload",
                        priority=5,
                    )
                )
            if instance.status != Offer.Status.CLOSED:
                buttons.append(
                    MenuItem(
                        _("Close"),
                        url=reverse("sl_offers:action", args=[instance.pk, "close"]),
                        icon_name="lock",
                        priority=6,
                    )
                )
        return buttons


class OfferViewSet(ScopedViewSet):
    model = Offer
    icon = "doc-full"
    menu_label = _("Offers")
    menu_order = 20
    url_prefix = "service-learning/offers"
    url_namespace = "sl_offers"
    index_view_class = OfferIndexView
    filterset_class = OfferFilterSet
    search_fields = ["title", "tasks", "organisation__name"]
    list_display = [
        "title",
        "organisation",
        Column("academic_year", label=_("Academic year"), sort_key="academic_year"),
        Column("places", label=_("Places"), sort_key="places"),
        Column("places_taken", label=_("Confirmed"), sort_key="places_taken"),
        StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
    ]
    list_export = [
        "title",
        "organisation",
        "academic_year",
        "mentor",
        "address",
        "places",
        "places_taken",
        "start_date",
        "end_date",
        "hours_per_week",
        "status",
    ]
    export_filename = "service-learning-offers"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("academic_year")]),
            FieldPanel("title"),
            FieldPanel("tasks"),
            FieldPanel("courses", widget=forms.CheckboxSelectMultiple),
            FieldPanel("faculty"),
            FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("mentor"),
            FieldRowPanel([FieldPanel("address"), FieldPanel("campus")]),
            FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel(
                [
                    FieldPanel("places"),
                    FieldPanel("start_date"),
                    FieldPanel("end_date"),
                    FieldPanel("hours_per_week"),
                ]
            ),
            FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=OfferAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "action/<int:pk>/<str:action>/",
                admin_views.OfferActionView.as_view(),
                name="action",
            )
        ]


# Enrolments ----------------------------------------------------------------------


class StudentLookupField(forms.Field):
    """One student, found by exact student number or email address: the form never
    lists the university's students to a faculty coordinator."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Student"))
        kwargs.setdefault("help_text", _("The student number or email address."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | str) and str(value).isdigit():
            value = User.objects.filter(pk=value).first()
        if isinstance(value, User):
            return value.student_number or value.email
        return value

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        student = (
            User.objects.with_role(Role.STUDENT)
            .filter(Q(student_number__iexact=value) | Q(email__iexact=value))
            .first()
        )
        if student is None:
            raise ValidationError(
                _("No student has this student number or email address."),
                code="unknown_student",
            )
        return student


class EnrolmentAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "course" in self.fields:
            self.fields["course"].queryset = scoped_courses(user)
        if "student" in self.fields:
            self.fields["student"] = StudentLookupField()


class EnrolmentCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.enrol_student(
            course=data["course"],
            student=data["student"],
            programme=data.get("programme"),
            actor=self.request.user,
        )


class EnrolmentIndexView(ScopedIndexMixin, generic.IndexView):
    def optimise(self, queryset):
        return queryset.select_related(
            "student", "course__academic_year", "programme"
        ).annotate(ranked=Count("preferences"))


class EnrolmentViewSet(ScopedViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    menu_order = 30
    url_prefix = "service-learning/enrolments"
    url_namespace = "sl_enrolments"
    index_view_class = EnrolmentIndexView
    add_view_class = EnrolmentCreateView
    filterset_class = EnrolmentFilterSet
    search_fields = [
        "student__first_name",
        "student__last_name",
        "student__email",
        "student__student_number",
        "course__code",
    ]
    list_display = [
        "student",
        Column("student.student_number", label=_("Student number")),
        Column("course.code", label=_("Course"), sort_key="course__code"),
        "programme",
        Column("ranked", label=_("Offers ranked"), sort_key="ranked"),
        Column("get_source_display", label=_("Source")),
    ]
    list_export = [
        "student.student_number",
        "student.first_name",
        "student.last_name",
        "student.email",
        "course.code",
        "course.academic_year",
        "programme",
        "ranked",
        "preferences_submitted_at",
    ]
    export_headings = {
        "student.student_number": _("Student number"),
        "student.first_name": _("First name"),
        "student.last_name": _("Last name"),
        "student.email": _("Email"),
        "course.code": _("Course"),
        "course.academic_year": _("Academic year"),
    }
    export_filename = "service-learning-enrolments"
    edit_handler = ObjectList(
        [FieldPanel("course"), FieldPanel("student"), FieldPanel("programme")],
        base_form_class=EnrolmentAdminForm,
    )


# Placements ----------------------------------------------------------------------


class ProposePlacementForm(WagtailAdminModelForm):
    """Propose a place by hand: the service checks the offer and its places."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["enrolment"].queryset = (
            Enrolment.objects.filter(_policy(Enrolment).scope(user))
            .select_related("student", "course")
            .order_by("course__code", "student__last_name")
        )
        self.fields["offer"].queryset = (
            Offer.objects.filter(_policy(Offer).scope(user))
            .filter(status=Offer.Status.PUBLISHED)
            .select_related("organisation")
        )


class PlacementCreateView(generic.CreateView):
    page_title = _("Propose a placement")

    def save_instance(self):
        data = self.form.cleaned_data
        return services.propose_placement(
            enrolment=data["enrolment"], offer=data["offer"], actor=self.request.user
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)

    def get_edit_url(self):
        return reverse("sl_placements:inspect", args=[self.object.pk])

    def get_success_url(self):
        return self.get_edit_url()


class PlacementIndexView(ScopedIndexMixin, generic.IndexView):
    def optimise(self, queryset):
        return selectors.placement_rows(queryset)

    def get_edit_url(self, instance):
        return None  # placements change through their actions, on the inspect view

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name, column_class, get_url=self.get_inspect_url, **kwargs
        )


class PlacementInspectView(admin_views.PlacementActionsMixin, ScopedInspectView):
    template_name = "placements/admin/placement_inspect.html"
    page_title = _("Placement")

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        return selectors.placement_detail(obj.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement = self.object
        checked = {c.prerequisite_id: c for c in placement.prerequisite_checks.all()}
        entries = list(placement.hour_entries.all())
        approved = sum((e.hours for e in entries if e.status == e.Status.APPROVED), 0)
        answers = {r.prompt_id: r for r in placement.reflections.all()}
        can_change = _policy(Placement).user_has_permission_for_instance(
            self.request.user, "change", placement
        )
        context.update(
            placement=placement,
            prerequisites=[
                (p, checked.get(p.pk)) for p in placement.offer.prerequisites.all()
            ],
            entries=entries,
            approved=approved,
            reflections=[
                (prompt, answers.get(prompt.pk))
                for prompt in placement.course.reflection_prompts.all()
            ],
            can_change=can_change,
            cancel_form=kwargs.get("cancel_form")
            or admin_views.ReasonForm(prefix="cancel"),
            withdraw_form=kwargs.get("withdraw_form")
            or admin_views.ReasonForm(prefix="withdraw"),
            agreement_url=reverse("sl_placements:agreement", args=[placement.pk]),
        )
        return context


class PlacementViewSet(ScopedViewSet):
    model = Placement
    icon = "tasks"
    menu_label = _("Placements")
    menu_order = 40
    url_prefix = "service-learning/placements"
    url_namespace = "sl_placements"
    index_view_class = PlacementIndexView
    add_view_class = PlacementCreateView
    inspect_view_class = PlacementInspectView
    inspect_view_enabled = True
    filterset_class = PlacementFilterSet
    search_fields = [
        "student__first_name",
        "student__last_name",
        "student__email",
        "student__student_number",
        "offer__title",
        "offer__organisation__name",
        "course__code",
    ]
    list_display = [
        "student",
        Column("student.student_number", label=_("Student number")),
        Column("course.code", label=_("Course"), sort_key="course__code"),
        Column("offer", label=_("Offer (partner)")),
        StatusTagColumn("get_status_display", label=_("Status"), sort_key="status"),
        Column("preference_rank", label=_("Choice"), sort_key="preference_rank"),
        Column("hours_display", label=_("Approved hours")),
        Column("signatures_display", label=_("Agreement signed by")),
    ]
    list_export = [
        "student.student_number",
        "student.first_name",
        "student.last_name",
        "student.email",
        "course.code",
        "course.academic_year",
        "course.faculty",
        "offer.organisation",
        "offer.title",
        "status",
        "preference_rank",
        "approved_hours",
        "pending_hours",
        "student_signed_at",
        "mentor_signed_at",
        "reflection_count",
    ]
    export_headings = {
        "student.student_number": _("Student number"),
        "student.first_name": _("First name"),
        "student.last_name": _("Last name"),
        "student.email": _("Email"),
        "course.code": _("Course"),
        "course.academic_year": _("Academic year"),
        "course.faculty": _("Faculty"),
        "offer.organisation": _("Partner"),
        "offer.title": _("Offer"),
        "approved_hours": _("Approved hours"),
        "pending_hours": _("Hours to approve"),
        "reflection_count": _("Reflections"),
    }
    export_filename = "service-learning-placements"
    edit_handler = ObjectList(
        [FieldPanel("enrolment"), FieldPanel("offer")],
        base_form_class=ProposePlacementForm,
    )

    def get_urlpatterns(self):
        # A placement changes only through its actions: "edit" opens the same
        # page as "inspect" (its details and the next steps).
        patterns = [p for p in super().get_urlpatterns() if p.name != "edit"]
        return patterns + [
            path("edit/<int:pk>/", self.inspect_view, name="edit"),
            path(
                "agreement/<int:pk>/",
                admin_views.agreement_pdf_view,
                name="agreement",
            ),
        ]


# Prerequisites and feedback --------------------------------------------------------


class PrerequisiteViewSet(ModelViewSet):
    model = Prerequisite
    icon = "tick-inverse"
    menu_label = _("Prerequisites")
    menu_order = 50
    url_prefix = "service-learning/prerequisites"
    url_namespace = "sl_prerequisites"
    search_backend_name = None
    search_fields = ["code", "name_en", "name_nl"]
    copy_view_enabled = False
    list_display = ["name_en", "name_nl", "code", "is_active"]
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldRowPanel([FieldPanel("description_en"), FieldPanel("description_nl")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]


class FeedbackViewSet(ViewSet):
    name = "sl_feedback"
    url_prefix = "service-learning/feedback"
    icon = "comment"
    menu_label = _("Partner feedback")
    menu_order = 60

    def get_urlpatterns(self):
        return [path("", admin_views.FeedbackView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        def is_shown(_self, request):
            return _policy(Placement).user_has_permission(request.user, "view")

        return type("FeedbackMenuItem", (MenuItem,), {"is_shown": is_shown})


class ServiceLearningGroup(ViewSetGroup):
    menu_label = _("Service-learning")
    menu_icon = "group"
    menu_order = 300
    items = (
        CourseViewSet(),
        OfferViewSet(),
        EnrolmentViewSet(),
        PlacementViewSet(),
        PrerequisiteViewSet(),
        FeedbackViewSet(),
    )
