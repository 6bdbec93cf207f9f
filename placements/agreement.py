"""The tripartite placement agreement as a PDF, in the student's language."""

from django.utils import timezone

from engage.core.pdf import render_pdf


def agreement_language(placement) -> str:
    language = (placement.student.preferred_language or "nl")[:2]
    return language if language in ("en", "nl") else "en"


def render_agreement(placement) -> bytes:
    """The agreement as it stands now (a draft until both parties have signed)."""
    offer = placement.offer
    return render_pdf(
        "placements/pdf/agreement.html",
        {
            "placement": placement,
            "course": placement.course,
            "offer": offer,
            "organisation": offer.organisation,
            "mentor": offer.mentor,
            "student": placement.student,
            "faculty": placement.course.faculty,
            "prerequisites": list(offer.prerequisites.all()),
            "generated_at": timezone.now(),
            "is_signed": placement.student_has_signed and placement.mentor_has_signed,
        },
        language=agreement_language(placement),
    )


def agreement_filename(placement) -> str:
    number = placement.student.student_number or placement.student_id
    return f"agreement-{placement.course.code}-{number}-{placement.pk}.pdf"
