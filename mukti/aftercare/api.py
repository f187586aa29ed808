"""/api/v1/aftercare/: every aftercare record of a case, with the same services, validation
and scope as the case page; a worker's queues; counts.

A case outside the caller's scope answers 404 (logged). Restricted records answer 404 too for
roles that do not read their section: counselling sessions and DASS-21 (counselling), medical
care (health). Every response that shows a case's records is written to the access log.
Archive, restore, cancel and plan-again are one endpoint for every kind of record:
`POST /cases/{number}/records/{kind}/{id}/{action}`. The endpoints live in endpoints/.
"""

from ninja import Router

from mukti.aftercare.endpoints import assessments, care, mentoring, work

router = Router(tags=["aftercare"])
for group in (care, assessments, mentoring, work):
    router.add_router("", group.router)
