"""KOTengage on the site: thin views (form validates, service acts, redirect)."""

from datetime import timedelta
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.accounts.scoping import is_engage_coordinator, is_student
from engage.accounts.signed_links import (
    SignedLinkError,
    SignedLinkUsed,
    link_used_message,
    read_token,
    token_use,
)
from engage.core.emails import absolute_url
from engage.core.exceptions import InvalidTransition
from engage.core.pdf import pdf_response, render_pdf
from engage.volunteering import selectors, services
from engage.volunteering.calendar import build_calendar, ics_response
from engage.volunteering.forms import (
    AttendanceForm,
    CertificateForm,
    HoursDecisionForm,
    HoursLogForm,
    InitiativeForm,
    OpportunityProposalForm,
    ShiftForm,
    VerifyForm,
)
from engage.volunteering.models import (
    Certificate,
    HoursLog,
    Opportunity,
    Shift,
    SignUp,
    VolunteeringSettings,
)
from engage.volunteering.permissions import (
    can_decide_hours,
    can_organise,
    hours_scope,
    is_organiser,
    organiser_initiatives,
    organiser_organisations,
)

OFFER_LINK_MAX_AGE = timedelta(days=14)


def listing_url() -> str | None:
    """The opportunity listing page in the active language (a Wagtail page)."""
    try:
        model = apps.get_model("cms", "OpportunityIndexPage")
    except LookupError:
        return None
    from wagtail.models import Locale

    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return None
    page = model.objects.live().filter(locale=locale).first()
    return page.url if page is not None else None


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _refused(request, error: InvalidTransition):
    messages.error(request, error.message)


# Opportunities --------------------------------------------------------------------


def opportunity_detail(request, pk):
    opportunity = get_object_or_404(
        Opportunity.objects.select_related(
            "organisation", "initiative", "campus"
        ).prefetch_related("themes", "target_groups", "languages", "sdgs"),
        pk=pk,
    )
    if not opportunity.is_visible() and not (
        is_engage_coordinator(request.user) or can_organise(request.user, opportunity)
    ):
        raise Http404
    now = timezone.now()
    all_dates = request.GET.get("dates") == "all"
    shifts = selectors.next_shifts(
        opportunity,
        now=now,
        limit=selectors.ALL_SHIFTS if all_dates else selectors.NEXT_SHIFTS,
    )
    upcoming_count = selectors.upcoming_shift_count(opportunity, now=now)
    mine = selectors.signups_by_shift(request.user, shifts)
    positions = selectors.waitlist_positions(mine.values())
    deadline = VolunteeringSettings.current().cancellation_deadline
    rows = []
    for shift in shifts:
        signup = mine.get(shift.pk)
        if signup is not None:
            signup.shift = shift
            signup._waitlist_position = positions.get(signup.pk)
        rows.append(
            {
                "shift": shift,
                "signup": signup,
                "can_cancel": signup is not None
                and signup.can_cancel(deadline=deadline, now=now),
            }
        )
    return render(
        request,
        "volunteering/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "rows": rows,
            "all_dates": all_dates,
            "upcoming_count": upcoming_count,
            "next_count": selectors.NEXT_SHIFTS,
            "listing_url": listing_url(),
            "is_student": is_student(request.user),
            "can_organise": can_organise(request.user, opportunity),
            "deadline_hours": int(deadline.total_seconds() // 3600),
        },
    )


def opportunity_calendar(request, pk):
    """An .ics download of the opportunity's upcoming shifts."""
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("organisation", "initiative", "campus"),
        pk=pk,
    )
    if not opportunity.is_visible():
        raise Http404
    from engage.core.registry import CalendarEvent

    url = absolute_url(opportunity.get_absolute_url())
    events = [
        CalendarEvent(
            uid=f"volunteering-shift-{shift.pk}@engage.kuleuven.be",
            summary=f"{opportunity.title} ({opportunity.organiser_name})",
            start=shift.starts_at,
            end=shift.ends_at,
            url=f"{url}#shift-{shift.pk}",
            location=shift.location_override or opportunity.place,
        )
        for shift in opportunity.shifts.upcoming().order_by("starts_at")[:200]
    ]
    content = build_calendar(events, name=opportunity.title)
    return ics_response(content, f"kotengage-{opportunity.pk}.ics", attachment=True)


