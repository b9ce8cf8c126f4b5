"""A route for each reader: the playbooks written for them in reading order, and their first 30
days of first-week exercises, built from the `audience` of each playbook and exercise.

An individual contributor, a tech lead and a manager each get a route of their own on the home
page, so none is sent to an exercise written for someone else (such as offering their team's
work, which an individual contributor has no say over).
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.check.audiences import exercise_audience
from handbook.check.handbook import Handbook, LoadedPlaybook
from handbook.pages.reading import MonthWeek, first_month
from handbook.pages.render import render
from handbook.schema.names import Audience


@dataclass(frozen=True)
class Route:
    """One reader's route: who it is for, and the audiences of the schema it reads."""

    id: str
    reader: str  # finishes "If you are ..."
    audiences: frozenset[Audience]


ROUTES: tuple[Route, ...] = (
    Route("individual-contributor", "an individual contributor", frozenset({"senior-ic"})),
    Route("tech-lead", "a tech lead or project lead", frozenset({"tech-lead", "project-lead"})),
    Route("manager", "a manager", frozenset({"manager"})),
)
ROUTE_BY_ID = {route.id: route for route in ROUTES}


def route_playbooks(handbook: Handbook, route: Route) -> list[LoadedPlaybook]:
    """The playbooks written for the route's reader, in reading order."""
    return [p for p in handbook.ordered() if route.audiences & set(p.model.audience)]


def route_month(handbook: Handbook, route: Route) -> list[MonthWeek]:
    """The route's first 30 days: from its playbooks, first-week exercises written for its reader."""
    return first_month(handbook, playbooks=route_playbooks(handbook, route),
                       fits=lambda exercise, _: bool(
                           route.audiences.intersection(exercise_audience(exercise, handbook.used_by(exercise.id)))))


def render_routes(handbook: Handbook) -> str:
    """The home page's routes: for each reader, what to read in order and what to do each week."""
    return render("routes.md.j2", routes=[(route, route_playbooks(handbook, route), route_month(handbook, route))
                                          for route in ROUTES])
