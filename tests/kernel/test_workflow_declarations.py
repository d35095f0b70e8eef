"""Every declared workflow is sound and docs/workflows.md draws the tables as the code declares them."""

from unionhome import workflow


def test_every_workflow_is_sound_and_its_diagram_is_current():
    assert workflow.all_problems() == []  # labels, hooks, permission names registered
    assert workflow.diagram_difference() == ""  # docs/workflows.md matches the tables
