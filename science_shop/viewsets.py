"""The coordinators' admin: the pipeline board, the listing, the transitions as
actions (form views that call the services), referral packets and exports."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from engage.core.exceptions import InvalidTransition
from engage.core.pdf import pdf_response, render_pdf
from engage.core.storage import private_file_response
from science_shop import forms as ss_forms
from science_shop import packets, selectors, services, texts
from science_shop.filters import AdminQuestionFilterSet
from science_shop.models import (
    PUBLIC_NAMING_RULE,
    Discipline,
    Feedback,
    Message,
    ResearchQuestion,
    ScienceShop,
    Supervisor,
    intake_overdue_days,
)
from science_shop.workflow import ACTIONS_BY_NAME, actions_for

QUESTIONS = "science_shop_questions"


def question_policy():
    return policy_registry.get_by_type(ResearchQuestion)


def _check(user, action, question):
    if not question_policy().user_has_permission_for_instance(user, action, question):
        raise PermissionDenied


class ScopedObjectMixin:
    """Every view of one question asks the policy about that row."""

    object_action = "view"

    def get_object(self, queryset=None):
        question = super().get_object(queryset)
        _check(self.request.user, self.object_action, question)
        return question


# -- Listing --------------------------------------------------------------------------


class DaysInStatusColumn(Column):
    cell_template_name = "science_shop/admin/days_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_intake_overdue
        return context


class QuestionIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        # The policy's row rule (question_scope), with what each row shows.
        return selectors.admin_questions(self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if question_policy().user_has_permission(self.request.user, "change"):
            buttons.append(
                HeaderButton(
                    gettext_lazy("Import a referral"),
                    url=reverse(f"{QUESTIONS}:import"),
                    icon_name="upload",
                )
            )
        buttons.append(
            HeaderButton(
                gettext_lazy("Pipeline board"),
                url=reverse("science_shop_board:index"),
                icon_name="table",
            )
        )
        return buttons


class QuestionInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "science_shop/admin/inspect.html"

    def get_object(self, queryset=None):
        try:
            question = selectors.question_detail(self.pk)
        except ResearchQuestion.DoesNotExist:
            raise Http404 from None
        _check(self.request.user, "view", question)
        return question

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        user = self.request.user
        can_manage = question_policy().user_has_permission_for_instance(
            user, "change", question
        )
        context.update(
            {
                "question": question,
                "naming_rule": PUBLIC_NAMING_RULE,
                "can_manage": can_manage,
                "actions": [
                    {
                        "label": action.label,
                        "primary": action.primary,
                        "url": reverse(
                            f"{QUESTIONS}:action", args=[question.pk, action.name]
                        ),
                    }
                    for action in actions_for(question)
                ]
                if can_manage
                else [],
                "history": selectors.question_history(question),
                "messages_thread": selectors.question_messages(question),
                "interests": selectors.question_interests(question),
                "matches": selectors.question_matches(question),
                "milestones": selectors.question_milestones(question),
                "feedback": Feedback.objects.filter(question=question).first(),
                "message_form": ss_forms.AdminMessageForm(),
                "headline": texts.headline(question.status),
                "packet_urls": {
                    "json": reverse(f"{QUESTIONS}:packet_json", args=[question.pk]),
                    "pdf": reverse(f"{QUESTIONS}:packet_pdf", args=[question.pk]),
                }
                if can_manage and question.referred_to_id
                else None,
                "attachment_url": reverse(f"{QUESTIONS}:attachment", args=[question.pk])
                if question.attachment
                else None,
                "report_url": reverse(f"{QUESTIONS}:report", args=[question.pk])
                if question.report
                else None,
            }
        )
        return context


class QuestionEditView(ScopedObjectMixin, generic.EditView):
    object_action = "change"

    def save_instance(self):
        changes = {
            name: self.form.cleaned_data[name]
            for name in self.form.changed_data
            if name in services.EDITABLE_FIELDS
        }
        return services.update_question(
            question=self.object, changes=changes, actor=self.request.user
        )


class QuestionDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_action = "delete"


class QuestionHistoryView(generic.history.HistoryView):
    def get_object(self):
        question = super().get_object()
        _check(self.request.user, "view", question)
        return question


# -- Transitions as admin actions -----------------------------------------------------


class QuestionActionView(WagtailAdminTemplateMixin, FormView):
    """One transition: a form, the service, back to the question with a message."""

    template_name = "science_shop/admin/action.html"
    header_icon = "help"
    form_class = ss_forms.ConfirmForm
    action_name = ""
    success_message = gettext_lazy("Done.")
    submit_label = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            ResearchQuestion.objects.select_related("organisation", "contact"),
            pk=kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        _check(request.user, "change", self.object)
        return super().dispatch(request, *args, **kwargs)

    @property
    def action(self):
        return ACTIONS_BY_NAME.get(self.action_name)

    def get_page_title(self):
        return str(self.action.label) if self.action else _("Message")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{QUESTIONS}:index"),
                "label": ResearchQuestion._meta.verbose_name_plural.capitalize(),
            },
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def inspect_url(self):
        return reverse(f"{QUESTIONS}:inspect", args=[quote(self.object.pk)])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            {
                "question": self.object,
                "action_url": self.request.path,
                "media": form.media,
                "submit_button_label": self.submit_label or self.get_page_title(),
                "submit_button_active_label": _("Saving…"),
                "cancel_url": self.inspect_url,
            }
        )
        return context

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success_message))
        return redirect(self.inspect_url)

    def form_invalid(self, form):
        messages.validation_error(
            self.request, _("The action could not be done. See below."), form
        )
        return super().form_invalid(form)


class StartIntakeView(QuestionActionView):
    action_name = "start_intake"
    success_message = gettext_lazy("The question is in intake.")

    def perform(self, form):
        services.start_intake(question=self.object, actor=self.request.user)


class IntakeNotesView(QuestionActionView):
    action_name = "intake_notes"
    form_class = ss_forms.IntakeNotesForm
    success_message = gettext_lazy("The intake notes are saved.")
    submit_label = gettext_lazy("Save")

    def get_initial(self):
        return {
            "intake_notes": self.object.intake_notes,
            "intake_date": self.object.intake_date,
        }

    def perform(self, form):
        services.record_intake(
            question=self.object,
            notes=form.cleaned_data["intake_notes"],
            intake_date=form.cleaned_data["intake_date"],
            actor=self.request.user,
        )


class AcceptView(IntakeNotesView):
    action_name = "accept"
    form_class = ss_forms.AcceptForm
    success_message = gettext_lazy("The question is accepted; the submitter is told.")
    submit_label = None

    def perform(self, form):
        services.accept_question(
            question=self.object,
            notes=form.cleaned_data["intake_notes"],
            intake_date=form.cleaned_data["intake_date"],
            actor=self.request.user,
        )


class DeclineView(QuestionActionView):
    action_name = "decline"
    form_class = ss_forms.DeclineForm
    success_message = gettext_lazy("The question is declined; the submitter is told.")

    def perform(self, form):
        services.decline_question(
            question=self.object,
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )


class ReferView(QuestionActionView):
    action_name = "refer"
    form_class = ss_forms.ReferForm
    success_message = gettext_lazy(
        "The question is referred; the submitter is told. Download the referral "
        "packet below and send it to the other shop."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "question": self.object}

    def perform(self, form):
        services.refer_question(
            question=self.object,
            shop=form.cleaned_data["shop"],
            note=form.cleaned_data["note"],
            actor=self.request.user,
        )


class ArticulateView(QuestionActionView):
    action_name = "articulate"
    form_class = ss_forms.ArticulateForm
    success_message = gettext_lazy("The research question is articulated.")

    def get_initial(self):
        question = self.object
        return {
            "articulated_title": question.articulated_title or question.title,
            "articulated_question": question.articulated_question or question.question,
            "disciplines": list(question.preferred_disciplines.all()),
        }

    def perform(self, form):
        data = form.cleaned_data
        services.articulate_question(
            question=self.object,
            articulated_title=data["articulated_title"],
            articulated_question=data["articulated_question"],
            disciplines=data["disciplines"],
            faculty=data["faculty"],
            form=data["form"],
            academic_year=data["academic_year"],
            confidentiality=data["confidentiality"],
            sdgs=data["sdgs"],
            target_groups=data["target_groups"],
            languages=data["languages"],
            actor=self.request.user,
        )


class OpenView(QuestionActionView):
    action_name = "open"
    success_message = gettext_lazy("The question is open for students.")

    def perform(self, form):
        services.open_for_students(question=self.object, actor=self.request.user)


class ProposeMatchView(QuestionActionView):
    action_name = "propose_match"
    form_class = ss_forms.ProposeMatchForm
    success_message = gettext_lazy(
        "The students and the supervisor are asked to confirm."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "question": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["interests"] = selectors.question_interests(self.object)
        return context

    def perform(self, form):
        services.propose_match(
            question=self.object,
            students=form.cleaned_data["students"],
            supervisor=form.cleaned_data["supervisor"],
            actor=self.request.user,
        )


class ReopenView(QuestionActionView):
    action_name = "reopen"
    form_class = ss_forms.ReopenForm
    success_message = gettext_lazy("The question is open for students again.")

    def perform(self, form):
        services.reopen_for_students(
            question=self.object,
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )


class StartView(QuestionActionView):
    action_name = "start"
    form_class = ss_forms.StartForm
    success_message = gettext_lazy("The research has started.")

    def perform(self, form):
        services.start_project(
            question=self.object,
            kickoff=form.cleaned_data["kickoff"],
            interim=form.cleaned_data["interim"],
            final=form.cleaned_data["final"],
            actor=self.request.user,
        )


class DeliverView(QuestionActionView):
    action_name = "deliver"
    form_class = ss_forms.DeliverForm
    success_message = gettext_lazy("The report is delivered; the submitter is told.")

    def perform(self, form):
        services.deliver_report(
            question=self.object,
            report=form.cleaned_data["report"],
            thesis_url=form.cleaned_data["thesis_url"],
            actor=self.request.user,
        )


class PublishView(QuestionActionView):
    action_name = "publish"
    form_class = ss_forms.PublishForm
    success_message = gettext_lazy("The lay summary is on the public results page.")

    def get_initial(self):
        return {
            "lay_summary_en": self.object.lay_summary_en,
            "lay_summary_nl": self.object.lay_summary_nl,
            "thesis_url": self.object.thesis_url,
        }

    def perform(self, form):
        services.publish_results(
            question=self.object,
            lay_summary_en=form.cleaned_data["lay_summary_en"],
            lay_summary_nl=form.cleaned_data["lay_summary_nl"],
            thesis_url=form.cleaned_data["thesis_url"],
            actor=self.request.user,
        )


class CloseView(QuestionActionView):
    action_name = "close"
    success_message = gettext_lazy("The question is closed.")

    def perform(self, form):
        services.close_question(question=self.object, actor=self.request.user)


class ConfirmOrganisationView(QuestionActionView):
    action_name = "confirm_organisation"
    form_class = ss_forms.ConfirmOrganisationForm
    success_message = gettext_lazy("The organisation is confirmed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "question": self.object}

    def perform(self, form):
        services.confirm_organisation(
            question=self.object,
            organisation=form.organisation(),
            actor=self.request.user,
        )


class RevokeLinksView(QuestionActionView):
    action_name = "revoke_links"
    success_message = gettext_lazy(
        "Every follow link sent so far is revoked. The submitter can ask for a new "
        "one with their email address; the next email carries one too."
    )

    def perform(self, form):
        services.revoke_follow_links(question=self.object, actor=self.request.user)


class MessageView(QuestionActionView):
    form_class = ss_forms.AdminMessageForm
    success_message = gettext_lazy("Your message was emailed to the submitter.")
    submit_label = gettext_lazy("Send message")

    def get_page_title(self):
        return _("Message to the submitter")

    def get_initial(self):
        return {"reply_to": self.request.GET.get("reply_to") or None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["thread"] = selectors.question_messages(self.object)
        return context

    def perform(self, form):
        reply_to = None
        if form.cleaned_data.get("reply_to"):
            reply_to = Message.objects.filter(
                pk=form.cleaned_data["reply_to"], question=self.object
            ).first()
        services.post_message(
            question=self.object,
            body=form.cleaned_data["body"],
            from_submitter=False,
            reply_to=reply_to,
            actor=self.request.user,
        )


ACTION_VIEWS = {
    view.action_name: view
    for view in (
        StartIntakeView,
        IntakeNotesView,
        AcceptView,
        DeclineView,
        ReferView,
        ArticulateView,
        OpenView,
        ProposeMatchView,
        ReopenView,
        StartView,
        DeliverView,
        PublishView,
        CloseView,
        RevokeLinksView,
        ConfirmOrganisationView,
    )
}


def question_action(request, pk, action):
    view_class = ACTION_VIEWS.get(action)
    if view_class is None:
        raise Http404
    return view_class.as_view()(request, pk=pk)


# -- Files, packets, import -----------------------------------------------------------


def _question_for(request, pk, action="view"):
    question = get_object_or_404(
        ResearchQuestion.objects.select_related(
            "organisation", "contact", "referred_to", "referred_from"
        ),
        pk=pk,
    )
    _check(request.user, action, question)
    return question


def attachment_download(request, pk):
    question = _question_for(request, pk)
    if not question.attachment:
        raise Http404
    name = question.attachment.name.rsplit("/", 1)[-1]
    return private_file_response(question.attachment, filename=name)


def report_download(request, pk):
    question = _question_for(request, pk)
    if not question.report:
        raise Http404
    name = question.report.name.rsplit("/", 1)[-1]
    return private_file_response(question.report, filename=name)


def _packet_filename(question, extension):
    return f"referral-{slugify(question.reference or question.pk)}.{extension}"


def packet_json(request, pk):
    question = _question_for(request, pk, "change")
    if not question.referred_to_id:
        raise Http404
    response = HttpResponse(
        packets.dumps(packets.build_packet(question)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_packet_filename(question, "json")}"'
    )
    return response


def packet_pdf(request, pk):
    question = _question_for(request, pk, "change")
    if not question.referred_to_id:
        raise Http404
    content = render_pdf(
        "science_shop/pdf/referral_packet.html",
        {
            "question": question,
            "packet": packets.build_packet(question),
            "disciplines": list(question.preferred_disciplines.all()),
        },
        language="nl",
    )
    return pdf_response(content, _packet_filename(question, "pdf"))


class ImportPacketView(WagtailAdminTemplateMixin, FormView):
    """A question another shop referred to us: upload its JSON packet."""

    template_name = "science_shop/admin/import.html"
    form_class = ss_forms.ImportPacketForm
    page_title = gettext_lazy("Import a referral")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{QUESTIONS}:index"),
                "label": ResearchQuestion._meta.verbose_name_plural.capitalize(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        if not question_policy().user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "form_is_multipart": True,
                "submit_button_label": _("Import"),
                "submit_button_active_label": _("Importing…"),
                "packet_errors": getattr(self, "packet_errors", None),
            }
        )
        return context

    def form_valid(self, form):
        try:
            question = services.import_referral_packet(
                raw=form.cleaned_data["packet"], actor=self.request.user
            )
        except packets.PacketInvalid as exc:
            self.packet_errors = exc.errors
            form.add_error(
                "packet",
                _("Nothing was imported: the packet has %(count)s problem(s).")
                % {"count": len(exc.errors)},
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Imported %(reference)s from %(shop)s.")
            % {"reference": question.reference, "shop": question.referred_from},
        )
        return redirect(f"{QUESTIONS}:inspect", question.pk)


class ResearchQuestionViewSet(ModelViewSet):
    model = ResearchQuestion
    add_to_reference_index = False  # nothing links to questions from pages
    icon = "help"
    menu_label = gettext_lazy("Research questions")
    menu_order = 20
    index_view_class = QuestionIndexView
    inspect_view_class = QuestionInspectView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    history_view_class = QuestionHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = AdminQuestionFilterSet
    search_backend_name = None
    search_fields = ["reference", "title", "articulated_title", "organisation__name"]
    list_per_page = 50
    list_display = [
        TitleColumn(
            "reference",
            label=gettext_lazy("Reference"),
            url_name=f"{QUESTIONS}:inspect",
            sort_key="reference",
        ),
        Column("display_title", label=gettext_lazy("Question")),
        Column("organisation", label=gettext_lazy("Organisation")),
        StatusTagColumn(
            "get_status_display", label=gettext_lazy("State"), sort_key="status"
        ),
        DaysInStatusColumn(
            "days_in_status",
            label=gettext_lazy("Days in state"),
            sort_key="status_changed_at",
        ),
        Column("faculty", label=gettext_lazy("Faculty")),
        Column("get_form_display", label=gettext_lazy("Form")),
        Column("academic_year", label=gettext_lazy("Year")),
    ]
    list_export = [
        "reference",
        "title",
        "articulated_title",
        "organisation",
        "organisation.get_legal_form_display",
        "get_status_display",
        "created_at",
        "status_changed_at",
        "faculty",
        "get_form_display",
        "academic_year",
        "disciplines_display",
        "referred_to",
        "referred_from",
        "coordinator",
        "supervisor",
        "published_at",
    ]
    export_headings = {
        "reference": gettext_lazy("Reference"),
        "title": gettext_lazy("Title"),
        "articulated_title": gettext_lazy("Research question title"),
        "organisation": gettext_lazy("Organisation"),
        "organisation.get_legal_form_display": gettext_lazy("Organisation type"),
        "get_status_display": gettext_lazy("State"),
        "created_at": gettext_lazy("Received"),
        "status_changed_at": gettext_lazy("In this state since"),
        "faculty": gettext_lazy("Faculty"),
        "get_form_display": gettext_lazy("Form"),
        "academic_year": gettext_lazy("Academic year"),
        "disciplines_display": gettext_lazy("Disciplines"),
        "referred_to": gettext_lazy("Referred to"),
        "referred_from": gettext_lazy("Referred from"),
        "coordinator": gettext_lazy("Coordinator"),
        "supervisor": gettext_lazy("Supervisor"),
        "published_at": gettext_lazy("Published"),
    }
    export_filename = "research-questions"
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("question"),
                FieldPanel("background"),
                FieldPanel("intended_use"),
                FieldPanel("desired_timing"),
                FieldPanel("preferred_disciplines"),
            ],
            heading=gettext_lazy("In the submitter's words"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("coordinator"),
                FieldPanel("intake_notes"),
                FieldPanel("intake_date"),
            ],
            heading=gettext_lazy("Intake"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("articulated_title"),
                FieldPanel("articulated_question"),
                FieldPanel("disciplines"),
                FieldRowPanel([FieldPanel("faculty"), FieldPanel("form")]),
                FieldRowPanel(
                    [FieldPanel("academic_year"), FieldPanel("confidentiality")]
                ),
                FieldPanel("sdgs"),
                FieldPanel("target_groups"),
                FieldPanel("languages"),
            ],
            heading=gettext_lazy("Articulation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lay_summary_en"),
                FieldPanel("lay_summary_nl"),
                FieldPanel("thesis_url"),
            ],
            heading=gettext_lazy("Publication"),
        ),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", ImportPacketView.as_view(), name="import"),
            path("<int:pk>/action/<slug:action>/", question_action, name="action"),
            path("<int:pk>/message/", MessageView.as_view(), name="message"),
            path("<int:pk>/attachment/", attachment_download, name="attachment"),
            path("<int:pk>/report/", report_download, name="report"),
            path("<int:pk>/referral.json", packet_json, name="packet_json"),
            path("<int:pk>/referral.pdf", packet_pdf, name="packet_pdf"),
        ]


# -- The pipeline board ---------------------------------------------------------------


class PipelineBoardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "science_shop/admin/board.html"
    page_title = gettext_lazy("Science Shop pipeline")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not question_policy().user_has_any_permission(
            request.user, ["view", "change"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = selectors.pipeline_board(self.request.user)
        index = reverse(f"{QUESTIONS}:index")
        for column in board["columns"]:
            column["url"] = f"{index}?status={column['status']}"
        context.update(
            {
                "board": board,
                "overdue_days": intake_overdue_days(),
                "index_url": index,
            }
        )
        return context


class PipelineBoardViewSet(ViewSet):
    icon = "table"
    menu_label = gettext_lazy("Pipeline board")
    menu_order = 10

    def get_urlpatterns(self):
        return [path("", PipelineBoardView.as_view(), name="index")]

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class BoardMenuItem(MenuItem):
            def is_shown(self, request):
                return question_policy().user_has_any_permission(
                    request.user, ["view", "change"]
                )

        return BoardMenuItem


# -- Reference data: supervisors, disciplines, the network ----------------------------


class SupervisorViewSet(ModelViewSet):
    model = Supervisor
    icon = "user"
    menu_label = gettext_lazy("Supervisors")
    menu_order = 30
    search_backend_name = None
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_filter = ["faculty", "is_available", "disciplines"]
    list_display = [
        "user",
        "faculty",
        BooleanColumn("is_available", label=gettext_lazy("Available")),
    ]
    copy_view_enabled = False
    panels = [
        FieldPanel("user"),
        FieldPanel("faculty"),
        FieldPanel("disciplines", widget=ss_forms.forms.CheckboxSelectMultiple),
        FieldPanel("is_available"),
    ]

    def get_queryset(self, request):
        return Supervisor.objects.select_related("user", "faculty")


class DisciplineViewSet(ModelViewSet):
    model = Discipline
    icon = "tag"
    menu_label = gettext_lazy("Disciplines")
    menu_order = 40
    search_backend_name = None
    search_fields = ["code", "name_en", "name_nl"]
    list_filter = ["faculty", "is_active"]
    list_display = ["name_en", "name_nl", "code", "faculty"]
    copy_view_enabled = False
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldPanel("faculty"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]

    def get_queryset(self, request):
        return Discipline.objects.select_related("faculty")


class ScienceShopViewSet(ModelViewSet):
    model = ScienceShop
    icon = "site"
    menu_label = gettext_lazy("Science Shop network")
    menu_order = 50
    list_display = ["name_en", "university", "code", "email"]
    copy_view_enabled = False
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("name_nl")]),
        FieldPanel("university"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
        FieldRowPanel([FieldPanel("is_home"), FieldPanel("sort_order")]),
    ]


class ScienceShopGroup(ViewSetGroup):
    menu_label = gettext_lazy("Science Shop")
    menu_icon = "help"
    menu_order = 400
    items = (
        PipelineBoardViewSet("science_shop_board"),
        ResearchQuestionViewSet(QUESTIONS),
        SupervisorViewSet("science_shop_supervisors"),
        DisciplineViewSet("science_shop_disciplines"),
        ScienceShopViewSet("science_shop_network"),
    )
