"""KOTengage on the site: opportunity pages, sign-ups, offers, organisers and links."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from engage.accounts.factories import (
    CoordinatorFactory,
    LecturerFactory,
    PartnerContactUserFactory,
    StudentFactory,
)
from engage.accounts.signed_links import make_token
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    StudentInitiativeFactory,
    brussels_time,
)
from engage.volunteering.models import HoursLog, Opportunity, SignUp, StudentInitiative
from partners.activity import activity_for
from partners.factories import ContactFactory
from partners.portal import partner_portal_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(opportunity):
    def make(capacity=2, days=5, hour=18, **kwargs):
        start = brussels_time(
            timezone.localdate() + datetime.timedelta(days=days), hour
        )
        return ShiftFactory(
            opportunity=kwargs.pop("opportunity", opportunity),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=capacity,
        )

    return make


def detail_url(opportunity, language="en"):
    with translation.override(language):
        return reverse("volunteering:opportunity", args=[opportunity.pk])


def test_anonymous_visitors_see_shifts_and_are_asked_to_log_in(
    client, opportunity, upcoming
):
    shift = upcoming(capacity=3)
    content = client.get(detail_url(opportunity)).content.decode()
    assert opportunity.title_en in content
    assert f'id="shift-{shift.pk}"' in content
    assert "3 places free" in content
    assert "Log in to sign up" in content


def test_a_student_signs_up_once_even_when_clicking_twice(
    client, opportunity, upcoming
):
    shift = upcoming(capacity=2)
    student = StudentFactory(preferred_language="en")
    client.force_login(student)
    url = f"/en/volunteering/shifts/{shift.pk}/sign-up/"
    first = client.post(url, follow=True)
    assert "You are signed up." in first.content.decode()
    second = client.post(url, follow=True)
    assert "You were already signed up for this shift." in second.content.decode()
    assert SignUp.objects.filter(shift=shift, student=student).count() == 1
    assert "Cancel my sign-up" in second.content.decode()


def test_a_full_shift_offers_the_waitlist(client, opportunity, upcoming):
    shift = upcoming(capacity=1)
    services.sign_up(shift=shift, student=StudentFactory(), actor=None)
    student = StudentFactory(preferred_language="en")
    client.force_login(student)
    page = client.get(detail_url(opportunity)).content.decode()
    assert "Join the waitlist" in page
    response = client.post(f"/en/volunteering/shifts/{shift.pk}/sign-up/", follow=True)
    assert "you are number 1 on the waitlist" in response.content.decode()
    assert "On the waitlist (number 1)" in response.content.decode()


def test_signing_up_needs_a_login(client, upcoming):
    shift = upcoming()
    response = client.post(f"/en/volunteering/shifts/{shift.pk}/sign-up/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_refused_sign_up_shows_why(client, opportunity, upcoming):
    shift = upcoming()
    client.force_login(PartnerContactUserFactory(preferred_language="en"))
    response = client.post(f"/en/volunteering/shifts/{shift.pk}/sign-up/", follow=True)
    assert "Only students can sign up for shifts." in response.content.decode()


def test_unpublished_opportunities_are_hidden_except_from_their_organiser(
    client, reference_data
):
    draft = OpportunityFactory(status=Opportunity.Status.DRAFT)
    assert client.get(detail_url(draft)).status_code == 404
    contact_user = PartnerContactUserFactory()
    ContactFactory(organisation=draft.organisation, user=contact_user)
    client.force_login(contact_user)
    assert client.get(detail_url(draft)).status_code == 200
    client.force_login(PartnerContactUserFactory())
    assert client.get(detail_url(draft)).status_code == 404


def test_my_engagement_lists_and_cancels(client, opportunity, upcoming):
    shift = upcoming(capacity=2, days=5)
    student = StudentFactory(preferred_language="en")
    signup = services.sign_up(shift=shift, student=student, actor=student)
    client.force_login(student)
    page = client.get("/en/volunteering/me/").content.decode()
    assert opportunity.title_en in page and "Confirmed" in page
    response = client.post(
        f"/en/volunteering/sign-ups/{signup.pk}/cancel/", follow=True
    )
    assert "Your sign-up is cancelled." in response.content.decode()
    assert SignUp.objects.get(pk=signup.pk).status == "cancelled"


def test_nobody_cancels_someone_elses_signup(client, upcoming):
    shift = upcoming()
    signup = services.sign_up(shift=shift, student=StudentFactory(), actor=None)
    client.force_login(StudentFactory())
    response = client.post(f"/en/volunteering/sign-ups/{signup.pk}/cancel/")
    assert response.status_code == 404
    assert SignUp.objects.get(pk=signup.pk).status == "confirmed"


def test_past_the_deadline_the_page_says_so(client, opportunity, upcoming):
    shift = upcoming(days=0, hour=23)  # tonight: inside the 24-hour deadline
    if shift.starts_at <= timezone.now():
        shift.starts_at = timezone.now() + datetime.timedelta(hours=2)
        shift.ends_at = shift.starts_at + datetime.timedelta(hours=1)
        shift.save()
    student = StudentFactory(preferred_language="en")
    signup = services.sign_up(shift=shift, student=student, actor=student)
    client.force_login(student)
    page = client.get("/en/volunteering/me/").content.decode()
    assert "The cancellation deadline has passed" in page
    response = client.post(
        f"/en/volunteering/sign-ups/{signup.pk}/cancel/", follow=True
    )
    assert "please contact the organiser" in response.content.decode()


def _offer_link(django_capture_on_commit_callbacks, shift, holder_signup, holder):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(signup=holder_signup, actor=holder)
    body = next(m.body for m in mail.outbox if "/offers/" in m.body)
    return urlsplit(
        re.search(
            r"http://\S+/(?:volunteering|vrijwilligerswerk)/offers/\S+/", body
        ).group()
    ).path


def test_the_offer_link_accepts_without_logging_in(
    client, upcoming, django_capture_on_commit_callbacks
):
    shift = upcoming(capacity=1)
    holder, waiting = StudentFactory(), StudentFactory()
    holder_signup = services.sign_up(shift=shift, student=holder, actor=holder)
    services.sign_up(shift=shift, student=waiting, actor=waiting)
    path = _offer_link(django_capture_on_commit_callbacks, shift, holder_signup, holder)
    page = client.get(path).content.decode()
    assert path.startswith("/nl/")  # the student reads Dutch
    assert "De plaats aanvaarden" in page
    client.post(path, {"action": "accept"})
    assert SignUp.objects.get(student=waiting).status == "confirmed"
    after = client.get(path).content.decode()
    assert "De plaats aanvaarden" not in after and "Je bent bevestigd" in after


def test_a_tampered_offer_link_is_refused(client, upcoming):
    shift = upcoming(capacity=1)
    signup = services.sign_up(shift=shift, student=StudentFactory(), actor=None)
    token = make_token("volunteering.offer", {"signup": signup.pk, "offered": "x"})
    response = client.get(f"/en/volunteering/offers/{token[:-2]}xx/")
    assert response.status_code == 403
    stale = client.get(f"/en/volunteering/offers/{token}/")
    assert "This offer is no longer open." in stale.content.decode()


def test_logging_hours_keeps_what_was_typed_on_an_error(client, upcoming):
    shift = upcoming()
    student = StudentFactory(preferred_language="en")
    services.sign_up(shift=shift, student=student, actor=student)
    client.force_login(student)
    response = client.post(
        "/en/volunteering/me/hours/",
        {
            "opportunity": shift.opportunity_id,
            "date": timezone.localdate().isoformat(),
            "hours": "0",
            "description": "Prepared the quiz",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Prepared the quiz" in content
    assert 'aria-invalid="true"' in content
    ok = client.post(
        "/en/volunteering/me/hours/",
        {
            "opportunity": shift.opportunity_id,
            "date": timezone.localdate().isoformat(),
            "hours": "1.5",
            "description": "Prepared the quiz",
        },
    )
    assert ok.status_code == 302
    assert HoursLog.objects.get(student=student).status == "submitted"


@pytest.fixture
def organiser(opportunity):
    user = PartnerContactUserFactory(preferred_language="en")
    ContactFactory(organisation=opportunity.organisation, user=user)
    return user


def test_organiser_pages_are_scoped_to_their_organisation(
    client, opportunity, upcoming, organiser
):
    shift = upcoming()
    other_shift = upcoming(opportunity=OpportunityFactory())
    client.force_login(organiser)
    home = client.get("/en/volunteering/organiser/").content.decode()
    assert opportunity.title_en in home
    assert other_shift.opportunity.title_en not in home
    assert (
        client.get(f"/en/volunteering/organiser/shifts/{shift.pk}/").status_code == 200
    )
    assert (
        client.get(f"/en/volunteering/organiser/shifts/{other_shift.pk}/").status_code
        == 404
    )
    assert (
        client.get(
            f"/en/volunteering/organiser/opportunities/{other_shift.opportunity_id}/"
        ).status_code
        == 404
    )
    client.force_login(StudentFactory())
    assert client.get("/en/volunteering/organiser/").status_code == 403


def test_organiser_marks_attendance(client, opportunity, organiser):
    start = timezone.now() - datetime.timedelta(hours=3)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=3,
    )
    came, absent = StudentFactory(), StudentFactory()
    earlier = start - datetime.timedelta(days=2)
    one = services.sign_up(shift=shift, student=came, actor=came, now=earlier)
    two = services.sign_up(shift=shift, student=absent, actor=absent, now=earlier)
    client.force_login(organiser)
    url = f"/en/volunteering/organiser/shifts/{shift.pk}/"
    assert "Save attendance" in client.get(url).content.decode()
    response = client.post(url, {"attended": [str(one.pk)]}, follow=True)
    assert "Attendance is saved." in response.content.decode()
    assert SignUp.objects.get(pk=one.pk).status == "attended"
    assert SignUp.objects.get(pk=two.pk).status == "no_show"


def test_attendance_by_signed_link_without_an_account(
    client, opportunity, django_capture_on_commit_callbacks
):
    start = timezone.now() - datetime.timedelta(hours=4)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=3,
    )
    student = StudentFactory()
    signup = services.sign_up(
        shift=shift,
        student=student,
        actor=student,
        now=start - datetime.timedelta(days=1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_attendance()
    link = re.search(
        r"http://\S+/organiser/attendance/\S+/", mail.outbox[0].body
    ).group()
    path = urlsplit(link).path
    assert path.startswith("/nl/")  # the organiser's language
    form = client.get(path)
    assert "Je naam" in form.content.decode()
    missing_name = client.post(path, {"attended": [str(signup.pk)]})
    assert 'aria-invalid="true"' in missing_name.content.decode()
    assert SignUp.objects.get(pk=signup.pk).status == "confirmed"
    client.post(path, {"attended": [str(signup.pk)], "name": "Els Peeters"})
    assert SignUp.objects.get(pk=signup.pk).status == "attended"
    assert client.get(path[:-3] + "xx/").status_code == 403


def test_extra_hours_by_signed_link(
    client, upcoming, django_capture_on_commit_callbacks
):
    shift = upcoming()
    student = StudentFactory()
    services.sign_up(shift=shift, student=student, actor=student)
    with django_capture_on_commit_callbacks(execute=True):
        log = services.log_hours(
            student=student,
            opportunity=shift.opportunity,
            date=timezone.localdate(),
            hours=2,
            description="Extra visit",
            actor=student,
        )
    link = re.search(r"http://\S+/organiser/extra-hours/\S+/", mail.outbox[-1].body)
    path = urlsplit(link.group()).path
    refused = client.post(path, {"decision": "reject", "note": "", "name": "Els"})
    assert "Zeg waarom de uren niet goedgekeurd worden." in refused.content.decode()
    client.post(path, {"decision": "approve", "name": "Els"})
    log.refresh_from_db()
    assert log.status == "approved" and log.decided_by_name == "Els"


def test_a_partner_contact_proposes_an_opportunity(client, opportunity, organiser):
    client.force_login(organiser)
    form = client.get("/en/volunteering/organiser/propose/").content.decode()
    assert opportunity.organisation.name in form
    response = client.post(
        "/en/volunteering/organiser/propose/",
        {
            "organiser": f"org-{opportunity.organisation_id}",
            "title_en": "Language buddies",
            "description_en": "Practise Dutch with newcomers.",
            "kind": "recurring",
            "is_online": "on",
            "contact_name": "Els",
            "contact_email": "els@partner.example",
            "contact_language": "en",
        },
    )
    proposed = Opportunity.objects.get(title_en="Language buddies")
    assert response.status_code == 302
    assert proposed.status == Opportunity.Status.PROPOSED
    assert proposed.proposed_by == organiser
    # Nobody may propose for an organisation that is not theirs.
    client.force_login(PartnerContactUserFactory())
    assert client.get("/en/volunteering/organiser/propose/").status_code == 403


def test_proposal_errors_show_at_the_field(client, organiser, opportunity):
    client.force_login(organiser)
    response = client.post(
        "/en/volunteering/organiser/propose/",
        {"organiser": f"org-{opportunity.organisation_id}", "title_en": "Kept title"},
    )
    content = response.content.decode()
    assert "Kept title" in content
    assert "Choose a campus city, or tick online." in content


def test_a_student_proposes_an_initiative(client, reference_data):
    lead = StudentFactory(preferred_language="en")
    fellow = StudentFactory()
    sponsor = LecturerFactory()
    client.force_login(lead)
    bad = client.post(
        "/en/volunteering/me/initiatives/new/",
        {
            "name": "Soup on Sunday",
            "goal": "Soup",
            "member_emails": "nobody@student.kuleuven.be",
            "sponsor_email": sponsor.email,
        },
    )
    assert "No student account for: nobody@student.kuleuven.be" in bad.content.decode()
    client.post(
        "/en/volunteering/me/initiatives/new/",
        {
            "name": "Soup on Sunday",
            "goal": "Soup",
            "member_emails": fellow.email,
            "sponsor_email": sponsor.email,
        },
    )
    initiative = StudentInitiative.objects.get(name="Soup on Sunday")
    assert initiative.sponsor_staff == sponsor
    assert set(initiative.members.all()) == {lead, fellow}


def test_initiative_members_organise_once_approved(client, reference_data):
    member = StudentFactory()
    initiative = StudentInitiativeFactory(
        members=[member], status=StudentInitiative.Status.PROPOSED
    )
    client.force_login(member)
    assert client.get("/en/volunteering/organiser/").status_code == 403
    StudentInitiative.objects.filter(pk=initiative.pk).update(status="approved")
    page = client.get("/en/volunteering/organiser/propose/").content.decode()
    assert initiative.name in page


def test_my_engage_shows_my_engagement(client, upcoming):
    shift = upcoming()
    student = StudentFactory(preferred_language="en")
    services.sign_up(shift=shift, student=student, actor=student)
    client.force_login(student)
    content = client.get("/en/accounts/me/").content.decode()
    assert "My engagement" in content
    assert shift.opportunity.title_en in content
    assert "/en/volunteering/me/record/" in content


def test_partner_360_and_portal_sections(rf, opportunity, upcoming, organiser):
    upcoming()
    coordinator = CoordinatorFactory()
    sections = [
        s
        for s in activity_for(opportunity.organisation, coordinator)
        if "KOTengage" in s.title
    ]
    assert len(sections) == 1 and sections[0].count == 1
    assert sections[0].context["opportunities"][0].upcoming == 1
    request = rf.get("/")
    request.user = organiser
    portal = [f(request, opportunity.organisation) for f in partner_portal_sections]
    (section,) = [s for s in portal if s and "KOTengage" in str(s["title"])]
    assert any("/volunteering/organiser/" in url for _, url in section["items"])


def test_partner_360_shows_kotengage_only_to_the_central_office(opportunity, upcoming):
    from engage.accounts.factories import FacultyCoordinatorFactory
    from engage.volunteering.integrations import opportunities_organised

    upcoming()
    assert opportunities_organised(opportunity.organisation, CoordinatorFactory())
    faculty_coordinator = FacultyCoordinatorFactory()
    assert (
        opportunities_organised(opportunity.organisation, faculty_coordinator) is None
    )


def test_partner_360_runs_constant_queries(opportunity, upcoming, count_queries):
    from engage.volunteering.integrations import opportunities_organised

    upcoming()
    coordinator = CoordinatorFactory()
    opportunities_organised(opportunity.organisation, coordinator)  # caches the roles
    one = count_queries(
        lambda: opportunities_organised(opportunity.organisation, coordinator)
    )
    for _ in range(5):
        upcoming(opportunity=OpportunityFactory(organisation=opportunity.organisation))
    many = count_queries(
        lambda: opportunities_organised(opportunity.organisation, coordinator)
    )
    assert one == many


def test_my_engagement_keeps_constant_queries(client, opportunity, count_queries):
    student = StudentFactory(preferred_language="en")
    client.force_login(student)

    def add(n, offset):
        for day in range(n):
            start = brussels_time(
                timezone.localdate() + datetime.timedelta(days=offset + day), 18
            )
            shift = ShiftFactory(
                opportunity=OpportunityFactory(),
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=1 if day % 2 else 3,
            )
            if day % 2:
                services.sign_up(shift=shift, student=StudentFactory(), actor=None)
            services.sign_up(shift=shift, student=student, actor=student)

    add(2, 3)
    client.get("/en/volunteering/me/")
    small = count_queries(lambda: client.get("/en/volunteering/me/"))
    add(8, 20)
    large = count_queries(lambda: client.get("/en/volunteering/me/"))
    assert "On the waitlist (number 1)" in count_queries.last_result.content.decode()
    assert small == large


def test_organiser_pages_keep_constant_queries(
    client, opportunity, organiser, upcoming, count_queries
):
    client.force_login(organiser)
    shift = upcoming(capacity=3)

    def add(n):
        for _ in range(n):
            extra = OpportunityFactory(organisation=opportunity.organisation)
            upcoming(opportunity=extra)
            services.sign_up(shift=shift, student=StudentFactory(), actor=None)

    add(1)
    urls = [
        "/en/volunteering/organiser/",
        f"/en/volunteering/organiser/shifts/{shift.pk}/",
    ]
    for url in urls:
        client.get(url)
    small = [count_queries(lambda u=url: client.get(u)) for url in urls]
    add(4)
    large = [count_queries(lambda u=url: client.get(u)) for url in urls]
    assert small == large


def test_the_periodic_command_runs_the_clock_work(
    opportunity, upcoming, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    shift = upcoming(days=0, hour=23)
    if shift.starts_at <= timezone.now():
        shift.starts_at = timezone.now() + datetime.timedelta(hours=2)
        shift.ends_at = shift.starts_at + datetime.timedelta(hours=1)
        shift.save()
    student = StudentFactory()
    services.sign_up(shift=shift, student=student, actor=student)
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("volunteering_tick", stdout=out)
    assert "reminders sent: 1" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[student.email]]
    out = StringIO()
    call_command("volunteering_tick", "--enqueue", stdout=out)
    assert "Queued" in out.getvalue()


def test_faculty_coordinators_read_but_do_not_run_shifts(client, opportunity):
    from engage.accounts.factories import FacultyCoordinatorFactory

    start = timezone.now() - datetime.timedelta(hours=3)
    shift = ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    client.force_login(FacultyCoordinatorFactory())
    assert client.get("/en/volunteering/organiser/").status_code == 403
    assert (
        client.post(f"/en/volunteering/organiser/shifts/{shift.pk}/").status_code == 403
    )
    client.force_login(CoordinatorFactory())
    assert (
        client.get(f"/en/volunteering/organiser/shifts/{shift.pk}/").status_code == 200
    )
