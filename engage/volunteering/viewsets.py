"""KOTengage in the Wagtail admin: listings with filters and CSV/XLSX exports, and
domain actions (publish, generate shifts, change places, approve) that call services.

Row rules come from the registered permission policies (`permissions.py`): the
listings start from `policy.instances_user_has_any_permission_for()`.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import policy_registry

from engage.accounts.scoping import is_engage_coordinator
from engage.core.exceptions import InvalidTransition
from engage.core.viewsets import ReadOnlyViewSetMixin
from engage.university.models import Campus
from engage.volunteering import services
from engage.volunteering.models import (
    HoursLog,
    Opportunity,
    Shift,
    ShiftException,
    ShiftRule,
    SignUp,
    StudentInitiative,
)
from partners.models import Organisation

# Listings -----------------------------------------------------------------------


class ScopedIndexView(IndexView):
    """Starts from the rows the permission policy lets this user see."""

    select_related = ()
    prefetch_related = ()

    def get_base_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        queryset = policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        )
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    @property
    def viewset_name(self) -> str:
        return self.index_url_name.split(":")[0]

    def action_buttons(self, instance) -> list[tuple]:
        return []

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        for priority, (label, url, icon) in enumerate(
            self.action_buttons(instance), start=30
        ):
            buttons.append(
                ListingButton(label, url=url, icon_name=icon, priority=priority)
            )
        return buttons


class FillRateColumn(Column):
    """Places taken of the places offered, as a percentage."""

    def get_value(self, instance):
        return f"{instance.places_taken}/{instance.capacity} ({instance.fill_rate}%)"


class OpportunityFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )
    initiative = django_filters.ModelChoiceFilter(
        queryset=StudentInitiative.objects.all(), label=_("Student initiative")
    )
    campus = django_filters.ModelChoiceFilter(
        queryset=Campus.objects.all(), label=_("Campus city")
    )

    class Meta:
        model = Opportunity
        fields = ["status", "kind", "campus", "themes", "organisation", "initiative"]


class OpportunityIndexView(ScopedIndexView):
    select_related = ("organisation", "initiative", "campus")

    def get_base_queryset(self):
        now = timezone.now()
        return (
            super()
            .get_base_queryset()
            .annotate(
                upcoming_shifts=Count(
                    "shifts",
                    filter=Q(
                        shifts__starts_at__gt=now,
                        shifts__status=Shift.Status.SCHEDULED,
                    ),
                )
            )
        )

    def action_buttons(self, instance):
        name = self.viewset_name
        buttons = [
            (
                _("View on the site"),
                reverse("volunteering:opportunity", kwargs={"pk": instance.pk}),
                "view",
            )
        ]
        if is_engage_coordinator(self.request.user):
            buttons.append(
                (
                    _("Sign-ups and attendance"),
                    reverse(
                        "volunteering:organiser_opportunity",
                        kwargs={"pk": instance.pk},
                    ),
                    "group",
                )
            )
        if not self.user_has_permission("change"):
            return buttons
        if instance.status in (Opportunity.Status.DRAFT, Opportunity.Status.PROPOSED):
            buttons.append(
                (_("Publish"), reverse(f"{name}:publish", args=[instance.pk]), "upload")
            )
        if instance.status == Opportunity.Status.PUBLISHED:
            buttons.append(
                (_("Close"), reverse(f"{name}:close", args=[instance.pk]), "lock")
            )
        if instance.kind == Opportunity.Kind.RECURRING:
            buttons.append(
                (
                    _("Generate shifts"),
                    reverse(f"{name}:generate", args=[instance.pk]),
                    "date",
                )
            )
        return buttons


class ShiftFilterSet(WagtailFilterSet):
    opportunity = django_filters.ModelChoiceFilter(
        queryset=Opportunity.objects.all(), label=_("Opportunity")
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )
    full = django_filters.BooleanFilter(method="filter_full", label=_("Full"))

    class Meta:
        model = Shift
        fields = ["status", "opportunity", "starts_at"]

    def filter_full(self, queryset, name, value):
        condition = Q(places_taken__gte=F("capacity"))
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ShiftIndexView(ScopedIndexView):
    select_related = ("opportunity",)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                waitlisted=Count(
                    "signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)
                )
            )
        )

    def action_buttons(self, instance):
        buttons = []
        if is_engage_coordinator(self.request.user):
            buttons.append(
                (
                    _("Sign-ups and attendance"),
                    reverse("volunteering:organiser_shift", kwargs={"pk": instance.pk}),
                    "group",
                )
            )
        if self.user_has_permission("change") and not instance.is_cancelled:
            name = self.viewset_name
            buttons += [
                (
                    _("Change places"),
                    reverse(f"{name}:capacity", args=[instance.pk]),
                    "resubmit",
                ),
                (
                    _("Cancel shift"),
                    reverse(f"{name}:cancel", args=[instance.pk]),
                    "cross",
                ),
            ]
        return buttons


class SignUpFilterSet(WagtailFilterSet):
    opportunity = django_filters.ModelChoiceFilter(
        field_name="shift__opportunity",
        queryset=Opportunity.objects.all(),
        label=_("Opportunity"),
    )
    shift_date = django_filters.DateFromToRangeFilter(
        field_name="shift__starts_at",
        label=_("Shift date"),
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = SignUp
        fields = ["status", "opportunity", "shift_date"]


class SignUpIndexView(ScopedIndexView):
    select_related = ("student", "shift__opportunity")


class InitiativeFilterSet(WagtailFilterSet):
    class Meta:
        model = StudentInitiative
        fields = ["status", "city"]


class InitiativeIndexView(ScopedIndexView):
    select_related = ("sponsor_staff", "sponsor_organisation", "city")

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(member_count=Count("memberships"))

    def action_buttons(self, instance):
        if (
            instance.status != StudentInitiative.Status.PROPOSED
            or not self.user_has_permission("change")
        ):
            return []
        name = self.viewset_name
        return [
            (_("Approve"), reverse(f"{name}:approve", args=[instance.pk]), "check"),
            (
                _("Do not approve"),
                reverse(f"{name}:reject", args=[instance.pk]),
                "cross",
            ),
        ]


class HoursFilterSet(WagtailFilterSet):
    class Meta:
        model = HoursLog
        fields = ["status", "opportunity", "date"]


class HoursIndexView(ScopedIndexView):
    select_related = ("student", "opportunity")

    def action_buttons(self, instance):
        if instance.status != HoursLog.Status.SUBMITTED or not is_engage_coordinator(
            self.request.user
        ):
            return []
        return [
            (
                _("Decide"),
                reverse("volunteering:organiser_hours", kwargs={"pk": instance.pk}),
                "check",
            )
        ]


# Domain actions -----------------------------------------------------------------


class ServiceActionView(WagtailAdminTemplateMixin, FormView):
    """A confirmation form in the admin that calls one service on one object."""

    template_name = "wagtailadmin/generic/form.html"
    model = None
    viewset = None
    action_label = ""
    success_message = ""
    form_class = forms.Form
    permission = "change"

    def dispatch(self, request, pk, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model)
        self.object = get_object_or_404(
            policy.instances_user_has_any_permission_for(request.user, ["change"]),
            pk=pk,
        )
        if not policy.user_has_permission_for_instance(
            request.user, self.permission, self.object
        ):
            raise PermissionDenied
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.extra_form_kwargs()}

    def extra_form_kwargs(self):
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=self.action_label,
            submit_button_active_label=self.action_label,
            header_icon=self.viewset.icon,
            **kwargs,
        )

    def index_url(self):
        return reverse(self.viewset.get_url_name("index"))

    def form_valid(self, form):
        try:
            self.perform(form)
        except InvalidTransition as error:
            messages.error(self.request, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.index_url())

    def perform(self, form):  # pragma: no cover - subclasses act
        raise NotImplementedError


class PublishView(ServiceActionView):
    action_label = _("Publish")
    success_message = _("The opportunity is published.")

    def perform(self, form):
        services.publish_opportunity(opportunity=self.object, actor=self.request.user)


class CloseView(ServiceActionView):
    action_label = _("Close")
    success_message = _("The opportunity is closed for new sign-ups.")

    def perform(self, form):
        services.close_opportunity(opportunity=self.object, actor=self.request.user)


class GenerateShiftsView(ServiceActionView):
    action_label = _("Generate shifts")

    def perform(self, form):
        created = services.generate_shifts(
            opportunity=self.object, actor=self.request.user
        )
        self.success_message = _("%(count)s shifts created.") % {"count": len(created)}


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    release = forms.ModelMultipleChoiceField(
        queryset=SignUp.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Release these places"),
        help_text=_(
            "Needed only when you cut below the places taken: the students you tick "
            "lose their place and are told by email."
        ),
    )
    reason = forms.CharField(
        label=_("Reason (sent to released students)"), required=False, max_length=200
    )

    def __init__(self, *args, shift, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].initial = shift.capacity
        self.fields["release"].queryset = (
            shift.signups.filter(
                status__in=[SignUp.Status.CONFIRMED, SignUp.Status.OFFERED]
            )
            .select_related("student")
            .order_by("-sequence")
        )
        self.fields["release"].label_from_instance = lambda s: (
            f"{s.student} ({s.get_status_display()})"
        )


class CapacityView(ServiceActionView):
    action_label = _("Change places")
    form_class = CapacityForm
    success_message = _("The places are changed.")

    def extra_form_kwargs(self):
        return {"shift": self.object}

    def perform(self, form):
        data = form.cleaned_data
        services.change_capacity(
            shift=self.object,
            capacity=data["capacity"],
            release=list(data["release"]),
            reason=data["reason"],
            actor=self.request.user,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CancelShiftView(ServiceActionView):
    action_label = _("Cancel shift")
    form_class = ReasonForm
    success_message = _("The shift is cancelled; everyone signed up is told.")

    def perform(self, form):
        services.cancel_shift(
            shift=self.object,
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the students"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveInitiativeView(ServiceActionView):
    action_label = _("Approve")
    form_class = NoteForm
    success_message = _("The initiative is approved; its members are told.")

    def perform(self, form):
        services.approve_initiative(
            initiative=self.object,
            note=form.cleaned_data["note"],
            actor=self.request.user,
        )


class RejectInitiativeView(ServiceActionView):
    action_label = _("Do not approve")
    form_class = NoteForm
    success_message = _("The initiative is not approved; its members are told.")

    def perform(self, form):
        services.reject_initiative(
            initiative=self.object,
            note=form.cleaned_data["note"],
            actor=self.request.user,
        )


# Viewsets -----------------------------------------------------------------------


class ActionsMixin:
    actions: dict = {}

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for name, view_class in self.actions.items():
            view = view_class.as_view(model=self.model, viewset=self)
            patterns.append(path(f"{name}/<int:pk>/", view, name=name))
        return patterns


class OpportunityViewSet(ActionsMixin, ModelViewSet):
    model = Opportunity
    icon = "group"
    menu_label = _("Opportunities")
    menu_order = 10
    index_view_class = OpportunityIndexView
    filterset_class = OpportunityFilterSet
    search_fields = ["title_en", "title_nl", "organisation__name", "initiative__name"]
    search_backend_name = None
    list_display = [
        "title_en",
        "organiser_name",
        "campus",
        "kind",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        Column("upcoming_shifts", label=_("Upcoming shifts")),
    ]
    list_export = [
        "pk",
        "title_en",
        "title_nl",
        "organiser_name",
        "campus",
        "place",
        "kind",
        "status",
        "contact_name",
        "contact_email",
        "publish_from",
        "publish_until",
        "upcoming_shifts",
    ]
    export_headings = {
        "pk": "id",
        "organiser_name": _("Organiser"),
        "place": _("Place"),
    }
    export_filename = "kotengage-opportunities"
    copy_view_enabled = False
    inspect_view_enabled = True
    actions = {
        "publish": PublishView,
        "close": CloseView,
        "generate": GenerateShiftsView,
    }
    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("initiative")],
            heading=_("Organiser (one of the two)"),
        ),
        FieldRowPanel([FieldPanel("title_en"), FieldPanel("title_nl")]),
        FieldPanel("description_en"),
        FieldPanel("description_nl"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("campus"), FieldPanel("address"), FieldPanel("is_online")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("target_groups"),
                FieldPanel("sdgs"),
                FieldPanel("languages"),
            ],
            heading=_("Themes and people"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("requires_criminal_record_extract"),
                FieldPanel("minimum_age"),
                FieldPanel("requires_training"),
                FieldPanel("requirements_en"),
                FieldPanel("requirements_nl"),
            ],
            heading=_("Requirements"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_language"),
            ],
            heading=_("Contact person"),
        ),
        FieldRowPanel([FieldPanel("publish_from"), FieldPanel("publish_until")]),
    ]


class ShiftForm(WagtailAdminModelForm):
    class Meta:
        model = Shift
        fields = [
            "opportunity",
            "starts_at",
            "ends_at",
            "capacity",
            "location_override",
        ]


class ShiftEditForm(WagtailAdminModelForm):
    class Meta:
        model = Shift
        fields = ["starts_at", "ends_at", "location_override"]


class ShiftViewSet(ActionsMixin, ModelViewSet):
    model = Shift
    icon = "date"
    menu_label = _("Shifts")
    menu_order = 20
    index_view_class = ShiftIndexView
    filterset_class = ShiftFilterSet
    search_fields = ["opportunity__title_en", "opportunity__title_nl"]
    search_backend_name = None
    list_display = [
        "__str__",
        "starts_at",
        "capacity",
        FillRateColumn("fill_rate", label=_("Fill rate")),
        Column("waitlisted", label=_("Waitlist")),
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "pk",
        "opportunity",
        "starts_at",
        "ends_at",
        "capacity",
        "places_taken",
        "fill_rate",
        "waitlisted",
        "status",
    ]
    export_headings = {"pk": "id", "fill_rate": _("Fill rate (%)")}
    export_filename = "kotengage-shifts"
    copy_view_enabled = False
    actions = {"capacity": CapacityView, "cancel": CancelShiftView}

    def get_form_class(self, for_update=False):
        return ShiftEditForm if for_update else ShiftForm


class SignUpViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = SignUp
    icon = "user"
    menu_label = _("Sign-ups")
    menu_order = 30
    index_view_class = SignUpIndexView
    filterset_class = SignUpFilterSet
    search_fields = [
        "student__first_name",
        "student__last_name",
        "student__email",
        "shift__opportunity__title_en",
    ]
    search_backend_name = None
    list_display = [
        "student",
        "shift",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        "sequence",
        "hours",
    ]
    list_export = [
        "pk",
        "student.email",
        "student",
        "shift.opportunity",
        "shift.starts_at",
        "status",
        "sequence",
        "offer_expires_at",
        "hours",
    ]
    export_headings = {
        "pk": "id",
        "student.email": _("Email"),
        "shift.opportunity": _("Opportunity"),
        "shift.starts_at": _("Shift starts"),
    }
    export_filename = "kotengage-signups"
    inspect_view_enabled = True
    copy_view_enabled = False


class InitiativeViewSet(ActionsMixin, ModelViewSet):
    model = StudentInitiative
    icon = "pick"
    menu_label = _("Student initiatives")
    menu_order = 40
    index_view_class = InitiativeIndexView
    filterset_class = InitiativeFilterSet
    search_fields = ["name", "goal"]
    search_backend_name = None
    list_display = [
        "name",
        "city",
        Column("member_count", label=_("Members")),
        "sponsor_staff",
        "sponsor_organisation",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "pk",
        "name",
        "status",
        "city",
        "member_count",
        "sponsor_staff",
        "sponsor_organisation",
        "contact_email",
        "decided_at",
    ]
    export_headings = {"pk": "id", "member_count": _("Members")}
    export_filename = "kotengage-initiatives"
    inspect_view_enabled = True
    copy_view_enabled = False
    actions = {"approve": ApproveInitiativeView, "reject": RejectInitiativeView}
    panels = [
        FieldPanel("name"),
        FieldPanel("goal"),
        FieldPanel("city"),
        FieldPanel("contact_email"),
        FieldRowPanel(
            [FieldPanel("sponsor_staff"), FieldPanel("sponsor_organisation")]
        ),
    ]


class HoursViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = HoursLog
    icon = "time"
    menu_label = _("Extra hours")
    menu_order = 50
    index_view_class = HoursIndexView
    filterset_class = HoursFilterSet
    search_fields = ["student__last_name", "student__email", "opportunity__title_en"]
    search_backend_name = None
    list_display = [
        "student",
        "opportunity",
        "date",
        "hours",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_export = [
        "pk",
        "student.email",
        "student",
        "opportunity",
        "date",
        "hours",
        "description",
        "status",
        "decided_by_name",
        "decided_at",
    ]
    export_headings = {"pk": "id", "student.email": _("Email")}
    export_filename = "kotengage-extra-hours"
    copy_view_enabled = False
    object_url_name = None


class ShiftRuleForm(WagtailAdminModelForm):
    class Meta:
        model = ShiftRule
        fields = [
            "opportunity",
            "weekday",
            "start_time",
            "end_time",
            "starts_on",
            "ends_on",
            "capacity",
            "location_override",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(
            kind=Opportunity.Kind.RECURRING
        )


class ShiftRuleCreateView(CreateView):
    def save_instance(self):
        data = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "opportunity"
        }
        return services.add_weekly_rule(
            opportunity=self.form.cleaned_data["opportunity"],
            actor=self.request.user,
            **data,
        )


class ShiftRuleViewSet(ModelViewSet):
    model = ShiftRule
    icon = "repeat"
    menu_label = _("Weekly rules")
    menu_order = 25
    add_view_class = ShiftRuleCreateView
    form_fields = ShiftRuleForm.Meta.fields
    list_filter = ["weekday"]
    list_display = ["opportunity", "__str__", "starts_on", "ends_on", "capacity"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ShiftRuleForm


class ShiftExceptionForm(WagtailAdminModelForm):
    class Meta:
        model = ShiftException
        fields = ["opportunity", "date", "reason"]


class ShiftExceptionCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.add_exception(
            opportunity=data["opportunity"],
            date=data["date"],
            reason=data["reason"],
            actor=self.request.user,
        )


class ShiftExceptionViewSet(ModelViewSet):
    """Dates without shifts (holidays): adding one cancels that day's shifts."""

    model = ShiftException
    icon = "date"
    menu_label = _("Dates without shifts")
    menu_order = 26
    add_view_class = ShiftExceptionCreateView
    form_fields = ShiftExceptionForm.Meta.fields
    list_display = ["opportunity", "date", "reason"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ShiftExceptionForm


class KOTengageGroup(ViewSetGroup):
    menu_label = _("KOTengage")
    menu_icon = "group"
    menu_order = 500
    items = (
        OpportunityViewSet("volunteering_opportunities"),
        ShiftViewSet("volunteering_shifts"),
        ShiftRuleViewSet("volunteering_rules"),
        ShiftExceptionViewSet("volunteering_exceptions"),
        SignUpViewSet("volunteering_signups"),
        InitiativeViewSet("volunteering_initiatives"),
        HoursViewSet("volunteering_hours"),
    )
