"""The coordinators' actions per state: what the admin offers on a question."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from science_shop.models import ResearchQuestion

S = ResearchQuestion.Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    states: tuple
    primary: bool = False


ACTIONS = [
    Action("start_intake", _("Start intake"), (S.SUBMITTED,), primary=True),
    Action("intake_notes", _("Write intake notes"), (S.INTAKE,)),
    Action("accept", _("Accept"), (S.INTAKE,), primary=True),
    Action("decline", _("Decline"), (S.SUBMITTED, S.INTAKE)),
    Action("refer", _("Refer to another Science Shop"), (S.SUBMITTED, S.INTAKE)),
    Action("articulate", _("Articulate"), (S.ACCEPTED,), primary=True),
    Action("open", _("Open for students"), (S.ARTICULATED,), primary=True),
    Action(
        "propose_match", _("Match students and supervisor"), (S.OPEN,), primary=True
    ),
    Action("reopen", _("Reopen for students"), (S.MATCHED,)),
    Action("start", _("Start the research"), (S.MATCHED,), primary=True),
    Action("deliver", _("Deliver the report"), (S.IN_PROGRESS,), primary=True),
    Action("publish", _("Publish the lay summary"), (S.DELIVERED,), primary=True),
    Action("close", _("Close"), (S.DELIVERED, S.PUBLISHED)),
    Action("revoke_links", _("Revoke follow links"), tuple(S)),
    Action("confirm_organisation", _("Confirm the organisation"), tuple(S)),
]
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def actions_for(question) -> list[Action]:
    return [action for action in ACTIONS if question.status in action.states]
