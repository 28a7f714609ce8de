"""Built-in appliance schedules (SCV 4.4+): GET/PUT /4.1/schedules."""
from fastapi import APIRouter, Request

from ..cron import CronError, validate_quartz_cron
from ..audit import audited, note
from ..envelope import ok
from ..errors import bad_request, not_found
from ..models import ScheduleUpdateBody
from . import ERROR_RESPONSES, sim_of

router = APIRouter(tags=["schedules"], responses=ERROR_RESPONSES)


@router.get("/4.1/schedules")
async def list_schedules(request: Request):
    return ok(request, list(sim_of(request).state["schedules"].values()))


@router.put("/4.1/schedules", dependencies=[audited("SCHEDULE", "MODIFY")])
async def update_schedule(body: ScheduleUpdateBody, request: Request):
    schedules = sim_of(request).state["schedules"]
    note(request, obj=body.name, object_id=body.name, details=f"Set schedule {body.name} to '{body.cronExpression}'")
    schedule = schedules.get(body.name)
    if schedule is None:
        raise not_found(f"name: no built-in schedule named '{body.name}' (known: {', '.join(schedules)})")
    try:
        validate_quartz_cron(body.cronExpression)
    except CronError as error:
        raise bad_request(f"cronExpression: {error}") from error
    schedule["cronExpression"] = " ".join(body.cronExpression.split())
    return ok(request, schedule, f"Schedule {body.name} updated")
