#!/usr/bin/env python3
"""Screenshots of the HTML report in headless Chromium: the overview and one report.

Usage: python scripts/screenshots.py OUT_DIR [PATH ...] [--report N] [--width 1280] [--height 1600]

Analyses PATH (default: corpora/demo), writes the HTML report (index page and report pages)
into OUT_DIR/html/, opens it from file:// and saves OUT_DIR/overview.png (the index page as
it opens) and OUT_DIR/report.png (report N, by default the one with the most findings, after
following its first finding's link, so the marked passage shows under the sticky bars).
Needs chromium, chromedriver and selenium (the dev extra). The PNGs are for a closing note or
a review, not committed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def browser(width: int, height: int, profile: Path):
    """A headless Chromium driven by selenium, or SystemExit with the reason."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        raise SystemExit("screenshots: 找不到 chromium 或 chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise SystemExit("screenshots: 需要 selenium（pip install -e .[dev]）") from None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def busiest(batch) -> int:
    """The report with the most findings (its own and cross-report ones)."""
    def count(i):
        doc = batch.documents[i]
        return len(doc.findings) + sum(doc.path in f.documents for f in batch.batch_findings)
    return max(range(len(batch.documents)), key=count)


def ready(driver) -> None:
    for _ in range(50):
        if driver.execute_script("return document.documentElement.getAttribute('data-ready')") == "1":
            return
        time.sleep(0.1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="*", default=[str(REPO / "corpora" / "demo")])
    parser.add_argument("--report", type=int, default=None, help="report number (from 1); default the busiest")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args(argv)

    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output.html import finding_href, write_html

    batch = analyze_batch(args.paths)
    if not batch.documents:
        raise SystemExit("screenshots: 没有可分析的材料")
    args.out.mkdir(parents=True, exist_ok=True)
    index = args.out / "html" / "index.html"
    write_html(batch, index)
    i = args.report - 1 if args.report else busiest(batch)
    doc = batch.documents[i]
    if doc.findings:
        href = finding_href(index, i, 0)
    else:
        j = next((j for j, f in enumerate(batch.batch_findings) if doc.path in f.documents), None)
        href = finding_href(index, i, batch_index=j)
    driver = browser(args.width, args.height, args.out / ".chromium-profile")
    try:
        driver.get(index.resolve().as_uri())
        ready(driver)
        driver.save_screenshot(str(args.out / "overview.png"))
        driver.get(index.resolve().parent.as_uri() + "/" + href)
        ready(driver)
        time.sleep(0.3)
        driver.save_screenshot(str(args.out / "report.png"))
    finally:
        driver.quit()
        shutil.rmtree(args.out / ".chromium-profile", ignore_errors=True)
    print(f"{args.out / 'overview.png'}\n{args.out / 'report.png'}（第 {i + 1} 份：{doc.path}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
