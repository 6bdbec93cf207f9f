"""Site views: thin. A form validates, a service acts, the view redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.accounts.signed_links import SignedLinkError, SignedLinkExpired
from engage.core.exceptions import InvalidTransition
from engage.core.http import client_ip
from engage.core.storage import private_file_response
from science_shop import selectors, services, texts
from science_shop.filters import OpenQuestionFilterSet
from science_shop.forms import (
    DeclineMatchForm,
    FeedbackForm,
    FollowLinkRequestForm,
    InterestForm,
    MessageForm,
    SubmissionForm,
    SupervisorForm,
)
from science_shop.links import (
    FollowLinkRevoked,
    follow_url,
    question_for_expired_token,
    question_for_token,
)
from science_shop.models import Feedback, Interest, Message, ResearchQuestion
from science_shop.permissions import (
    can_express_interest,
    can_follow_as_partner,
    can_supervise,
    is_participant,
)

SENT_SALT = "science_shop.sent"
PAGE_SIZE = 20


# -- The public submission (served by the Wagtail page) -------------------------------


def serve_submission_page(page, request):
    """GET shows the form (or the thank-you); POST checks and stores a question."""
    context = page.get_context(request)
    template = page.get_template(request)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_spam:
            # Tell a robot nothing: it looks like success, nothing is stored or sent.
            return HttpResponseRedirect(f"{page.get_url(request)}?sent=1")
        if form.is_valid():
            address = client_ip(request) or ""
            try:
                question, _created = services.submit_question(
                    submission=form.to_submission(),
                    attachment=form.attachment_file(),
                    submission_token=form.cleaned_data["submission_token"],
                    address=address,
                )
            except services.SubmissionBlocked as exc:
                form.add_error(None, exc.message)
                form.keep_valid_attachment(address=address)
                return TemplateResponse(
                    request, template, {**context, "form": form}, status=429
                )
            form.discard_stash()
            sent = signing.dumps(question.pk, salt=SENT_SALT)
            return HttpResponseRedirect(f"{page.get_url(request)}?sent={sent}")
        form.keep_valid_attachment(address=client_ip(request) or "")
        return TemplateResponse(request, template, {**context, "form": form})
    if "sent" in request.GET:
        question = None
        try:
            pk = signing.loads(request.GET["sent"], salt=SENT_SALT, max_age=3600)
            question = ResearchQuestion.objects.filter(pk=pk).first()
        except signing.BadSignature:
            pass
        return TemplateResponse(
            request, template, {**context, "sent": True, "question": question}
        )
    return TemplateResponse(request, template, {**context, "form": SubmissionForm()})


# -- Open questions for students ------------------------------------------------------


def open_questions(request):
    filterset = OpenQuestionFilterSet(
        request.GET or None, queryset=selectors.public_open_questions()
    )
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page_obj": page_obj,
        "questions": page_obj.object_list,
    }
    template = "science_shop/open_questions.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "science_shop/_open_question_results.html"
    return render(request, template, context)


def open_question_detail(request, pk):
    question = get_object_or_404(selectors.public_open_questions(), pk=pk)
    interest = None
    if request.user.is_authenticated:
        interest = Interest.objects.filter(
            question=question, student=request.user
        ).first()
    return render(
        request,
        "science_shop/open_question_detail.html",
        {
            "question": question,
            "interest": interest,
            "can_express_interest": can_express_interest(request.user),
            "form": InterestForm(),
        },
    )


@login_required
def express_interest(request, pk):
    question = get_object_or_404(ResearchQuestion, pk=pk)
    if not can_express_interest(request.user):
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.express_interest(
                question=question,
                student=request.user,
                motivation=form.cleaned_data["motivation"],
                actor=request.user,
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect("science_shop:open_questions")
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! The coordinator will read your motivation and let you "
                    "know."
                ),
            )
            return redirect("science_shop:open_question", pk=question.pk)
    if question.status != ResearchQuestion.Status.OPEN:
        raise Http404
    question = selectors.public_open_questions().get(pk=pk)
    return render(
        request,
        "science_shop/open_question_detail.html",
        {
            "question": question,
            "interest": None,
            "can_express_interest": True,
            "form": form,
        },
        status=200 if request.method == "GET" else 400,
    )


@login_required
@require_POST
def withdraw_interest(request, pk):
    interest = get_object_or_404(Interest, pk=pk, student=request.user)
    try:
        services.withdraw_interest(interest=interest, actor=request.user)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your interest is withdrawn."))
    return redirect("accounts:home")


# -- The submitter's view -------------------------------------------------------------


def _submitter_context(request, question, *, message_form=None, feedback_form=None):
    history = [
        {
            "at": change.created_at,
            "headline": texts.headline(change.to_status),
            "note": change.note,
        }
        for change in selectors.question_history(question)
    ]
    has_feedback = Feedback.objects.filter(question=question).exists()
    can_give_feedback = (
        question.status
        in (ResearchQuestion.Status.DELIVERED, ResearchQuestion.Status.PUBLISHED)
        and not has_feedback
    )
    can_message = question.status not in (
        ResearchQuestion.Status.CLOSED,
        ResearchQuestion.Status.DECLINED,
        ResearchQuestion.Status.REFERRED,
    )
    return {
        "question": question,
        "status_explanation": texts.explanation(question.status),
        "status_headline": texts.headline(question.status),
        "history": history,
        "messages_thread": selectors.question_messages(question),
        "message_form": message_form or MessageForm(),
        "can_message": can_message,
        "feedback_form": feedback_form or FeedbackForm(),
        "can_give_feedback": can_give_feedback,
        "has_feedback": has_feedback,
    }


def _handle_submitter_post(request, question, *, actor, success_url):
    """A message or the feedback, from the signed link or the partner portal."""
    message_form = feedback_form = None
    action = request.POST.get("action")
    if action == "message":
        message_form = MessageForm(request.POST)
        if message_form.is_valid():
            reply_to = None
            if message_form.cleaned_data.get("reply_to"):
                reply_to = Message.objects.filter(
                    pk=message_form.cleaned_data["reply_to"], question=question
                ).first()
            try:
                services.post_message(
                    question=question,
                    body=message_form.cleaned_data["body"],
                    from_submitter=True,
                    reply_to=reply_to,
                    actor=actor,
                )
            except InvalidTransition as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your message was sent."))
            return redirect(success_url)
    elif action == "feedback":
        feedback_form = FeedbackForm(request.POST)
        if feedback_form.is_valid():
            try:
                services.give_feedback(
                    question=question,
                    satisfaction=feedback_form.cleaned_data["satisfaction"],
                    use_of_results=feedback_form.cleaned_data["use_of_results"],
                    comments=feedback_form.cleaned_data["comments"],
                    actor=actor,
                )
            except InvalidTransition as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Thank you for your feedback!"))
                if actor is None:
                    # Closing rotates the follow key: the submitter who is here
                    # carries on with a freshly signed link; older ones are dead.
                    question.refresh_from_db(fields=["follow_key"])
                    return redirect(follow_url(question))
            return redirect(success_url)
    else:
        raise Http404
    context = _submitter_context(
        request, question, message_form=message_form, feedback_form=feedback_form
    )
    return context


def follow(request, token):
    try:
        question = question_for_token(token)
    except SignedLinkExpired as exc:
        return render(
            request,
            "science_shop/follow_expired.html",
            {"message": exc.message, "token": token, "form": FollowLinkRequestForm()},
            status=410,
        )
    except FollowLinkRevoked as exc:
        return render(
            request,
            "science_shop/follow_revoked.html",
            {"message": exc.message, "form": FollowLinkRequestForm()},
            status=410,
        )
    except SignedLinkError as exc:
        return render(
            request,
            "science_shop/follow_invalid.html",
            {"message": exc.message},
            status=404,
        )
    report_url = reverse("science_shop:follow_report", args=[token])
    if request.method == "POST":
        result = _handle_submitter_post(
            request, question, actor=None, success_url=request.path
        )
        if not isinstance(result, dict):
            return result
        context, status = result, 400
    else:
        context, status = _submitter_context(request, question), 200
    return render(
        request,
        "science_shop/follow.html",
        {**context, "report_url": report_url, "token": token},
        status=status,
    )


def _report_response(question):
    if not question.report or question.status not in (
        ResearchQuestion.Status.DELIVERED,
        ResearchQuestion.Status.PUBLISHED,
        ResearchQuestion.Status.CLOSED,
    ):
        raise Http404
    name = question.report.name.rsplit("/", 1)[-1]
    return private_file_response(question.report, filename=name)


def follow_report(request, token):
    try:
        question = question_for_token(token)
    except SignedLinkError:
        raise Http404 from None
    return _report_response(question)


@require_POST
def follow_resend(request, token):
    """An expired link: send a fresh one to the address on file (never another)."""
    try:
        question = question_for_expired_token(token)
    except SignedLinkError:
        raise Http404 from None
    if question is None:
        raise Http404
    try:
        services.send_follow_link(question=question, address=client_ip(request) or "")
    except services.SubmissionBlocked as exc:
        return render(
            request,
            "science_shop/follow_request.html",
            {"form": FollowLinkRequestForm(), "blocked": exc.message},
            status=429,
        )
    return render(request, "science_shop/follow_resent.html", {})


def follow_request(request):
    """The submitter asks for fresh follow links by typing their email address."""
    form = FollowLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_follow_links(
                email=form.cleaned_data["email"], address=client_ip(request) or ""
            )
        except services.SubmissionBlocked as exc:
            return render(
                request,
                "science_shop/follow_request.html",
                {"form": form, "blocked": exc.message},
                status=429,
            )
        return render(request, "science_shop/follow_resent.html", {"by_email": True})
    return render(
        request,
        "science_shop/follow_request.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def partner_question(request, pk):
    question = get_object_or_404(ResearchQuestion, pk=pk)
    if not can_follow_as_partner(request.user, question):
        raise Http404
    report_url = reverse("science_shop:partner_report", args=[pk])
    if request.method == "POST":
        result = _handle_submitter_post(
            request, question, actor=request.user, success_url=request.path
        )
        if not isinstance(result, dict):
            return result
        context, status = result, 400
    else:
        context, status = _submitter_context(request, question), 200
    return render(
        request,
        "science_shop/follow.html",
        {**context, "report_url": report_url, "portal": True},
        status=status,
    )


@login_required
def partner_report(request, pk):
    question = get_object_or_404(ResearchQuestion, pk=pk)
    if not can_follow_as_partner(request.user, question):
        raise Http404
    return _report_response(question)


# -- Students' and supervisors' projects ----------------------------------------------


@login_required
def project(request, pk):
    question = get_object_or_404(
        ResearchQuestion.objects.select_related("organisation", "supervisor"), pk=pk
    )
    if not is_participant(request.user, question):
        raise Http404
    decline_form = DeclineMatchForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                services.confirm_match(
                    question=question, user=request.user, actor=request.user
                )
                messages.success(request, _("Thank you: you confirmed the match."))
            elif action == "decline" and decline_form.is_valid():
                services.decline_match(
                    question=question,
                    user=request.user,
                    reason=decline_form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(
                    request, _("The coordinator is told you cannot take part.")
                )
                return redirect("accounts:home")
            else:
                raise Http404
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        return redirect("science_shop:project", pk=pk)
    my_match = question.student_matches.filter(student=request.user).first()
    awaiting_me = question.status == ResearchQuestion.Status.MATCHED and (
        (my_match is not None and my_match.confirmed_at is None)
        or (
            question.supervisor_id == request.user.pk
            and not question.supervisor_confirmed_at
        )
    )
    return render(
        request,
        "science_shop/project.html",
        {
            "question": question,
            "matches": selectors.question_matches(question),
            "milestones": selectors.question_milestones(question),
            "awaiting_me": awaiting_me,
            "decline_form": decline_form,
        },
    )


@login_required
def supervise(request):
    """Staff declare the disciplines they supervise in and adopt questions."""
    if not can_supervise(request.user):
        raise PermissionDenied
    profile = getattr(request.user, "science_shop_supervisor", None)
    form = SupervisorForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_supervision(
                user=request.user,
                disciplines=form.cleaned_data["disciplines"],
                faculty=form.cleaned_data["faculty"],
                is_available=form.cleaned_data["is_available"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your disciplines are saved."))
            return redirect("science_shop:supervise")
    return render(
        request,
        "science_shop/supervise.html",
        {
            "form": form,
            "questions": selectors.adoptable_questions(request.user),
            "supervised": [
                q
                for q in selectors.participant_questions(request.user)
                if q.supervisor_id == request.user.pk
            ],
        },
    )


@login_required
@require_POST
def adopt(request, pk):
    if not can_supervise(request.user):
        raise PermissionDenied
    question = get_object_or_404(ResearchQuestion, pk=pk)
    try:
        services.adopt_question(
            question=question, supervisor=request.user, actor=request.user
        )
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You adopted “%(title)s”. The coordinator will find students.")
            % {"title": question.display_title},
        )
    return redirect("science_shop:supervise")
