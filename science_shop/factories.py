"""Factories for the Science Shop, shared by the tests and the demo data.

`question_in_state(status)` builds a question that looks as if it went through the
workflow up to `status`: the fields each state requires are filled in, with the
history, matches, milestones, report and feedback that belong to it.
"""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from engage.accounts.factories import LecturerFactory, StudentFactory
from engage.university.models import AcademicYear, Faculty
from partners.factories import ContactFactory, OrganisationFactory
from science_shop.models import (
    Discipline,
    Feedback,
    Interest,
    Milestone,
    ResearchQuestion,
    ScienceShop,
    StatusChange,
    StudentMatch,
    Supervisor,
)

S = ResearchQuestion.Status
ORDER = [
    S.SUBMITTED,
    S.INTAKE,
    S.ACCEPTED,
    S.ARTICULATED,
    S.OPEN,
    S.MATCHED,
    S.IN_PROGRESS,
    S.DELIVERED,
    S.PUBLISHED,
    S.CLOSED,
]


def minimal_pdf(text: str = "Science Shop report") -> bytes:
    """A small, real one-page PDF (pypdf reads it), written without WeasyPrint."""
    safe = "".join(c for c in text if c.isascii() and c not in "()\\")
    content = f"BT /F1 14 Tf 72 770 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def discipline(code="sociology") -> Discipline:
    found = Discipline.objects.filter(code=code).first()
    if found:
        return found
    return Discipline.objects.create(
        code=code, name_en=code.replace("-", " ").title(), name_nl=code
    )


def home_shop() -> ScienceShop:
    from science_shop import reference_data

    if not ScienceShop.objects.filter(is_home=True).exists():
        reference_data.load()
    return ScienceShop.home()


class ResearchQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchQuestion
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    contact = factory.LazyAttribute(
        lambda o: ContactFactory(organisation=o.organisation)
    )
    organisation_match = ResearchQuestion.OrganisationMatch.ENTERPRISE_NUMBER
    language = "nl"
    title = factory.Sequence(lambda n: f"Hoe bereiken we meer buurtbewoners? ({n})")
    question = (
        "Welke drempels ervaren buurtbewoners om naar onze activiteiten te komen?"
    )
    background = "Ons buurthuis wil iedereen bereiken; vooral ouderen blijven weg."
    intended_use = "We passen ons aanbod en onze communicatie aan."
    desired_timing = "Academiejaar 2026-2027"
    is_nonprofit = True
    has_no_research_budget = True
    has_no_commercial_aim = True
    privacy_consent = True
    publication_consent = True

    @factory.post_generation
    def reference(obj, create, extracted, **kwargs):
        if create and not obj.reference:
            obj.reference = extracted or f"WW-{obj.created_at.year}-{obj.pk:04d}"
            ResearchQuestion.objects.filter(pk=obj.pk).update(reference=obj.reference)

    @factory.post_generation
    def preferred_disciplines(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.preferred_disciplines.set(extracted)

    @factory.post_generation
    def disciplines(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.disciplines.set(extracted)


class SupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supervisor
        skip_postgeneration_save = True

    user = factory.SubFactory(LecturerFactory)
    is_available = True

    @factory.post_generation
    def disciplines(obj, create, extracted, **kwargs):
        if create:
            obj.disciplines.set(extracted or [discipline()])


def _articulation(faculty=None, year=None) -> dict:
    return {
        "articulated_question": "Welke drempels ervaren 65-plussers in de buurt, en "
        "welke communicatie bereikt hen?",
        "faculty": faculty or Faculty.objects.get(code="SOC"),
        "form": ResearchQuestion.Form.MASTER_THESIS,
        "academic_year": year or AcademicYear.objects.current(),
    }


def question_in_state(status, *, students=None, supervisor=None, when=None, **kwargs):
    """A question as the workflow leaves it in `status` (see the module docstring)."""
    status = S(status)
    when = when or timezone.now()
    fields = dict(kwargs)
    disciplines = fields.pop("disciplines", None) or [discipline()]
    if status == S.DECLINED:
        path = [S.SUBMITTED, S.INTAKE, S.DECLINED]
        fields.setdefault("decline_reason", "Deze vraag vraagt commercieel advies.")
    elif status == S.REFERRED:
        path = [S.SUBMITTED, S.INTAKE, S.REFERRED]
        fields.setdefault(
            "referred_to",
            ScienceShop.objects.filter(is_home=False).order_by("sort_order").first(),
        )
        fields.setdefault("referral_note", "Past beter bij hun expertise.")
    else:
        path = ORDER[: ORDER.index(status) + 1]
    if S.INTAKE in path:
        fields.setdefault("intake_notes", "Intakegesprek gevoerd; de vraag is helder.")
        fields.setdefault(
            "intake_date", timezone.localdate(when) - datetime.timedelta(days=3)
        )
    if S.ARTICULATED in path:
        for key, value in _articulation(
            fields.get("faculty"), fields.get("academic_year")
        ).items():
            fields.setdefault(key, value)
    if S.DELIVERED in path:
        fields.setdefault("delivered_at", when)
    if S.PUBLISHED in path:
        fields.setdefault(
            "lay_summary_en",
            "Older neighbours stay away mainly because they do not hear about "
            "activities; a printed newsletter works best.",
        )
        fields.setdefault(
            "lay_summary_nl",
            "Oudere buurtbewoners blijven vooral weg omdat ze niet van de "
            "activiteiten horen; een papieren nieuwsbrief werkt het best.",
        )
        fields.setdefault("thesis_url", "https://repository.teneo.libis.be/")
        fields.setdefault("published_at", when)
    if status == S.CLOSED:
        fields.setdefault("closed_at", when)
    question = ResearchQuestionFactory(
        status=status, status_changed_at=when, disciplines=disciplines, **fields
    )
    previous = ""
    for index, step in enumerate(path):
        # A week between steps, the last one at `when`.
        at = when - datetime.timedelta(days=7 * (len(path) - 1 - index))
        StatusChange.objects.create(
            question=question, from_status=previous, to_status=step, created_at=at
        )
        previous = step
    if S.MATCHED in path:
        if supervisor is None:
            supervisor = SupervisorFactory(disciplines=disciplines).user
        students = students if students is not None else [StudentFactory()]
        confirmed = when if S.IN_PROGRESS in path else None
        question.supervisor = supervisor
        question.supervisor_confirmed_at = confirmed
        question.save(update_fields=["supervisor", "supervisor_confirmed_at"])
        for student in students:
            Interest.objects.create(
                question=question,
                student=student,
                motivation="Dit sluit aan bij mijn masterproef.",
                status=Interest.Status.MATCHED,
            )
            StudentMatch.objects.create(
                question=question, student=student, confirmed_at=confirmed
            )
    if S.IN_PROGRESS in path:
        # The kick-off on the day the research started (never after its delivery).
        started = when - datetime.timedelta(
            days=7 * (len(path) - 1 - path.index(S.IN_PROGRESS))
        )
        start = timezone.localdate(started)
        for kind, offset in (
            (Milestone.Kind.KICKOFF, 0),
            (Milestone.Kind.INTERIM, 120),
            (Milestone.Kind.FINAL, 240),
        ):
            Milestone.objects.create(
                question=question,
                kind=kind,
                due_date=start + datetime.timedelta(days=offset),
            )
    if S.DELIVERED in path:
        question.report.save(
            "report.pdf", ContentFile(minimal_pdf(question.title)), save=False
        )
        question.save(update_fields=["report"])
    if status == S.CLOSED:
        Feedback.objects.create(
            question=question,
            satisfaction=Feedback.Satisfaction.VERY_SATISFIED,
            use_of_results="We verdelen nu een papieren nieuwsbrief in de buurt.",
        )
    return question


def bulk_create_questions(n, status=S.OPEN, **fields):
    """n questions in `status`, each with its own organisation and contact and
    with disciplines, SDGs, target groups and languages, in a few queries (for
    query-count tests and benchmarks)."""
    from engage.taxonomy.models import SDG, Language, TargetGroup
    from partners.models import Contact, Organisation

    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bulk vzw {i}", postcode="3000", status="active")
            for i in range(n)
        ]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(organisation=o, first_name="A", last_name=str(i), email=f"{i}@x.be")
            for i, o in enumerate(organisations)
        ]
    )
    faculty = Faculty.objects.get(code="SOC")
    year = AcademicYear.objects.current()
    defaults = {
        "status": status,
        "faculty": faculty,
        "academic_year": year,
        "form": ResearchQuestion.Form.MASTER_THESIS,
        "articulated_question": "Een onderzoeksvraag.",
        "lay_summary_en": "Summary.",
        "lay_summary_nl": "Samenvatting.",
        "published_at": now,
    }
    defaults.update(fields)
    questions = ResearchQuestion.objects.bulk_create(
        [
            ResearchQuestion(
                organisation=o,
                contact=c,
                reference=f"WW-BULK-{o.pk}",
                title=f"Vraag {i}",
                question="Q",
                background="B",
                intended_use="U",
                is_nonprofit=True,
                has_no_research_budget=True,
                has_no_commercial_aim=True,
                privacy_consent=True,
                publication_consent=True,
                status_changed_at=now,
                **defaults,
            )
            for i, (o, c) in enumerate(zip(organisations, contacts, strict=True))
        ]
    )
    disciplines = list(Discipline.objects.all()[:2])
    sdg, group, language = (
        SDG.objects.first(),
        TargetGroup.objects.first(),
        Language.objects.first(),
    )
    through = ResearchQuestion.disciplines.through
    through.objects.bulk_create(
        [
            through(researchquestion=q, discipline=d)
            for q in questions
            for d in disciplines
        ]
    )
    for manager, value, field in (
        (ResearchQuestion.sdgs.through, sdg, "sdg"),
        (ResearchQuestion.target_groups.through, group, "targetgroup"),
        (ResearchQuestion.languages.through, language, "language"),
    ):
        manager.objects.bulk_create(
            [manager(researchquestion=q, **{field: value}) for q in questions]
        )
    return questions
