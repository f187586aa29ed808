"""`{{ row.labels|label_for:name }}`: a dictionary entry named by a variable."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def label_for(labels: dict[str, Any], name: str) -> Any:
    return labels.get(name, "")