# Students ---------------------------------------------------------------------------


@login_required
@require_POST
def sign_up(request, pk):
    shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=pk)
    back = reverse("volunteering:opportunity", kwargs={"pk": shift.opportunity_id})
    back = f"{back}#shift-{shift.pk}"
    already = SignUp.objects.filter(shift=shift, student=request.user).active().exists()
    try:
        signup = services.sign_up(shift=shift, student=request.user, actor=request.user)
    except InvalidTransition as error:
        _refused(request, error)
        return redirect(back)
    if already:
        messages.info(request, _("You were already signed up for this shift."))
    elif signup.status == SignUp.Status.CONFIRMED:
        messages.success(
            request, _("You are signed up. We sent you a confirmation by email.")
        )
    else:
        position = (
            signup.shift.signups.waitlisted()
            .filter(sequence__lte=signup.sequence)
            .count()
        )
        messages.success(
            request,
            _(
                "This shift is full: you are number %(position)s on the waitlist. "
                "We email you when a place frees up."
            )
            % {"position": position},
        )
    return redirect(back)


def _own_signup(request, pk) -> SignUp:
    return get_object_or_404(
        SignUp.objects.select_related("shift__opportunity"),
        pk=pk,
        student=request.user,
    )


def _signup_action(request, pk, service, success_message):
    """One of the student's own sign-ups changes state through `service`."""
    signup = _own_signup(request, pk)
    try:
        service(signup=signup, actor=request.user)
    except InvalidTransition as error:
        _refused(request, error)
    else:
        messages.success(request, success_message)
    return redirect(_next_url(request, reverse("volunteering:my_engagement")))


@login_required
@require_POST
def cancel(request, pk):
    return _signup_action(
        request, pk, services.cancel_signup, _("Your sign-up is cancelled.")
    )


@login_required
@require_POST
def accept(request, pk):
    return _signup_action(
        request, pk, services.accept_offer, _("The place is yours: you are confirmed.")
    )


@login_required
@require_POST
def decline(request, pk):
    return _signup_action(
        request,
        pk,
        services.decline_offer,
        _("You let the place go to the next in line."),
    )


def _link_error(request, error: SignedLinkError):
    """An expired or tampered emailed link: say so, in plain words."""
    return render(
        request, "volunteering/link_error.html", {"message": error.message}, status=403
    )


def _link_used(request, used_at=None):
    """A one-purpose link that was already used: it does nothing a second time."""
    return render(
        request,
        "volunteering/link_used.html",
        {"message": link_used_message(), "used_at": used_at},
        status=410,
    )


def offer(request, token):
    """The link in a waitlist offer email: accept or decline without logging in."""
    try:
        payload = read_token(token, services.OFFER_PURPOSE, max_age=OFFER_LINK_MAX_AGE)
    except SignedLinkError as error:
        return _link_error(request, error)
    signup = get_object_or_404(
        SignUp.objects.select_related(
            "student", "shift__opportunity__organisation", "shift__opportunity__campus"
        ),
        pk=payload.get("signup"),
    )
    current_offer = (
        signup.offered_at is not None
        and signup.offered_at.isoformat() == payload.get("offered")
    )
    actor = request.user if request.user == signup.student else None
    if request.method == "POST" and current_offer:
        action = request.POST.get("action")
        try:
            if action == "accept":
                signup = services.accept_offer(signup=signup, actor=actor)
                messages.success(request, _("The place is yours: you are confirmed."))
            elif action == "decline":
                signup = services.decline_offer(signup=signup, actor=actor)
                messages.success(
                    request, _("You let the place go to the next in line.")
                )
        except InvalidTransition as error:
            _refused(request, error)
        return redirect(request.path)
    return render(
        request,
        "volunteering/offer.html",
        {
            "signup": signup,
            "shift": signup.shift,
            "opportunity": signup.shift.opportunity,
            "is_open": current_offer
            and signup.status == SignUp.Status.OFFERED
            and signup.offer_expires_at > timezone.now(),
            "current_offer": current_offer,
        },
    )


