"""Page and setting models of the public site; one file per module's public face."""

from cms.models.base import (  # noqa: F401
    BasePage,
    FooterSettings,
    HomePage,
    NavigationSettings,
    StandardPage,
)
from cms.models.impact import ImpactPage  # noqa: F401
from cms.models.partners import PartnerDirectoryPage  # noqa: F401
from cms.models.science_shop import (  # noqa: F401
    ScienceShopResultsPage,
    ScienceShopSubmissionPage,
)
from cms.models.volunteering import OpportunityIndexPage  # noqa: F401
