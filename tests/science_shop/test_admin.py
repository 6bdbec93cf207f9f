"""The coordinators' admin: board, listing, transitions as actions, scoping, exports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from engage.accounts.factories import StudentFactory
from engage.university.models import AcademicYear, Faculty
from partners.models import Organisation
from science_shop.factories import (
    SupervisorFactory,
    discipline,
    minimal_pdf,
    question_in_state,
)
from science_shop.models import ResearchQuestion, ScienceShop

pytestmark = pytest.mark.django_db

S = ResearchQuestion.Status
BASE = "/admin/science_shop_questions"


def _action(pk, name):
    return f"{BASE}/{pk}/action/{name}/"


def test_science_shop_menu_group_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    content = client.get("/admin/").content.decode()
    assert "Science Shop" in content
    for url in (
        "/admin/science_shop_board/",
        f"{BASE}/",
        "/admin/science_shop_supervisors/",
        "/admin/science_shop_disciplines/",
        "/admin/science_shop_network/",
    ):
        assert client.get(url).status_code == 200, url


def test_pipeline_board_counts_ages_and_overdue_intake(client, coordinator):
    old = timezone.now() - datetime.timedelta(days=20)
    overdue = question_in_state(S.SUBMITTED, when=old)
    ResearchQuestion.objects.filter(pk=overdue.pk).update(created_at=old)
    question_in_state(S.SUBMITTED)
    question_in_state(S.OPEN)
    client.force_login(coordinator)
    response = client.get("/admin/science_shop_board/")
    board = response.context["board"]
    counts = {c["status"]: c["count"] for c in board["columns"]}
    assert counts[S.SUBMITTED] == 2 and counts[S.OPEN] == 1 and counts[S.CLOSED] == 0
    submitted = next(c for c in board["columns"] if c["status"] == S.SUBMITTED)
    assert submitted["oldest_days"] == 20
    assert [q.pk for q in board["overdue"]] == [overdue.pk]
    content = response.content.decode()
    assert "waited more than 14 days for intake" in content
    assert 'class="science-shop-overdue"' in content


def test_board_has_constant_queries(client, coordinator, bulk_questions, count_queries):
    client.force_login(coordinator)
    bulk_questions(10, status=S.SUBMITTED)
    client.get("/admin/science_shop_board/")
    small = count_queries(lambda: client.get("/admin/science_shop_board/"))
    bulk_questions(100, status=S.SUBMITTED)
    bulk_questions(100, status=S.OPEN)
    large = count_queries(lambda: client.get("/admin/science_shop_board/"))
    assert small == large


def test_admin_listing_has_constant_queries(
    client, coordinator, bulk_questions, count_queries
):
    client.force_login(coordinator)
    bulk_questions(10)
    client.get(f"{BASE}/")
    small = count_queries(lambda: client.get(f"{BASE}/"))
    bulk_questions(290)
    large = count_queries(lambda: client.get(f"{BASE}/"))
    assert count_queries.last_result.status_code == 200
    assert small == large


@pytest.mark.parametrize(
    "params",
    [
        {"status": "open"},
        {"faculty": "LAW"},
        {"discipline": "law"},
        {"form": "bachelor_project"},
        {"academic_year": "next"},
        {"organisation_type": "foundation"},
        {"referred": "out"},
        {"referred_to": "vub"},
        {"referred_from": "ugent"},
        {"q": "huurders"},
    ],
)
def test_admin_listing_filters(client, coordinator, params):
    law_faculty = Faculty.objects.get(code="LAW")
    current = AcademicYear.objects.current()
    next_year, _ = AcademicYear.objects.get_or_create(
        label=current.next_label(),
        defaults={
            "start_date": current.end_date + datetime.timedelta(days=1),
            "end_date": current.end_date + datetime.timedelta(days=365),
        },
    )
    target = question_in_state(
        S.OPEN if "referred" not in str(params) else S.REFERRED,
        title="Rechten van huurders",
        faculty=law_faculty,
        form=ResearchQuestion.Form.BACHELOR_PROJECT,
        academic_year=next_year,
        disciplines=[discipline("law")],
        referred_to=ScienceShop.objects.get(code="vub"),
        referred_from=ScienceShop.objects.get(code="ugent"),
    )
    target.organisation.legal_form = Organisation.LegalForm.FOUNDATION
    target.organisation.save()
    other = question_in_state(S.ACCEPTED, title="Iets anders")
    values = {
        "faculty": law_faculty.pk,
        "discipline": discipline("law").pk,
        "academic_year": next_year.pk,
        "referred_to": ScienceShop.objects.get(code="vub").pk,
        "referred_from": ScienceShop.objects.get(code="ugent").pk,
    }
    query = {key: values.get(key, value) for key, value in params.items()}
    client.force_login(coordinator)
    response = client.get(f"{BASE}/", query)
    listed = {q.pk for q in response.context["object_list"]}
    assert target.pk in listed and other.pk not in listed, params


def test_overdue_filter(client, coordinator):
    old = timezone.now() - datetime.timedelta(days=30)
    overdue = question_in_state(S.INTAKE)
    ResearchQuestion.objects.filter(pk=overdue.pk).update(
        created_at=old, status_changed_at=old
    )
    recent = question_in_state(S.INTAKE)
    client.force_login(coordinator)
    response = client.get(f"{BASE}/", {"overdue": "true"})
    listed = {q.pk for q in response.context["object_list"]}
    assert listed == {overdue.pk}
    assert recent.pk not in listed


def test_export_csv(client, coordinator):
    question = question_in_state(S.OPEN, title="Een vraag voor de export")
    client.force_login(coordinator)
    response = client.get(f"{BASE}/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "Reference" in body.splitlines()[0]
    assert question.reference in body and "Een vraag voor de export" in body
    assert "Sociology" in body  # disciplines


def test_faculty_coordinator_sees_only_their_faculties_questions(
    client, faculty_coordinator
):
    arts = question_in_state(
        S.OPEN, title="Letteren", faculty=Faculty.objects.get(code="ARTS")
    )
    law = question_in_state(
        S.OPEN, title="Rechten", faculty=Faculty.objects.get(code="LAW")
    )
    unassigned = question_in_state(S.SUBMITTED, title="Nieuw")
    client.force_login(faculty_coordinator)
    response = client.get(f"{BASE}/")
    listed = {q.pk for q in response.context["object_list"]}
    assert listed == {arts.pk}
    assert client.get(f"{BASE}/inspect/{arts.pk}/").status_code == 200
    for other in (law, unassigned):
        for url in (
            f"{BASE}/inspect/{other.pk}/",
            f"{BASE}/edit/{other.pk}/",
            f"{BASE}/history/{other.pk}/",
            f"{BASE}/{other.pk}/attachment/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            assert other.title not in response.content.decode()
    # Viewing is all a faculty coordinator does: no actions, no editing.
    assert client.get(_action(arts.pk, "reopen")).status_code == 302
    content = client.get(f"{BASE}/inspect/{arts.pk}/").content.decode()
    assert "/action/" not in content


def test_students_and_partners_never_reach_the_admin(client, student, partner_user):
    question = question_in_state(S.OPEN)
    for user in (student, partner_user):
        client.force_login(user)
        response = client.get(f"{BASE}/inspect/{question.pk}/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_inspect_shows_the_actions_for_the_state(client, coordinator):
    question = question_in_state(S.SUBMITTED)
    client.force_login(coordinator)
    content = client.get(f"{BASE}/inspect/{question.pk}/").content.decode()
    for name in ("start_intake", "decline", "refer"):
        assert _action(question.pk, name) in content
    assert _action(question.pk, "accept") not in content


def test_workflow_through_admin_actions(
    client, coordinator, django_capture_on_commit_callbacks
):
    question = question_in_state(S.SUBMITTED)
    client.force_login(coordinator)

    def post(name, data=None, **files):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _action(question.pk, name), {**(data or {}), **files}
            )
        assert response.status_code == 302, response.context["form"].errors
        question.refresh_from_db()
        return response

    post("start_intake")
    assert question.status == S.INTAKE and question.coordinator == coordinator
    post("accept", {"intake_notes": "Goed gesprek.", "intake_date": "2026-10-01"})
    assert question.status == S.ACCEPTED
    assert question.intake_date == datetime.date(2026, 10, 1)
    post(
        "articulate",
        {
            "articulated_title": "Drempels voor ouderen",
            "articulated_question": "Welke drempels?",
            "disciplines": [discipline().pk],
            "faculty": Faculty.objects.get(code="SOC").pk,
            "form": "master_thesis",
            "academic_year": AcademicYear.objects.current().pk,
            "confidentiality": "public",
        },
    )
    assert question.status == S.ARTICULATED
    post("open")
    assert question.status == S.OPEN
    student = StudentFactory()
    supervisor = SupervisorFactory(disciplines=[discipline()]).user
    from science_shop import services

    services.express_interest(
        question=question, student=student, motivation="Graag", actor=student
    )
    post("propose_match", {"students": [student.pk], "supervisor": supervisor.pk})
    assert question.status == S.MATCHED
    services.confirm_match(question=question, user=student, actor=student)
    services.confirm_match(question=question, user=supervisor, actor=supervisor)
    post(
        "start",
        {"kickoff": "2026-10-01", "interim": "2027-01-15", "final": "2027-06-01"},
    )
    assert question.status == S.IN_PROGRESS
    post(
        "deliver",
        report=SimpleUploadedFile("verslag.pdf", minimal_pdf("Verslag")),
    )
    assert question.status == S.DELIVERED
    post("publish", {"lay_summary_en": "Summary.", "lay_summary_nl": "Samenvatting."})
    assert question.status == S.PUBLISHED
    post("close")
    assert question.status == S.CLOSED


def test_a_refused_action_shows_the_reason_and_changes_nothing(client, coordinator):
    question = question_in_state(S.SUBMITTED)
    client.force_login(coordinator)
    response = client.post(
        _action(question.pk, "accept"), {"intake_notes": "Te vroeg."}
    )
    assert response.status_code == 200
    assert "start the intake first" in response.content.decode()
    question.refresh_from_db()
    assert question.status == S.SUBMITTED


def test_a_fake_report_is_refused_at_the_field(client, coordinator):
    question = question_in_state(S.IN_PROGRESS)
    client.force_login(coordinator)
    response = client.post(
        _action(question.pk, "deliver"),
        {"report": SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 nothing here")},
    )
    assert response.status_code == 200
    assert "report" in response.context["form"].errors
    question.refresh_from_db()
    assert question.status == S.IN_PROGRESS


def test_coordinator_message_from_the_admin_is_emailed(
    client, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    question = question_in_state(S.INTAKE)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/{question.pk}/message/", {"body": "Wanneer past een gesprek?"}
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [question.contact.email]
    assert "Wanneer past een gesprek?" in mailoutbox[-1].body


def test_edit_goes_through_the_service_and_is_audited(client, coordinator):
    from wagtail.models import ModelLogEntry

    question = question_in_state(S.OPEN)
    client.force_login(coordinator)
    response = client.get(f"{BASE}/edit/{question.pk}/")
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "__iter__") and not isinstance(value, str):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["articulated_title"] = "Verbeterde titel"
    response = client.post(f"{BASE}/edit/{question.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    question.refresh_from_db()
    assert question.articulated_title == "Verbeterde titel"
    assert question.status == S.OPEN
    assert ModelLogEntry.objects.filter(
        object_id=str(question.pk), action="science_shop.question.edited"
    ).exists()


def test_no_add_button_and_delete_only_for_spam(client, coordinator):
    spam = question_in_state(S.SUBMITTED)
    running = question_in_state(S.OPEN)
    client.force_login(coordinator)
    assert client.get(f"{BASE}/new/").status_code == 302
    assert client.get(f"{BASE}/delete/{running.pk}/").status_code == 302
    assert ResearchQuestion.objects.filter(pk=running.pk).exists()
    assert client.get(f"{BASE}/delete/{spam.pk}/").status_code == 200
