"""tools/relink.py moves a link's line range to where its lines went, and finds a named
link's definition again when the lines around it were rewritten."""

from tools.relink import definition, frames, line_map, move_range

OLD = ["import os", "", "def create_app():", "    return 1", "", "X = 2"]
NEW = [
    "import os",
    "import sys",
    "",
    "# a comment",
    "def create_app():",
    "    return 1",
    "",
    "X = 3",
]
SOURCE = "\n".join(NEW) + "\n"


def test_a_range_moves_with_its_lines():
    mapping = line_map(OLD, NEW)
    assert move_range(mapping, 3, 4) == (5, 6)  # create_app, two lines further down


def test_a_line_edited_in_place_keeps_its_place():
    assert move_range(line_map(OLD, NEW), 6, 6) == (8, 8)  # "X = 2" became "X = 3"


def test_a_range_whose_lines_are_all_gone_cannot_move():
    assert move_range(line_map(["a", "b", "c"], ["x", "y"]), 1, 3) is None


def test_definitions_are_found_by_name():
    assert definition(SOURCE, "create_app") == (5, 6)
    assert definition(SOURCE, "X") == (8, 8)
    assert definition(SOURCE, "missing") is None
    nested = "class Story:\n    x = 1\n\n    def vote(self):\n        pass\n"
    assert definition(nested, "Story.vote") == (4, 5)


def test_frames_reads_the_last_part_of_a_dotted_name():
    assert frames(NEW, 5, 6, "app.create_app")
    assert not frames(NEW, 1, 2, "create_app")
