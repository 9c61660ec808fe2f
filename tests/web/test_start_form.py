"""Starting an inspection: the current PEEL cycle is offered first, and already chosen; a force has at most one
inspection per cycle, and a second is refused naming the one there is, on the page and through the API."""

import re

import pytest
from django.urls import reverse

from openpeel.frameworks import current_framework
from openpeel.inspections.models import Inspection
from openpeel.web.inspections.forms import StartForm

from .api_client import Api


def test_the_current_cycle_is_offered_first_and_chosen():
    form = StartForm()
    choices = form.fields["framework_id"].choices
    assert choices[0] == ("peel-2025-27", "PEEL 2025–27 (current)") and current_framework().id == "peel-2025-27"
    assert form.fields["framework_id"].initial == "peel-2025-27"
    assert [framework_id for framework_id, _ in choices[1:]] == ["peel-2023-25", "peel-2021-22", "peel-2018-19"]


START = {"force_id": "cambridgeshire", "framework_id": "peel-2023-25", "period_start": "2025-01-01",
         "period_end": "2025-12-31"}  # fmt: skip
ONE_PER_CYCLE = (
    "A force has one PEEL inspection per cycle: carry on with that one, or choose another force or framework."
)


@pytest.mark.django_db
def test_starting_a_second_inspection_of_a_force_in_one_cycle_names_the_one_there_is(world, client):
    client.force_login(world.users["inspector"])
    before = Inspection.objects.count()
    response = client.post(reverse("inspections:start"), START)
    page = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200 and "govuk-error-summary" in page and 'href="#id_force_id"' in page
    named = f"Cambridgeshire Constabulary already has a PEEL 2023–25 inspection: inspection {world.draft.pk} "
    assert named in page and ONE_PER_CYCLE in page
    assert Inspection.objects.count() == before
    response = client.post(reverse("inspections:start"), {**START, "force_id": "norfolk"})
    assert response.status_code == 302  # another force's first inspection of the cycle


@pytest.mark.django_db
def test_the_api_refuses_a_second_inspection_of_a_force_in_one_cycle_with_the_one_there_is(world, client):
    api = Api(client, world.tokens["moderator"])
    refused = api.post("/inspections", START, expect=422)["error"]
    assert refused["code"] == "validation_error"
    assert refused["fields"]["force_id"][0].startswith(
        f"Cambridgeshire Constabulary already has a PEEL 2023–25 inspection: inspection {world.draft.pk} "
    )
    assert ONE_PER_CYCLE in refused["message"]
    assert api.post("/inspections", {**START, "force_id": "Norfolk"}, expect=201)["force_id"] == "norfolk"
