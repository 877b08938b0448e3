"""Monitoring on other apps' pages, without those apps importing monitoring: the country profile and the measure page
load these tags in their templates (`{% load monitoring_tags %}`), so the imports keep running downwards."""
from django import template

from monitoring import selectors
from monitoring.models import LEVEL_SYMBOLS, Level

register = template.Library()


@register.inclusion_tag("monitoring/includes/country_section.html", takes_context=True)
def country_implementation(context, country):
    """The section "How far <country> applies the TRM": its level on each SOP of the request's tenant."""
    tenant = context.get("tenant")
    levels = selectors.country_sop_levels(tenant=tenant, country=country) if tenant is not None and country else []
    return {"country": country, "levels": levels, "request": context.get("request")}


@register.inclusion_tag("monitoring/includes/measure_status.html", takes_context=True)
def measure_implementation(context, measure, country):
    """For the visitor's chosen country: its level on this measure and what differs nationally."""
    tenant = context.get("tenant")
    status = selectors.status_get(tenant=tenant, country=country, measure=measure) if tenant is not None and country else None
    level = Level(status.level) if status else Level.NOT_STARTED
    return {"country": country, "status": status, "level": level, "symbol": LEVEL_SYMBOLS[level],
            "request": context.get("request")}
