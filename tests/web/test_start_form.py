"""Starting an inspection: the current PEEL cycle is offered first, and already chosen."""

from openpeel.frameworks import current_framework
from openpeel.web.inspections.forms import StartForm


def test_the_current_cycle_is_offered_first_and_chosen():
    form = StartForm()
    choices = form.fields["framework_id"].choices
    assert choices[0] == ("peel-2025-27", "PEEL 2025-2027 (current)") and current_framework().id == "peel-2025-27"
    assert form.fields["framework_id"].initial == "peel-2025-27"
    assert [framework_id for framework_id, _ in choices[1:]] == ["peel-2023-25", "peel-2021-22", "peel-2018-19"]
