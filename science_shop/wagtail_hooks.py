from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from engage.core.audit import register_actions
from science_shop.viewsets import ScienceShopGroup


@hooks.register("register_admin_viewset")
def register_science_shop_viewsets():
    return ScienceShopGroup()


@hooks.register("register_log_actions")
def register_science_shop_actions(actions):
    register_actions(
        actions,
        {
            "science_shop.question.submitted": (
                _("Submit"),
                _("Question submitted through the public form"),
            ),
            "science_shop.question.referred_in": (
                _("Referral in"),
                _("Question referred to us by another Science Shop"),
            ),
            "science_shop.question.referred": (
                _("Refer"),
                _("Question referred to another Science Shop"),
            ),
            "science_shop.question.intake": (_("Start intake"), _("Intake started")),
            "science_shop.question.intake_notes": (
                _("Intake notes"),
                _("Intake notes saved"),
            ),
            "science_shop.question.accepted": (_("Accept"), _("Question accepted")),
            "science_shop.question.declined": (_("Decline"), _("Question declined")),
            "science_shop.question.articulated": (
                _("Articulate"),
                _("Research question articulated"),
            ),
            "science_shop.question.opened": (
                _("Open to students"),
                _("Opened for students"),
            ),
            "science_shop.question.adopted": (
                _("Adopt"),
                _("Adopted by a supervisor"),
            ),
            "science_shop.interest.expressed": (
                _("Interest"),
                _("A student expressed interest"),
            ),
            "science_shop.interest.withdrawn": (
                _("Withdraw interest"),
                _("A student withdrew their interest"),
            ),
            "science_shop.question.matched": (
                _("Match"),
                _("Students and supervisor proposed"),
            ),
            "science_shop.question.match_confirmed": (
                _("Confirm match"),
                _("A participant confirmed the match"),
            ),
            "science_shop.question.reopened": (
                _("Reopen"),
                _("Reopened for students"),
            ),
            "science_shop.question.started": (_("Start"), _("Research started")),
            "science_shop.question.delivered": (_("Deliver"), _("Report delivered")),
            "science_shop.question.published": (
                _("Publish"),
                _("Lay summary published"),
            ),
            "science_shop.question.closed": (_("Close"), _("Question closed")),
            "science_shop.question.feedback": (
                _("Feedback"),
                _("The submitter gave feedback"),
            ),
            "science_shop.question.message": (_("Message"), _("Message posted")),
            "science_shop.question.link_sent": (
                _("Send link"),
                _("A new follow link was sent"),
            ),
            "science_shop.question.links_revoked": (
                _("Revoke follow links"),
                _("Follow links revoked"),
            ),
            "science_shop.question.organisation_confirmed": (
                _("Confirm the organisation"),
                _("Asking organisation confirmed"),
            ),
            "science_shop.question.edited": (_("Edit"), _("Details corrected")),
            "science_shop.supervisor.declared": (
                _("Declare disciplines"),
                _("Supervision disciplines declared"),
            ),
            "science_shop.prospect_created": (
                _("Create prospect"),
                _("Prospect organisation created by a Science Shop submission"),
            ),
        },
    )


@hooks.register("insert_global_admin_css")
def science_shop_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<link rel="stylesheet" href="{}">', static("science_shop/admin.css")
    )
