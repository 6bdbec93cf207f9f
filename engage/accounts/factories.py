"""Factories for people, shared by the tests and the demo data."""

import factory
from django.contrib.auth.models import Group

from engage.accounts.models import Role, User

DEFAULT_PASSWORD = "engage-demo-2026"  # noqa: S105 - demo and test accounts only


def add_roles(user: User, roles) -> None:
    for role in roles or ():
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    user.__dict__.pop("_role_names", None)


def _roles_declaration(*default_roles):
    def post(obj, create, extracted, **kwargs):
        if create:
            add_roles(obj, extracted if extracted is not None else default_roles)

    return factory.PostGeneration(post)


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(roles=[Role.STUDENT], faculties=[arts])`."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    preferred_language = "nl"
    password = factory.django.Password(DEFAULT_PASSWORD)
    roles = _roles_declaration()

    @factory.post_generation
    def faculties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.faculties.set(extracted)


class CoordinatorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"coordinator{n}@kuleuven.be")
    preferred_language = "en"
    roles = _roles_declaration(Role.ENGAGE_COORDINATOR)


class FacultyCoordinatorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"faculty.coordinator{n}@kuleuven.be")
    roles = _roles_declaration(Role.FACULTY_COORDINATOR)


class LecturerFactory(UserFactory):
    email = factory.Sequence(lambda n: f"lecturer{n}@kuleuven.be")
    roles = _roles_declaration(Role.LECTURER)


class StudentFactory(UserFactory):
    email = factory.Sequence(lambda n: f"student{n}@student.kuleuven.be")
    student_number = factory.Sequence(lambda n: f"r{n:07d}")
    roles = _roles_declaration(Role.STUDENT)


class PartnerContactUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"contact{n}@partner.example")
    roles = _roles_declaration(Role.PARTNER_CONTACT)
