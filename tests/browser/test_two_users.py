"""Two users at once: two browser contexts (two Streamlit sessions) on different settings, interleaved.

Neither sees the other's settings, position, downloads or uploaded data.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    assert_no_exception,
    choose,
    click_button,
    csv_rows,
    download,
    formula,
    key,
    matrix_text,
    open_page,
    read_markdown,
    slider_value,
    type_matrix,
    upload,
    wait_idle,
)

pytestmark = pytest.mark.browser


def w_columns(rows: list[list[str]]) -> dict[str, float]:
    """The weights after update 1 in a gradient-descent download, by column name."""
    return {c: round(float(rows[2][j]), 4) for j, c in enumerate(rows[0]) if c.startswith("w_")}


def use_csv(page: Page, filename: str, data: bytes) -> None:
    page.locator(key("gd_source")).get_by_text("Upload a CSV").click()
    wait_idle(page)
    upload(page, "gd_csv", filename, data)


def test_two_users_on_gradient_descent(new_context, server):
    alice = new_context().new_page()
    bob = new_context().new_page()
    # Links written by hand: each opens what it says.
    open_page(alice, server.url("gradient_descent", "gd_eta=0.05&gd_step=3"))
    open_page(bob, server.url("gradient_descent", "gd_eta=0.2"))

    expect(slider_value(alice, "gd_eta")).to_have_text("0.05")
    read_markdown(alice, r"Update 3 of \d+")
    expect(formula(alice, r"\eta = 0.05")).to_have_count(1)
    expect(slider_value(bob, "gd_eta")).to_have_text("0.2")
    read_markdown(bob, r"Update 1 of \d+ \(epoch 1\): w = \(2\.2000, 1\.8533\)")

    # Interleaved moves: each stepper moves on its own.
    click_button(alice, "gd_step_next")
    click_button(bob, "gd_step_prev")
    read_markdown(alice, r"Update 4 of \d+")
    read_markdown(bob, r"Update 0 of \d+ \(the start\)")
    expect(slider_value(alice, "gd_eta")).to_have_text("0.05")
    assert "gd_eta=0.05" in alice.url and "gd_step=4" in alice.url
    assert "gd_eta=0.2" in bob.url and "gd_step=0" in bob.url

    # Downloads hold each user's own run: w(1) = w(0) + 6.000 η, 4.267 η.
    _, alice_csv = download(alice, "gd_dl")
    _, bob_csv = download(bob, "gd_dl")
    assert list(w_columns(csv_rows(alice_csv)).values()) == [1.3, 1.2133]
    assert list(w_columns(csv_rows(bob_csv)).values()) == [2.2, 1.8533]

    # Uploaded data stays with its user.
    use_csv(alice, "alice.csv", b"a1,a2,y\n1,2,3\n2,1,3\n3,3,6\n4,1,5\n")
    use_csv(bob, "bob.csv", b"b1,y\n1,2\n2,4\n3,6\n4,8\n5,10\n")
    expect(alice.locator(key("gd_csv_features"))).to_contain_text("a1")
    expect(bob.locator(key("gd_csv_features"))).to_contain_text("b1")
    wait_idle(alice)
    wait_idle(bob)
    read_markdown(alice, r"Update \d+ of \d+")
    read_markdown(bob, r"Update \d+ of \d+")
    _, alice_csv = download(alice, "gd_dl")
    _, bob_csv = download(bob, "gd_dl")
    assert list(w_columns(csv_rows(alice_csv))) == ["w_a1", "w_a2"]
    assert list(w_columns(csv_rows(bob_csv))) == ["w_b1"]
    for page, mine, theirs in ((alice, "a1", "b1"), (bob, "b1", "a1")):
        expect(page.locator(key("gd_csv_features"))).not_to_contain_text(theirs)
        expect(page.locator(key("gd_csv")).get_by_text(f"{'alice' if mine == 'a1' else 'bob'}.csv")).to_be_visible()
        expect(page.locator(key("gd_csv")).get_by_text(f"{'bob' if mine == 'a1' else 'alice'}.csv")).to_have_count(0)
        assert_no_exception(page)


def test_two_users_on_forward_pass(new_context, server):
    alice = new_context().new_page()
    bob = new_context().new_page()
    open_page(alice, server.url("forward_pass"))
    open_page(bob, server.url("forward_pass"))

    choose(alice, "fp_preset", "Exercise 1")
    choose(bob, "fp_preset", "Exercise 2")
    alice_z = formula(alice, r"\end{pmatrix} = \begin{pmatrix} 4 \\ 8 \end{pmatrix}")
    bob_z = formula(bob, r"\end{pmatrix} = \begin{pmatrix} 13 \\ -34 \\ 25 \end{pmatrix}")
    expect(alice_z).to_have_count(1)
    expect(bob_z).to_have_count(1)

    # Alice edits X; Bob's matrices and result do not move, even after he reruns his page.
    type_matrix(alice, "fp_X", "1 0 1\n1 2 2")
    expect(formula(alice, r"\end{pmatrix} = \begin{pmatrix} 4 \\ 9 \end{pmatrix}")).to_have_count(1)
    choose(bob, "fp_activation", "ReLU")
    expect(bob_z).to_have_count(1)
    expect(matrix_text(bob, "fp_X")).to_have_value("1 -1\n0 5\n2 -2")

    _, alice_csv = download(alice, "fp_dl_z")
    _, bob_csv = download(bob, "fp_dl_z")
    assert csv_rows(alice_csv) == [["row", "z1"], ["1", "4.0"], ["2", "9.0"]]
    assert csv_rows(bob_csv) == [["row", "z1"], ["1", "13.0"], ["2", "-34.0"], ["3", "25.0"]]
    assert "Exercise+1" in alice.url and "Exercise+2" in bob.url
    assert_no_exception(alice)
    assert_no_exception(bob)
