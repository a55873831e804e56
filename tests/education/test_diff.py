"""The word diff behind the compare page: only the words that changed are marked."""

from education.diff import ADDED, REMOVED, SAME, Segment, word_diff


def test_an_added_phrase_is_one_mark_without_its_spaces():
    left, right = word_diff("Start small.", "Start small and add a little.")
    assert left == [Segment(SAME, "Start small.")]
    assert right == [
        Segment(SAME, "Start small "),
        Segment(ADDED, "and add a little"),
        Segment(SAME, "."),
    ]


def test_a_replaced_word_is_removed_on_the_left_and_added_on_the_right():
    left, right = word_diff("Walking helps your back.", "Walking is good for your back.")
    assert Segment(REMOVED, "helps") in left
    assert Segment(ADDED, "is good for") in right


def test_line_breaks_survive_for_the_side_by_side_view():
    left, right = word_diff("- one\n- two", "- one\n- two\n- three")
    assert "".join(s.text for s in left) == "- one\n- two"
    assert "".join(s.text for s in right) == "- one\n- two\n- three"
    assert [s for s in right if s.kind == ADDED] == [Segment(ADDED, "- three")]


def test_identical_texts_have_no_marks():
    left, right = word_diff("Same words.", "Same words.")
    assert all(segment.kind == SAME for segment in (*left, *right))
