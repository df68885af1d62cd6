"""The HTML page in a real headless Chromium (selenium + Debian's chromedriver): it loads
with no console error, highlights are there, the kind filter hides and shows them, and a
report carrying markup and script shows it as text and runs nothing."""
from __future__ import annotations

import shutil

import pytest
from output_samples import XSS

from nlp_toolkit.output.files import write_text_atomic
from nlp_toolkit.output.html import batch_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromium-driver are not installed (CI installs them)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (dev extra) is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,2000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser, batch, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_text_atomic(path, batch_html(batch))
    browser.get(path.as_uri())
    assert browser.execute_script("return document.documentElement.getAttribute('data-ready')") == "1"
    return browser


def _shown(driver, token: str | None = None) -> int:
    selector = ".hl[data-k]:not([data-top=''])" if token is None else f".hl[data-top='{token}']"
    return driver.execute_script("return document.querySelectorAll(arguments[0]).length", selector)


def _backgrounds(driver, selector: str) -> set[str]:
    return set(driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => getComputedStyle(e).backgroundColor)",
        selector))


def test_loads_without_console_errors(page):
    errors = [e for e in page.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    assert page.title == "上报材料分析报告"


def test_findings_are_highlighted_and_facts_wait_to_be_asked_for(page, batch):
    assert _shown(page) > 0
    assert _shown(page, "metric") == 0
    only_metric = ".hl[data-k='metric']"
    assert _backgrounds(page, only_metric) == {"rgba(0, 0, 0, 0)"}
    copied = page.execute_script(
        "return Array.from(document.querySelectorAll('input.kind-filter')).find("
        "b => b.parentElement.textContent.includes('与其他单位雷同')).value")
    docs_with_copy = page.execute_script(
        "return Array.from(document.querySelectorAll('section.doc')).filter("
        "s => s.querySelector(\".hl[data-top='\" + arguments[0] + \"']\")).map(s => s.id)", copied)
    assert docs_with_copy == ["doc-0", "doc-1"]


def test_kind_filter_shows_and_hides(page, batch):
    box = page.find_element("css selector", "input.kind-filter[value='metric']")
    assert not box.is_selected()
    findings_shown = _shown(page)
    box.click()
    assert box.is_selected()
    only_metric = page.execute_script("return document.querySelectorAll(\".hl[data-k='metric']\").length")
    assert _shown(page, "metric") >= only_metric > 0
    assert "rgba(0, 0, 0, 0)" not in _backgrounds(page, ".hl[data-k='metric']")
    box.click()
    assert _shown(page, "metric") == 0
    assert _shown(page) == findings_shown
    for finding_box in page.find_elements("css selector", "input.kind-filter:checked"):
        finding_box.click()
    assert _shown(page) == 0


def test_report_markup_shows_as_text_and_runs_nothing(page):
    assert page.execute_script("return typeof window.__xss") == "undefined"
    assert page.execute_script("return document.querySelectorAll('img').length") == 0
    assert page.execute_script("return document.scripts.length") == 1
    text = page.execute_script("return document.querySelector('#doc-2 .text').textContent")
    assert XSS in text
    assert "</b></div>" in text
    summary = page.execute_script("return document.querySelector('#doc-2 summary').textContent")
    assert "<script>" in summary
