"""The router app.py and the Home page."""

import pytest

from ui.registry import PAGES

from .conftest import ROOT, assert_healthy, latex, make_app


def registered_pages() -> list[str]:
    """The file of every page in the registry app.py navigates over."""
    return [p.file for p in PAGES]


def stem(page: str) -> str:
    return page.rsplit("/", 1)[-1].removesuffix(".py")


@pytest.fixture(scope="module")
def home():
    at = make_app("app.py").run()
    assert_healthy(at)
    return at


def test_app_registers_the_pages_and_every_file_exists():
    pages = registered_pages()
    assert pages[0] == "pages/home.py"
    for page in ("pages/forward_pass.py", "pages/activations.py", "pages/gradient_descent.py"):
        assert page in pages
    assert len(set(pages)) == len(pages)
    missing = [p for p in pages if not (ROOT / p).is_file()]
    assert missing == []


def test_app_runs_and_opens_home(home):
    assert [t.value for t in home.title] == ["NN Maths Lab"]
    assert not home.error


def test_every_home_card_links_to_a_registered_page(home):
    registered = {stem(p) for p in registered_pages()}
    links = [link.proto.page for link in home.page_link]
    assert len(links) >= 2
    assert len(set(links)) == len(links)
    assert set(links) <= registered - {"home"}
    assert [link.value for link in home.page_link] == ["Open"] * len(links)
    titles = [m.value.rsplit(" ", 2)[-2:] for m in home.markdown if m.value.startswith("##### ")]
    assert ["Forward-pass", "calculator"] in titles
    assert ["Activation", "explorer"] in titles


def test_home_has_one_card_per_registered_page(home):
    links = sorted(link.proto.page for link in home.page_link)
    assert links == sorted(stem(p) for p in registered_pages() if stem(p) != "home")


def test_navigation_runs_a_page_through_the_router():
    at = make_app("app.py").run()
    at.switch_page("pages/forward_pass.py").run()
    assert_healthy(at)
    assert [t.value for t in at.title] == ["Forward-pass calculator"]
    assert any(s.endswith(r"= \begin{pmatrix} 1 \\ 8 \end{pmatrix}") for s in latex(at))
