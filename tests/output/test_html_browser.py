"""The HTML pages in a real headless Chromium (selenium + Debian's chromedriver): they load
with no console error, findings are highlighted and facts shown on demand, a jump to a
finding puts its passage in the viewport below the sticky bars (in the one-page report and
across the pages of the site), the reports table sorts and filters, and a report carrying
markup and script shows it as text and runs nothing."""
from __future__ import annotations

import dataclasses
import shutil

import pytest
from output_samples import XSS

from nlp_toolkit.output.files import write_text_atomic
from nlp_toolkit.output.html import batch_html, write_html

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
def single_page(batch, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.html"
    write_text_atomic(path, batch_html(batch))
    return path.as_uri()


@pytest.fixture(scope="module")
def page(browser, single_page):
    browser.get(single_page)
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


def _passage_box(driver, anchor: str) -> dict:
    """Where the first piece of the passage `anchor` is, where the sticky bars end, and
    whether the piece is marked."""
    return driver.execute_script("""
        var piece = document.querySelector(".hl[data-m~='" + arguments[0] + "']");
        var bars = Array.from(document.querySelectorAll("nav.toc, .filters")).map(e => e.getBoundingClientRect())
            .filter(r => r.top < 60 && r.height > 0);
        var rect = piece.getBoundingClientRect();
        return {top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrolled: window.scrollY,
                bars: Math.max(0, ...bars.map(r => r.bottom)), flash: piece.classList.contains("flash")};
    """, anchor)


def _below_the_bars(box: dict) -> bool:
    return box["bars"] > 0 and box["top"] >= box["bars"] and box["bottom"] <= box["height"]


@pytest.fixture
def short_window(browser):
    browser.set_window_size(1280, 480)
    yield browser
    browser.set_window_size(1280, 2000)


def _load(driver, url: str) -> None:
    driver.get(url)
    assert driver.execute_script("return document.documentElement.getAttribute('data-ready')") == "1"


def test_a_jump_to_a_finding_lands_below_the_sticky_bars(short_window, single_page, batch):
    driver = short_window
    _load(driver, single_page)
    i = max(i for i, d in enumerate(batch.documents) if d.findings)
    k = len(batch.documents[i].findings) - 1
    driver.find_element("css selector", f"#doc-{i} table.findings a[href='#d{i}-f{k}']").click()
    box = _passage_box(driver, f"d{i}-f{k}")
    assert box["scrolled"] > 0 and _below_the_bars(box), box
    assert box["flash"]
    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element("css selector", "#batch-0 a.goto[href='#d1-b0-0']").click()
    box = _passage_box(driver, "d1-b0-0")
    assert _below_the_bars(box) and box["flash"], box


@pytest.fixture(scope="module")
def site(batch, tmp_path_factory):
    """The site of the sample batch, its reports lengthened at the end (offsets unchanged) so
    that a page scrolls far enough for the sticky bars to hide a passage."""
    filler = "（以下为测试用的补充文字，用于拉长页面。）\n" * 80
    docs = [dataclasses.replace(d, text=d.text + filler) for d in batch.documents]
    index = tmp_path_factory.mktemp("site") / "报告.html"
    write_html(dataclasses.replace(batch, documents=docs), index)
    return index


def test_a_finding_opened_from_another_page_lands_below_the_bars(short_window, site, batch):
    driver = short_window
    _load(driver, site.as_uri() + "#batch-0")
    driver.find_element("css selector", "#batch-0 a.goto[href$='report-00002.html#b0-0']").click()
    assert driver.execute_script("return document.documentElement.getAttribute('data-ready')") == "1"
    assert driver.current_url.endswith("report-00002.html#b0-0")
    box = _passage_box(driver, "b0-0")
    assert _below_the_bars(box) and box["flash"], box
    other = driver.find_element("css selector", "table.findings tr[data-scope='跨报告'] td:last-child a")
    assert other.get_attribute("href").endswith("report-00001.html#b0-0")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
    other.click()
    box = _passage_box(driver, "b0-0")
    assert driver.current_url.endswith("report-00001.html#b0-0") and _below_the_bars(box), box
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def _column(driver, n: int) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#reports-table tbody tr:not([hidden])'))"
        ".map(r => r.cells[arguments[0]].textContent.trim())", n)


def test_reports_table_sorts_by_a_column(site, browser, batch):
    _load(browser, site.as_uri())
    heads = browser.find_elements("css selector", "#reports-table th button")
    labels = [h.text for h in heads]
    findings, unit = labels.index("质量提示"), labels.index("单位")
    heads[findings].click()
    counts = [int(v) for v in _column(browser, findings)]
    assert counts == sorted(counts) and counts == sorted(len(d.findings) for d in batch.documents)
    heads[findings].click()
    assert [int(v) for v in _column(browser, findings)] == sorted(counts, reverse=True)
    assert browser.find_elements("css selector", "#reports-table th")[findings].get_attribute("aria-sort") == \
        "descending"
    heads[unit].click()
    units = _column(browser, unit)
    assert browser.execute_script(
        "return arguments[0].every((u, i, a) => i === 0 || a[i - 1].localeCompare(u, 'zh-CN') <= 0)", units)
    assert sorted(units) == sorted(d.unit or "（未识别单位）" for d in batch.documents)


def test_reports_table_filters_by_unit_rule_and_severity(site, browser, batch):
    from selenium.webdriver.support.ui import Select

    _load(browser, site.as_uri())
    unit_col = 0
    unit = batch.documents[1].unit
    assert unit
    box = browser.find_element("id", "filter-unit")
    box.send_keys(unit[-3:])
    assert _column(browser, unit_col) == [d.unit for d in batch.documents if unit[-3:] in (d.unit or "")]
    browser.find_element("id", "filter-clear").click()
    assert len(_column(browser, unit_col)) == len(batch.documents)
    Select(browser.find_element("id", "filter-rule")).select_by_value("CPY001")
    assert sorted(_column(browser, unit_col)) == sorted(d.unit for d in batch.documents[:2])
    assert browser.find_element("id", "rows-shown").text == f"2 / {len(batch.documents)}"
    Select(browser.find_element("id", "filter-sev")).select_by_value("error")
    expected = [d.unit for d in batch.documents[:2] if any(f.severity == "error" for f in d.findings)]
    assert _column(browser, unit_col) == expected
    browser.find_element("id", "filter-clear").click()
    Select(browser.find_element("id", "filter-sev")).select_by_value("warning")
    warned = [d.unit for d in batch.documents
              if any(f.severity == "warning" for f in d.findings) or d.path in batch.batch_findings[0].documents]
    assert sorted(_column(browser, unit_col)) == sorted(warned)


def test_screenshots_script_writes_the_overview_and_a_report(tmp_path):
    from output_samples import REPORT_A, REPORT_B
    from script_loader import load_script

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
    out = tmp_path / "shots"
    assert load_script("screenshots").main([str(out), str(folder), "--width", "900", "--height", "700"]) == 0
    for name in ("overview.png", "report.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width > 800 and height > 500
    assert (out / "html" / "index.html").is_file() and not (out / ".chromium-profile").exists()


def test_opening_a_report_by_its_link_shows_its_heading_below_the_bars(short_window, single_page):
    driver = short_window
    _load(driver, single_page)
    driver.find_element("css selector", "#reports-table a[href='#doc-0']").click()
    top, bars = driver.execute_script(
        "return [document.getElementById('doc-0').getBoundingClientRect().top,"
        " document.querySelector('nav.toc').getBoundingClientRect().bottom]")
    assert bars <= top < driver.execute_script("return window.innerHeight")
