"""Site views: students, lecturers, partner contacts and mentors with a signed link.

Thin: a form validates, a service acts, the view redirects with a message. Every
object is looked up through the permission predicates: what is not yours is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.accounts.scoping import is_lecturer
from engage.accounts.signed_links import SignedLinkError
from engage.core.exceptions import InvalidTransition
from engage.core.http import client_ip
from engage.core.pdf import pdf_response
from placements import selectors, services
from placements.agreement import agreement_filename
from placements.forms import (
    DeclineForm,
    HoursForm,
    MentorEvaluationForm,
    PreferenceForm,
    PromptsForm,
    ReasonForm,
    ReflectionForm,
    SignForm,
    StudentEvaluationForm,
)
from placements.links import read_mentor_token
from placements.models import Course, Enrolment, HourEntry, Placement, Preference
from placements.permissions import (
    can_act_as_partner,
    can_manage_course,
    can_read_reflections,
    can_view_course,
    can_view_placement,
    partner_organisation_ids,
    teaches,
)


def _placement_or_404(pk):
    try:
        return selectors.placement_detail(pk)
    except Placement.DoesNotExist:
        raise Http404 from None


def _hours_summary(placement):
    entries = list(placement.hour_entries.all())
    approved = sum(
        (e.hours for e in entries if e.status == HourEntry.Status.APPROVED), 0
    )
    pending = sum((e.hours for e in entries if e.status == HourEntry.Status.PENDING), 0)
    expected = placement.course.expected_hours
    return {
        "entries": entries,
        "approved": approved,
        "pending": pending,
        "expected": expected,
        "percent": min(int(100 * approved / expected), 100) if expected else 0,
    }


# Students ---------------------------------------------------------------------


@login_required
def my_service_learning(request):
    """My service-learning: my courses, my ranking, my placement."""
    enrolments = list(selectors.student_enrolments(request.user))
    return render(request, "placements/student/home.html", {"enrolments": enrolments})


@login_required
def preferences(request, pk):
    """Rank the offers of one of my courses."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course__academic_year").prefetch_related(
            "languages",
            Prefetch("preferences", queryset=Preference.objects.order_by("rank")),
        ),
        course_id=pk,
        student=request.user,
    )
    course = enrolment.course
    offers = selectors.offers_for_course(course)
    placement = (
        Placement.objects.live()
        .filter(enrolment=enrolment)
        .select_related("offer__organisation")
        .first()
    )
    # A placed student sees their placement, never a ranking form.
    is_open = course.preferences_open() and placement is None
    initial = {
        f"choice_{p.rank}": p.offer_id
        for p in enrolment.preferences.all()
        if p.rank <= course.max_preferences
    }
    initial["languages"] = [lang.pk for lang in enrolment.languages.all()]
    initial["note"] = enrolment.note
    form = PreferenceForm(
        request.POST if request.method == "POST" and is_open else None,
        course=course,
        offers=offers,
        initial=initial,
    )
    if request.method == "POST" and is_open and form.is_valid():
        try:
            services.save_preferences(
                enrolment=enrolment,
                offers=form.ranked_offers(),
                languages=form.cleaned_data["languages"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("placements:my")
    return render(
        request,
        "placements/student/preferences.html",
        {
            "enrolment": enrolment,
            "course": course,
            "offers": offers,
            "form": form,
            "is_open": is_open,
            "placement": placement,
        },
    )


def _student_placement(request, pk):
    placement = _placement_or_404(pk)
    if placement.student_id != request.user.pk:
        raise Http404
    return placement


def _student_context(request, placement, **forms):
    prompts = list(placement.course.reflection_prompts.all())
    answers = {r.prompt_id: r.answer for r in placement.reflections.all()}
    context = {
        "placement": placement,
        "offer": placement.offer,
        "hours": _hours_summary(placement),
        "prompts": prompts,
        "answered": len(answers),
        "hours_form": HoursForm(),
        "withdraw_form": ReasonForm(),
        "sign_form": SignForm(initial={"full_name": request.user.get_full_name()}),
        "reflection_form": ReflectionForm(prompts=prompts, answers=answers),
        "evaluation_form": StudentEvaluationForm(),
        "can_log_hours": placement.status in services.HOURS_OPEN_STATUSES,
        "show_hours": placement.status in services.REFLECTION_STATUSES,
        "can_reflect": placement.status in services.REFLECTION_STATUSES and prompts,
        "can_evaluate": placement.status == Placement.Status.COMPLETED
        and not hasattr(placement, "student_evaluation"),
    }
    context.update(forms)
    return context


@login_required
def placement(request, pk):
    """My placement: the offer, the agreement, hours and reflections."""
    placement = _student_placement(request, pk)
    return render(
        request,
        "placements/student/placement.html",
        _student_context(request, placement),
    )


def _back(placement):
    return redirect("placements:placement", pk=placement.pk)


@login_required
@require_POST
def accept(request, pk):
    placement = _student_placement(request, pk)
    try:
        services.accept_placement(
            placement=placement, party="student", actor=request.user
        )
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You accepted this placement."))
    return _back(placement)


def _student_form_action(request, pk, form_class, form_name, perform, success):
    """A student's form on their placement page: valid -> `perform(placement, data)`;
    a refused transition is a message, a bad form shows again with its errors."""
    placement = _student_placement(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(placement, form.cleaned_data)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
            return _back(placement)
    return render(
        request,
        "placements/student/placement.html",
        _student_context(request, placement, **{form_name: form}),
        status=400,
    )


@login_required
@require_POST
def withdraw(request, pk):
    return _student_form_action(
        request,
        pk,
        ReasonForm,
        "withdraw_form",
        lambda placement, data: services.withdraw_placement(
            placement=placement, reason=data["reason"], actor=request.user
        ),
        _("You withdrew from this placement."),
    )


@login_required
@require_POST
def sign(request, pk):
    return _student_form_action(
        request,
        pk,
        SignForm,
        "sign_form",
        lambda placement, data: services.sign_agreement(
            placement=placement,
            party="student",
            name=data["full_name"],
            ip=client_ip(request),
            actor=request.user,
        ),
        _("You signed the agreement."),
    )


@login_required
@require_POST
def log_hours(request, pk):
    placement = _student_placement(request, pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.log_hours(
                placement=placement,
                date=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                activity=form.cleaned_data["activity"],
                actor=request.user,
            )
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your hours are logged; your mentor will approve them.")
            )
            return _back(placement)
    return render(
        request,
        "placements/student/placement.html",
        _student_context(request, placement, hours_form=form),
        status=400,
    )


@login_required
def reflections(request, pk):
    placement = _student_placement(request, pk)
    prompts = list(placement.course.reflection_prompts.all())
    answers = {r.prompt_id: r.answer for r in placement.reflections.all()}
    form = ReflectionForm(request.POST or None, prompts=prompts, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reflections(
                placement=placement, answers=form.answers(), actor=request.user
            )
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your reflections are saved."))
            return _back(placement)
    return render(
        request,
        "placements/student/reflections.html",
        {"placement": placement, "form": form},
    )


@login_required
@require_POST
def student_evaluation(request, pk):
    placement = _student_placement(request, pk)
    form = StudentEvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.submit_student_evaluation(
                placement=placement,
                ratings=form.ratings(),
                would_recommend=form.cleaned_data["would_recommend"],
                comments=form.cleaned_data["comments"],
                actor=request.user,
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return _back(placement)
    return render(
        request,
        "placements/student/placement.html",
        _student_context(request, placement, evaluation_form=form),
        status=400,
    )


@login_required
def agreement_pdf(request, pk):
    """The agreement (signed and stored, else a draft) for anyone who may see it."""
    placement = _placement_or_404(pk)
    if not can_view_placement(request.user, placement):
        raise Http404
    return pdf_response(
        services.render_current_agreement(placement),
        agreement_filename(placement),
        inline=True,
    )


# Lecturers --------------------------------------------------------------------


@login_required
def lecturer_courses(request):
    """My courses: the service-learning courses I teach."""
    courses = list(selectors.lecturer_courses(request.user))
    if not courses and not is_lecturer(request.user):
        raise Http404
    return render(request, "placements/lecturer/courses.html", {"courses": courses})


def _course_for_lecturer(request, pk):
    course = get_object_or_404(
        Course.objects.select_related("academic_year", "faculty"), pk=pk
    )
    if not can_view_course(request.user, course):
        raise Http404
    return course


@login_required
def lecturer_course(request, pk):
    """Students of my course: placements, statuses, hours and reflections."""
    course = _course_for_lecturer(request, pk)
    enrolments = list(selectors.course_students(course))
    return render(
        request,
        "placements/lecturer/course.html",
        {
            "course": course,
            "enrolments": enrolments,
            "prompts": list(course.reflection_prompts.all()),
        },
    )


@login_required
def lecturer_prompts(request, pk):
    course = _course_for_lecturer(request, pk)
    if not (teaches(request.user, course) or can_manage_course(request.user, course)):
        raise Http404
    prompts = list(course.reflection_prompts.all())
    form = PromptsForm(
        request.POST or None,
        initial={"questions": "\n".join(p.question for p in prompts)},
    )
    if request.method == "POST" and form.is_valid():
        services.set_reflection_prompts(
            course=course, questions=form.question_list(), actor=request.user
        )
        messages.success(request, _("The reflection questions are saved."))
        return redirect("placements:lecturer_course", pk=course.pk)
    return render(
        request, "placements/lecturer/prompts.html", {"course": course, "form": form}
    )


@login_required
def lecturer_placement(request, pk):
    """One student's placement as their lecturer sees it (hours, reflections)."""
    placement = _placement_or_404(pk)
    if not can_read_reflections(request.user, placement) or (
        placement.student_id == request.user.pk
    ):
        raise Http404
    answers = {r.prompt_id: r for r in placement.reflections.all()}
    return render(
        request,
        "placements/lecturer/placement.html",
        {
            "placement": placement,
            "hours": _hours_summary(placement),
            "reflections": [
                (prompt, answers.get(prompt.pk))
                for prompt in placement.course.reflection_prompts.all()
            ],
        },
    )


# Partners: portal accounts and mentors with a signed link ----------------------


@login_required
def partner_home(request):
    """Offers hosted, students placed, hours to approve, agreements, evaluations."""
    if not partner_organisation_ids(request.user):
        raise Http404
    placements = list(selectors.partner_placements(request.user))
    return render(
        request,
        "placements/partner/home.html",
        {
            "offers": list(selectors.partner_offers(request.user)),
            "placements": placements,
            "hours": list(selectors.partner_hours_to_approve(request.user)),
            "to_accept": [
                p
                for p in placements
                if p.status == Placement.Status.PROPOSED and not p.partner_accepted_at
            ],
            "to_sign": [
                p
                for p in placements
                if p.status == Placement.Status.CONFIRMED and not p.mentor_has_signed
            ],
            "to_evaluate": [
                p for p in placements if p.status == Placement.Status.COMPLETED
            ],
        },
    )


def _partner_page(request, placement, *, actor, signer, action_url, pdf_url):
    """Show the placement to its partner and carry out what they ask."""
    forms = {
        "sign_form": SignForm(initial={"full_name": signer}),
        "decline_form": DeclineForm(),
        "evaluation_form": MentorEvaluationForm(initial={"evaluator_name": signer}),
        "reject_errors": {},
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _partner_action(request, placement, action, actor, signer, forms)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect(action_url)
        if done and action == "decline":
            # The proposal has ended (a mentor's link stops working): say so here.
            return render(
                request,
                "placements/partner/declined.html",
                {"placement": placement, "message": done},
            )
        if done:
            messages.success(request, done)
            return redirect(action_url)
    hours = _hours_summary(placement)
    return render(
        request,
        "placements/partner/placement.html",
        {
            "placement": placement,
            "offer": placement.offer,
            "hours": hours,
            "pending": [
                e for e in hours["entries"] if e.status == HourEntry.Status.PENDING
            ],
            "action_url": action_url,
            "pdf_url": pdf_url,
            "has_mentor_evaluation": hasattr(placement, "mentor_evaluation"),
            "show_hours": bool(hours["entries"])
            or placement.status in services.REFLECTION_STATUSES,
            **forms,
        },
        status=400 if request.method == "POST" else 200,
    )


def _partner_action(request, placement, action, actor, signer, forms):
    """Carry out one partner action; a message when done, None when a form failed."""
    if action == "accept":
        services.accept_placement(placement=placement, party="partner", actor=actor)
        return _("You accepted this student.")
    if action == "decline":
        form = forms["decline_form"] = DeclineForm(request.POST)
        if form.is_valid():
            services.decline_placement(
                placement=placement, reason=form.cleaned_data["reason"], actor=actor
            )
            return _(
                "You declined this student. We let the student and the Engage "
                "office know."
            )
        return None
    if action == "sign":
        form = forms["sign_form"] = SignForm(request.POST)
        if form.is_valid():
            services.sign_agreement(
                placement=placement,
                party="mentor",
                name=form.cleaned_data["full_name"],
                ip=client_ip(request),
                actor=actor,
            )
            return _("You signed the agreement.")
        return None
    if action in ("approve", "reject"):
        entry = get_object_or_404(
            HourEntry, pk=request.POST.get("entry") or 0, placement=placement
        )
        reason = request.POST.get(f"reason_{entry.pk}", "").strip()
        if action == "reject" and not reason:
            forms["reject_errors"][entry.pk] = _("Say why you reject these hours.")
            forms["reject_values"] = {entry.pk: reason}
            return None
        services.review_hours(
            entry=entry,
            approve=action == "approve",
            reviewer_name=signer,
            reason=reason,
            actor=actor,
        )
        return _("Hours approved.") if action == "approve" else _("Hours rejected.")
    if action == "evaluate":
        form = forms["evaluation_form"] = MentorEvaluationForm(request.POST)
        if form.is_valid():
            services.submit_mentor_evaluation(
                placement=placement,
                evaluator_name=form.cleaned_data["evaluator_name"],
                ratings=form.ratings(),
                comments=form.cleaned_data["comments"],
                actor=actor,
            )
            return _("Thank you for your evaluation.")
        return None
    raise Http404


@login_required
def partner_placement(request, pk):
    placement = _placement_or_404(pk)
    if not can_act_as_partner(request.user, placement):
        raise Http404
    return _partner_page(
        request,
        placement,
        actor=request.user,
        signer=request.user.get_full_name() or request.user.email,
        action_url=reverse("placements:partner_placement", kwargs={"pk": pk}),
        pdf_url=reverse("placements:agreement_pdf", kwargs={"pk": pk}),
    )


def _mentor_placement(token):
    """The placement a mentor's link is for, or an error message."""
    try:
        payload = read_mentor_token(token)
    except SignedLinkError as exc:
        return None, exc.message
    try:
        placement = selectors.placement_detail(payload.get("p"))
    except Placement.DoesNotExist:
        return None, _("This link is not valid.")
    if (placement.offer.mentor_id or 0) != payload.get("c"):
        return None, _("This link was for another mentor. Ask the Engage office.")
    if placement.status in Placement.ENDED_STATUSES:
        return None, _("This placement was ended.")
    return placement, None


def mentor(request, token):
    """A mentor acts through the link in their email, without an account."""
    placement, error = _mentor_placement(token)
    if error:
        return render(
            request, "placements/partner/link_error.html", {"error": error}, status=403
        )
    mentor_contact = placement.offer.mentor
    signer = mentor_contact.full_name if mentor_contact else ""
    return _partner_page(
        request,
        placement,
        actor=None,
        signer=signer,
        action_url=reverse("placements:mentor", kwargs={"token": token}),
        pdf_url=reverse("placements:mentor_agreement_pdf", kwargs={"token": token}),
    )


def mentor_agreement_pdf(request, token):
    placement, error = _mentor_placement(token)
    if error:
        return render(
            request, "placements/partner/link_error.html", {"error": error}, status=403
        )
    return pdf_response(
        services.render_current_agreement(placement),
        agreement_filename(placement),
        inline=True,
    )
