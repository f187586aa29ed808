"""The justice pages, by family: legal cases, the hearings calendar and deadlines, backlog
analyses, and the section of the case page."""
