"""WCAG 2.1 A/AA checks with axe-core (vendored, MPL-2.0) on the seeded site.

axe-core catches what machines can (labels, landmarks, contrast, names, ARIA); the
journeys in the other browser tests cover keyboard and screen-reader paths.
"""

from pathlib import Path

from django.core.management import call_command

from engage.volunteering.models import Opportunity
from science_shop.models import ResearchQuestion
from tests.e2e.conftest import login

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


def _violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE)
    return [f"{url}: {v}" for v in page.evaluate(RUN_AXE)]


def test_pages_meet_wcag_21_aa_for_visitors_students_and_partners(live, browser):
    call_command("seed_demo", quiet_logins=True)
    opportunity = Opportunity.objects.filter(status="published").first()
    question = ResearchQuestion.objects.filter(status="open").first()
    public = [
        "/en/",
        "/nl/",
        "/en/about/",
        "/nl/partnerorganisaties/",
        "/en/kotengage/opportunities/",
        f"/en/volunteering/opportunities/{opportunity.pk}/",
        "/nl/science-shop/stel-een-vraag/",
        "/en/science-shop/questions/",
        f"/en/science-shop/questions/{question.pk}/",
        "/en/accounts/login/",
    ]
    student = [
        "/en/accounts/me/",
        "/en/service-learning/my/",
        "/en/volunteering/me/",
        "/en/volunteering/me/record/",
        "/en/accounts/me/profile/",
    ]
    partner = ["/nl/partners/portal/", "/en/service-learning/partner/"]
    problems = []
    # axe is injected as a script, which the site's CSP rightly forbids.
    for email, paths in (
        (None, public),
        ("student@engage.example", student),
        ("partner@engage.example", partner),
    ):
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        if email:
            login(page, live.url, email)
        for path in paths:
            problems += _violations(page, f"{live.url}{path}")
        context.close()
    # A form showing its errors must stay accessible too.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live.url}/en/accounts/login/")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE)
    problems += page.evaluate(RUN_AXE)
    context.close()
    assert problems == []
