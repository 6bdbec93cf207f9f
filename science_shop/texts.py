"""The workflow told in plain language, for the submitter and the students."""

from django.utils.translation import gettext_lazy as _

from science_shop.models import ResearchQuestion

S = ResearchQuestion.Status

HEADLINES = {
    S.SUBMITTED: _("Question received"),
    S.INTAKE: _("Intake started"),
    S.ACCEPTED: _("Question accepted"),
    S.DECLINED: _("Question declined"),
    S.REFERRED: _("Passed on to another Science Shop"),
    S.ARTICULATED: _("Research question worked out"),
    S.OPEN: _("Open for students"),
    S.MATCHED: _("Students and a supervisor found"),
    S.IN_PROGRESS: _("Research started"),
    S.DELIVERED: _("Report delivered"),
    S.PUBLISHED: _("Summary published"),
    S.CLOSED: _("Question closed"),
}

EXPLANATIONS = {
    S.SUBMITTED: _("We received your question. A coordinator will look at it soon."),
    S.INTAKE: _(
        "A coordinator is getting to know your question and will contact you for "
        "an intake conversation."
    ),
    S.ACCEPTED: _(
        "Your question was accepted. Together with you, we turn it into a research "
        "question for students."
    ),
    S.DECLINED: _("Unfortunately the Science Shop cannot take on your question."),
    S.REFERRED: _(
        "Your question was passed on to another Science Shop that fits it better."
    ),
    S.ARTICULATED: _(
        "Your question has been worked out into a research question for students."
    ),
    S.OPEN: _("Your question is now open: students can choose to work on it."),
    S.MATCHED: _("Students and a supervisor were found; they are confirming."),
    S.IN_PROGRESS: _("The students are doing the research."),
    S.DELIVERED: _("The research is done: the report is ready for you."),
    S.PUBLISHED: _("A summary of the results is on our website."),
    S.CLOSED: _("The question is closed. Thank you for working with the Science Shop!"),
}


def headline(status) -> str:
    return HEADLINES.get(status, status)


def explanation(status) -> str:
    return EXPLANATIONS.get(status, "")
