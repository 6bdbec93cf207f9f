"""The partner 360° view asks each module what it does with an organisation.

Modules register a provider here (from their AppConfig.ready()); `partners`
imports none of them. A provider is `provider(organisation, user) -> ActivitySection
| None` and must run a constant number of queries.
"""

from dataclasses import dataclass, field

from engage.core.registry import Registry


@dataclass
class ActivitySection:
    title: str
    # A template rendered with `section` and `organisation` in its context, or rows.
    template: str | None = None
    context: dict = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    count: int | None = None
    url: str | None = None  # "see all" link, e.g. a filtered admin listing


partner_activity_providers = Registry("partner_activity_providers")


def activity_for(organisation, user) -> list[ActivitySection]:
    sections = []
    for provider in partner_activity_providers:
        section = provider(organisation, user)
        if section is not None:
            sections.append(section)
    return sections
