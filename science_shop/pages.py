"""Labels of the Science Shop's public pages (the page models live in `cms`)."""

from django.utils.translation import gettext_lazy as _

SUBMISSION_PAGE = _("Science Shop question form")
RESULTS_PAGE = _("Science Shop results page")
PRIVACY_NOTICE = _("privacy notice")
PRIVACY_NOTICE_HELP = _("Shown above the consent boxes.")
THANK_YOU = _("thank-you text")
THANK_YOU_HELP = _("Shown after a question is sent.")
