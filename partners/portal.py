"""The partner portal's home lists sections that modules contribute.

A section provider is `provider(request, organisation) -> dict | None` returning
{"title", "template", "context"} or {"title", "items": [(label, url)]}; modules
register from their AppConfig.ready().
"""

from engage.core.registry import Registry

partner_portal_sections = Registry("partner_portal_sections")
