"""The ground floor: tenants, their countries and languages, and how a request finds its tenant.

Every other part of the portal stands on this package, and it stands on nothing of ours
(import-linter checks it: see `[tool.importlinter]` in pyproject.toml).

- `models`: PortalSettings (a tenant: one per Wagtail Site) and Country.
- `sites`: the request's tenant (`tenant_or_404`), a site's or a page's tenant.
- `middleware`: request.site / request.tenant, and the tenant's languages.
- `scoping`: which pages and document collections belong to a tenant (the one place that decides).
- `editors`: country editors' groups, which countries a user may edit, the admin's country-scoped views.
- `params`: query parameters read once, checked, and answered with 400 when wrong.
- `fields`, `text`: translated fields and text folding, shared by the content and search.
"""