def _my_context(request, hours_form=None) -> dict:
    user = request.user
    now = timezone.now()
    upcoming, past = selectors.student_signups(user, now=now)
    deadline = VolunteeringSettings.current().cancellation_deadline
    for signup in upcoming:
        signup.can_cancel_now = signup.can_cancel(deadline=deadline, now=now)
    feed = services.calendar_feed_for(user)
    opportunities = selectors.opportunities_for_hours(user)
    return {
        "offers": [s for s in upcoming if s.status == SignUp.Status.OFFERED],
        "upcoming": [s for s in upcoming if s.status != SignUp.Status.OFFERED],
        "past": past,
        "hours": selectors.student_hours(user),
        "hours_form": hours_form or HoursLogForm(opportunities=opportunities),
        "can_log_hours": opportunities.exists(),
        "feed_url": absolute_url(feed.get_absolute_url()),
        "initiatives": selectors.initiatives_for_member(user),
        "listing_url": listing_url(),
        "is_student": is_student(user),
    }


@login_required
def my_engagement(request):
    return render(request, "volunteering/my_engagement.html", _my_context(request))


@login_required
def log_hours(request):
    opportunities = selectors.opportunities_for_hours(request.user)
    form = HoursLogForm(request.POST or None, opportunities=opportunities)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_hours(
                student=request.user,
                actor=request.user,
                **form.cleaned_data,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your hours are logged; the organiser will approve them.")
            )
            return redirect(reverse("volunteering:my_engagement") + "#hours")
    return render(
        request,
        "volunteering/my_engagement.html",
        _my_context(request, hours_form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def reset_calendar(request):
    services.reset_calendar_feed(user=request.user, actor=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with the new link."),
    )
    return redirect(reverse("volunteering:my_engagement") + "#calendar")


def calendar_feed(request, token):
    """The person's iCal feed: every module's events, found by the secret token."""
    from engage.volunteering.models import CalendarFeed

    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    # A calendar app fetches the feed without a session: it is written in the
    # language of the person it belongs to, whatever the URL's prefix.
    with translation.override(feed.user.preferred_language or settings.LANGUAGE_CODE):
        content = build_calendar(
            selectors.calendar_events(feed.user), name=_("My KU Leuven Engage")
        )
    return ics_response(content, "engage.ics", attachment=False)


@login_required
def record(request):
    return render(
        request,
        "volunteering/record.html",
        {
            "record": selectors.engagement_record(request.user),
            "form": CertificateForm(
                initial={"language": request.user.preferred_language}
            ),
            "certificates": Certificate.objects.filter(student=request.user)[:10],
        },
    )


@login_required
@require_POST
def certificate(request):
    form = CertificateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the certificate."))
        return redirect("volunteering:record")
    language = form.cleaned_data["language"]
    try:
        issued = services.issue_certificate(
            student=request.user, actor=request.user, language=language
        )
    except InvalidTransition as error:
        _refused(request, error)
        return redirect("volunteering:record")
    with translation.override(language):
        verify_url = absolute_url(issued.get_verify_url())
    content = render_pdf(
        "volunteering/certificate_pdf.html",
        {"certificate": issued, "verify_url": verify_url},
        language=language,
    )
    return pdf_response(content, f"engagement-certificate-{issued.code}.pdf")


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace(" ", "")
        return redirect("volunteering:verify", code=code)
    return render(request, "volunteering/verify.html", {"form": form})


def verify(request, code):
    """Public: confirms what a certificate says, and nothing more."""
    certificate = Certificate.objects.filter(code=code.strip().upper()).first()
    return render(
        request,
        "volunteering/verify.html",
        {"certificate": certificate, "code": code, "form": VerifyForm()},
        status=200 if certificate else 404,
    )


@login_required
def propose_initiative(request):
    if not is_student(request.user):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.propose_initiative(
                actor=request.user,
                name=data["name"],
                goal=data["goal"],
                city=data["city"],
                members=data["member_emails"],
                sponsor_staff=form.sponsor_staff,
                sponsor_organisation=form.sponsor_organisation,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your initiative is proposed. The Engage office will contact you."),
            )
            return redirect(reverse("volunteering:my_engagement") + "#initiatives")
    return render(request, "volunteering/initiative_form.html", {"form": form})


# Organisers -------------------------------------------------------------------------


def organiser_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (is_organiser(request.user) or is_engage_coordinator(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@organiser_required
def organiser_home(request):
    opportunities = list(selectors.organiser_opportunities(request.user)[:200])
    pending = (
        HoursLog.objects.pending()
        .filter(hours_scope(request.user))
        .exclude(student=request.user)
        .select_related("student", "opportunity")
        .order_by("date")[:50]
    )
    return render(
        request,
        "volunteering/organiser/home.html",
        {
            "opportunities": opportunities,
            "pending_hours": pending,
            "organisations": organiser_organisations(request.user),
            "initiatives": organiser_initiatives(request.user),
        },
    )


@organiser_required
def organiser_propose(request):
    organisations = organiser_organisations(request.user)
    initiatives = organiser_initiatives(request.user)
    if not organisations and not initiatives:
        raise PermissionDenied
    form = OpportunityProposalForm(
        request.POST or None, organisations=organisations, initiatives=initiatives
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(
                actor=request.user, fields=form.service_fields(), propose=True
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you: the Engage office reviews your opportunity and "
                    "publishes it. Add its shifts now."
                ),
            )
            return redirect("volunteering:organiser_opportunity", pk=opportunity.pk)
    return render(request, "volunteering/organiser/propose.html", {"form": form})


def _organised_opportunity(request, pk) -> Opportunity:
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("organisation", "initiative", "campus"),
        pk=pk,
    )
    if not can_organise(request.user, opportunity):
        raise Http404
    return opportunity


@organiser_required
def organiser_opportunity(request, pk):
    opportunity = _organised_opportunity(request, pk)
    now = timezone.now()
    shifts = list(
        opportunity.shifts.filter(starts_at__gte=now - timedelta(days=30)).order_by(
            "starts_at"
        )[:100]
    )
    pending = opportunity.hours_logs.pending().select_related("student")
    return render(
        request,
        "volunteering/organiser/opportunity.html",
        {
            "opportunity": opportunity,
            "shifts": shifts,
            "pending_hours": pending,
            "now": now,
        },
    )


@organiser_required
def organiser_add_shift(request, pk):
    opportunity = _organised_opportunity(request, pk)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        try:
            services.add_shift(
                opportunity=opportunity,
                starts_at=start,
                ends_at=end,
                capacity=form.cleaned_data["capacity"],
                location_override=form.cleaned_data["location_override"],
                actor=request.user,
            )
        except InvalidTransition as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The shift is added."))
            return redirect("volunteering:organiser_opportunity", pk=opportunity.pk)
    return render(
        request,
        "volunteering/organiser/shift_form.html",
        {"opportunity": opportunity, "form": form},
    )


def _attendance_page(request, shift, *, via_link: bool, link_token: str = ""):
    now = timezone.now()
    signups = list(shift.signups.all())
    markable = [
        s
        for s in signups
        if s.status
        in (SignUp.Status.CONFIRMED, SignUp.Status.ATTENDED, SignUp.Status.NO_SHOW)
    ]
    recorded = services.attendance_recorded(markable)
    # Once recorded, attendance is corrected by an Engage coordinator only.
    can_mark = not recorded or (not via_link and is_engage_coordinator(request.user))
    form = None
    if shift.has_started(now) and not shift.is_cancelled and markable and can_mark:
        form = AttendanceForm(request.POST or None, signups=markable, ask_name=via_link)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_attendance(
                    shift=shift,
                    attended_ids=form.cleaned_data["attended"],
                    actor=None if via_link else request.user,
                    by_name=form.cleaned_data.get("name", ""),
                    link_token=link_token,
                )
            except SignedLinkUsed:
                return _link_used(request)
            except InvalidTransition as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Attendance is saved. Thank you!"))
                return redirect(request.path)
    # Every sign-up of the shift is loaded: number the waitlist in memory.
    waiting = [s for s in signups if s.status == SignUp.Status.WAITLISTED]
    for position, signup in enumerate(sorted(waiting, key=lambda s: s.sequence), 1):
        signup._waitlist_position = position
    return render(
        request,
        "volunteering/organiser/shift.html",
        {
            "shift": shift,
            "opportunity": shift.opportunity,
            "signups": signups,
            "form": form,
            "via_link": via_link,
            "recorded": recorded and not can_mark,
        },
    )


@organiser_required
def organiser_shift(request, pk):
    try:
        shift = selectors.organiser_shift(pk, user=request.user)
    except Shift.DoesNotExist:
        raise Http404 from None
    if not can_organise(request.user, shift.opportunity):
        raise Http404
    return _attendance_page(request, shift, via_link=False)


def attendance_link(request, token):
    """Mark attendance from the emailed link, without an account."""
    try:
        payload = read_token(token, services.ATTENDANCE_PURPOSE)
    except SignedLinkError as error:
        return _link_error(request, error)
    used = token_use(token, services.ATTENDANCE_PURPOSE)
    if used is not None:
        return _link_used(request, used.used_at)
    try:
        shift = selectors.organiser_shift(payload.get("shift"))
    except Shift.DoesNotExist:
        raise Http404 from None
    return _attendance_page(request, shift, via_link=True, link_token=token)


def _hours_page(request, log, *, via_link: bool, link_token: str = ""):
    form = None
    if log.status == HoursLog.Status.SUBMITTED:
        form = HoursDecisionForm(request.POST or None, ask_name=via_link)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            actor = None if via_link else request.user
            try:
                if data["decision"] == "approve":
                    services.approve_hours(
                        log=log,
                        actor=actor,
                        by_name=data.get("name", ""),
                        link_token=link_token,
                    )
                else:
                    services.reject_hours(
                        log=log,
                        actor=actor,
                        note=data["note"],
                        by_name=data.get("name", ""),
                        link_token=link_token,
                    )
            except SignedLinkUsed:
                return _link_used(request)
            except InvalidTransition as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you: the student is told."))
                return redirect(request.path)
    elif via_link:
        return _link_used(request)
    return render(
        request,
        "volunteering/organiser/hours.html",
        {"log": log, "form": form, "via_link": via_link},
    )


@organiser_required
def organiser_hours(request, pk):
    log = get_object_or_404(
        HoursLog.objects.filter(hours_scope(request.user)).select_related(
            "student", "opportunity"
        ),
        pk=pk,
    )
    if not can_decide_hours(request.user, log):
        raise Http404
    return _hours_page(request, log, via_link=False)


def hours_link(request, token):
    """Approve extra hours from the emailed link, without an account."""
    try:
        payload = read_token(token, services.HOURS_PURPOSE)
    except SignedLinkError as error:
        return _link_error(request, error)
    used = token_use(token, services.HOURS_PURPOSE)
    if used is not None:
        return _link_used(request, used.used_at)
    log = get_object_or_404(
        HoursLog.objects.select_related("student", "opportunity"),
        pk=payload.get("hours"),
    )
    return _hours_page(request, log, via_link=True, link_token=token)
