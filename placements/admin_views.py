"""Admin screens beyond create/edit: allocation, placement transitions, imports,
copying a course, offer actions and the aggregate partner feedback.

Every view looks its object up through the registered permission policy, so a
faculty coordinator reaches only their faculties' rows, whatever the URL."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from engage.core.exceptions import InvalidTransition
from engage.core.pdf import pdf_response
from engage.core.tabular import ImportFailed, read_table, validate_table_upload
from placements import selectors, services
from placements.agreement import agreement_filename
from placements.allocation import Reason
from placements.choosers import course_enrolment_chooser
from placements.models import (
    AllocationRule,
    Course,
    Enrolment,
    HourEntry,
    Offer,
    Placement,
    Prerequisite,
)

REASON_LABELS = {
    Reason.NO_PREFERENCES: gettext_lazy("Did not rank any offer."),
    Reason.LANGUAGES: gettext_lazy(
        "Does not work in the languages the ranked offers require."
    ),
    Reason.FORBIDDEN: gettext_lazy("Every ranked offer was excluded by a coordinator."),
    Reason.FULL: gettext_lazy("Every ranked offer they may take is full."),
    Reason.COMPETITION: gettext_lazy(
        "The places at their ranked offers went to other students (so that as many "
        "students as possible are placed)."
    ),
}


def scoped_object(request, model, pk, action="change"):
    """The object if the user's policy allows `action` on it, else 404."""
    policy = policy_registry.get_by_type(model)
    obj = get_object_or_404(
        policy.instances_user_has_any_permission_for(request.user, [action]), pk=pk
    )
    if not policy.user_has_permission_for_instance(request.user, action, obj):
        raise Http404
    return obj


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """A plain admin page with a header (our own screens)."""

    header_icon = "group"

    def get_breadcrumbs_items(self):
        return []


# Allocation --------------------------------------------------------------------


def _student_label(enrolment):
    student = enrolment.student
    return f"{student.get_full_name()} ({student.student_number or student.email})"


class RuleForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=gettext_lazy("Student"), queryset=None)
    offer = forms.ModelChoiceField(label=gettext_lazy("Offer"), queryset=None)
    kind = forms.ChoiceField(
        label=gettext_lazy("Rule"), choices=AllocationRule.Kind.choices
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = Enrolment.objects.filter(
            course=course
        ).select_related("student", "course")
        self.fields["enrolment"].label_from_instance = _student_label
        # A chooser limited to this course's students, not a select of all of them.
        self.fields["enrolment"].widget = course_enrolment_chooser(course)
        self.fields["offer"].queryset = (
            Offer.objects.for_course(course)
            .exclude(status=Offer.Status.DRAFT)
            .select_related("organisation")
        )


class ReopenForm(forms.Form):
    deadline = forms.DateTimeField(
        label=gettext_lazy("New deadline for preferences"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=gettext_lazy("Needed when the old deadline has passed."),
    )


class AllocationView(AdminPage):
    """Preview the allocation, pin or forbid pairs, re-run, then commit."""

    template_name = "placements/admin/allocation.html"
    page_title = gettext_lazy("Allocation")
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        self.course = scoped_object(request, Course, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.course)

    def post(self, request, pk):
        action = request.POST.get("action")
        try:
            if action == "commit":
                try:
                    run, data = services.commit_allocation(
                        course=self.course,
                        actor=request.user,
                        confirm_early=bool(request.POST.get("confirm_early")),
                    )
                except services.EarlyAllocation as early:
                    return self.render_to_response(
                        self.get_context_data(confirm_early=early.message)
                    )
                messages.success(
                    request,
                    _(
                        "Allocation committed: %(placed)s proposed placements, "
                        "%(unplaced)s students unplaced."
                    )
                    % data["summary"],
                )
                return redirect(
                    reverse("sl_placements:index") + f"?course={self.course.pk}"
                )
            if action == "reopen":
                form = ReopenForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(reopen_form=form)
                    )
                try:
                    services.reopen_preferences(
                        course=self.course,
                        actor=request.user,
                        deadline=form.cleaned_data["deadline"],
                    )
                except InvalidTransition as exc:
                    form.add_error("deadline", exc.message)
                    return self.render_to_response(
                        self.get_context_data(reopen_form=form)
                    )
                messages.success(request, _("Preferences are open again."))
                return redirect("sl_courses:allocation", pk=self.course.pk)
            if action == "remove":
                rule = get_object_or_404(
                    AllocationRule, pk=request.POST.get("rule"), course=self.course
                )
                services.remove_allocation_rule(rule=rule, actor=request.user)
                messages.success(request, _("Rule removed."))
            elif action == "add":
                form = RuleForm(request.POST, course=self.course)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(rule_form=form)
                    )
                services.add_allocation_rule(
                    course=self.course,
                    enrolment=form.cleaned_data["enrolment"],
                    offer=form.cleaned_data["offer"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                )
                messages.success(request, _("Rule added; the preview is updated."))
        except (InvalidTransition, ValidationError) as exc:
            message = getattr(exc, "message", None) or " ".join(exc.messages)
            messages.error(request, message)
        return redirect("sl_courses:allocation", pk=self.course.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = selectors.allocation_problem(self.course)
        preview = services.preview_allocation(self.course, problem=problem)
        enrolments = problem.enrolments
        offers = problem.offer_objects
        context.update(
            course=self.course,
            preview=preview,
            conflicts=preview.get("conflicts", []),
            # Each student with their enrolment: its ranking (prefetched) and note.
            assignments=[
                (enrolments[a["student"]], offers[a["offer"]], a["rank"])
                for a in preview.get("assignments", [])
            ],
            unplaced=[
                (enrolments[u["student"]], REASON_LABELS[u["reason"]])
                for u in preview.get("unplaced", [])
            ],
            by_rank=sorted(
                preview.get("summary", {}).get("by_rank", {}).items(),
                key=lambda item: int(item[0]),
            ),
            offers=[(offers[o.id], o.places) for o in problem.offers],
            rules=problem.rules,
            rule_form=kwargs.get("rule_form") or RuleForm(course=self.course),
            confirm_early=kwargs.get("confirm_early"),
            preferences_open=self.course.preferences_open(),
            reopen_form=kwargs.get("reopen_form") or ReopenForm(),
            already_placed=self.course.placements.live().count(),
        )
        return context


# Courses: copy to next year, import enrolments ----------------------------------


class CopyCourseView(AdminPage):
    template_name = "placements/admin/confirm.html"
    page_title = gettext_lazy("Copy to the next academic year")
    header_icon = "copy"

    def dispatch(self, request, pk):
        self.course = scoped_object(request, Course, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.course,
            question=_(
                "Copy %(course)s, its reflection questions and its own offers (as "
                "drafts) to %(year)s?"
            )
            % {"course": self.course, "year": self.course.academic_year.next_label()},
            button=_("Copy the course"),
        )
        return context

    def post(self, request, pk):
        try:
            copy = services.copy_course_to_next_year(
                course=self.course, actor=request.user
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("sl_courses:index")
        messages.success(
            request, _("Copied to %(year)s.") % {"year": copy.academic_year}
        )
        return redirect("sl_courses:edit", copy.pk)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "Columns: student_number, first_name, last_name, email, programme."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_table_upload(upload)  # size, and the unpacked size of an XLSX
        return upload


class ImportEnrolmentsView(AdminPage):
    """Upload the course's student list: all rows or none, every bad row listed."""

    template_name = "placements/admin/import.html"
    page_title = gettext_lazy("Import enrolments")
    header_icon = "upload"

    def dispatch(self, request, pk):
        self.course = scoped_object(request, Course, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["course"] = self.course
        return context

    def post(self, request, pk):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_table(upload, upload.name)
                result = services.import_enrolments(
                    course=self.course, table=table, actor=request.user
                )
            except ImportFailed as failed:
                errors = failed.errors
            else:
                messages.success(
                    request,
                    _(
                        "%(rows)s rows imported: %(enrolled)s students enrolled "
                        "(%(created)s new accounts), %(already)s already enrolled."
                    )
                    % {
                        "rows": result.rows,
                        "enrolled": result.enrolled,
                        "created": result.created_students,
                        "already": result.already_enrolled,
                    },
                )
                return redirect(
                    reverse("sl_enrolments:index") + f"?course={self.course.pk}"
                )
        return self.render_to_response(self.get_context_data(form=form, errors=errors))


# Offers: publish and close -------------------------------------------------------


class OfferActionView(AdminPage):
    template_name = "placements/admin/confirm.html"
    header_icon = "doc-full"
    actions = {
        "publish": (gettext_lazy("Publish"), services.publish_offer),
        "close": (gettext_lazy("Close"), services.close_offer),
    }

    def dispatch(self, request, pk, action):
        if action not in self.actions:
            raise Http404
        self.action = action
        self.offer = scoped_object(request, Offer, pk)
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return self.actions[self.action][0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label = self.actions[self.action][0]
        context.update(
            object=self.offer,
            question=_("%(action)s “%(offer)s”?")
            % {"action": label, "offer": self.offer},
            button=label,
        )
        return context

    def post(self, request, pk, action):
        try:
            self.actions[action][1](offer=self.offer, actor=request.user)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Done: %(offer)s.") % {"offer": self.offer})
        return redirect("sl_offers:index")


# Placements: the coordinator's view and transitions ------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PlacementActionsMixin:
    """The inspect view of a placement also carries out its transitions."""

    def placement_actions(self):
        return {
            "confirm": (services.confirm_placement, _("Placement confirmed.")),
            "activate": (services.activate_placement, _("Placement started.")),
            "complete": (services.complete_placement, _("Placement completed.")),
        }

    def post(self, request, *args, **kwargs):
        placement = self.object
        policy = policy_registry.get_by_type(Placement)
        if not policy.user_has_permission_for_instance(
            request.user, "change", placement
        ):
            raise PermissionDenied
        action = request.POST.get("action", "")
        url = reverse("sl_placements:inspect", args=[placement.pk])
        try:
            if action in self.placement_actions():
                service, message = self.placement_actions()[action]
                service(placement=placement, actor=request.user)
                messages.success(request, message)
            elif action in ("cancel", "withdraw"):
                form = ReasonForm(request.POST, prefix=action)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(**{f"{action}_form": form})
                    )
                service = (
                    services.cancel_placement
                    if action == "cancel"
                    else services.withdraw_placement
                )
                service(
                    placement=placement,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(request, _("Placement ended."))
            elif action in ("check", "uncheck"):
                prerequisite = get_object_or_404(
                    Prerequisite, pk=request.POST.get("prerequisite")
                )
                if action == "check":
                    services.check_prerequisite(
                        placement=placement,
                        prerequisite=prerequisite,
                        actor=request.user,
                        note=request.POST.get("note", ""),
                    )
                else:
                    services.uncheck_prerequisite(
                        placement=placement,
                        prerequisite=prerequisite,
                        actor=request.user,
                    )
                messages.success(request, _("Prerequisite updated."))
            elif action in ("approve", "reject"):
                entry = get_object_or_404(
                    HourEntry, pk=request.POST.get("entry"), placement=placement
                )
                reason = request.POST.get("reason", "").strip()
                services.review_hours(
                    entry=entry,
                    approve=action == "approve",
                    reviewer_name=request.user.get_full_name(),
                    reason=reason,
                    actor=request.user,
                )
                messages.success(request, _("Hours reviewed."))
            else:
                raise Http404
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        return redirect(url)


def agreement_pdf_view(request, pk):
    """Coordinators read the (signed) agreement of a placement in their scope."""
    placement = scoped_object(request, Placement, pk, action="view")
    placement = selectors.placement_detail(placement.pk)
    return pdf_response(
        services.render_current_agreement(placement),
        agreement_filename(placement),
        inline=True,
    )


# Partner feedback, aggregated ---------------------------------------------------


class FeedbackView(AdminPage):
    """Students' evaluations per organisation, only as averages."""

    template_name = "placements/admin/feedback.html"
    page_title = gettext_lazy("Partner feedback")
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(Placement)
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        self.placements = policy.instances_user_has_any_permission_for(
            request.user, ["view"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.partner_feedback(self.placements)
        context["minimum"] = selectors.FEEDBACK_MIN_RESPONSES
        return context
