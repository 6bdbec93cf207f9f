import pytest

pytestmark = pytest.mark.django_db


def test_coordinator_sees_reference_data_in_the_admin(
    client, coordinator, reference_data
):
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Reference data" in content
    assert "Current academic year" in content
    response = client.get("/admin/faculties/")
    assert response.status_code == 200
    assert "Law and Criminology" in response.content.decode()


def test_faculty_coordinator_may_view_but_not_edit_faculties(
    client, faculty_coordinator
):
    from engage.university.models import Faculty

    client.force_login(faculty_coordinator)
    assert client.get("/admin/faculties/").status_code == 200
    arts = Faculty.objects.get(code="ARTS")
    assert client.get(f"/admin/faculties/edit/{arts.pk}/").status_code in (302, 403)


def test_students_cannot_enter_the_admin(client, student):
    client.force_login(student)
    response = client.get("/admin/")
    assert response.status_code == 302
