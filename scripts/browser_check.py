"""Headless Chromium walk through Minzheng's pages and journeys.

Usage: browser_check.py BASE_URL SCREENSHOT_DIR SERVER_LOG

Each page must answer 2xx, have a <title> containing Chinese, and log no console error. Journeys (sequences of
form fills) are added by later features. Screenshots go to SCREENSHOT_DIR/<name>.png.
"""
import json
import re
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE, SHOTS, SERVER_LOG = sys.argv[1], sys.argv[2], sys.argv[3]
CJK = re.compile(r"[\u4e00-\u9fff]")

PAGES = [
    ("home", "/"),
    ("deadline-form", "/tools/deadline"),
    ("deadline-result", "/tools/deadline?from=2025-09-26&days=5&unit=workday&calendar=xinjiang"),
    ("calendar-2025", "/calendar/2025?calendar=xinjiang"),
    ("calendar-2026", "/calendar/2026"),
    ("login", "/login"),
    ("register", "/register"),
]

failures = []


def make_driver():
    options = Options()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def status_of(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_page(driver, name, path, expect_status=True):
    if expect_status:
        status = status_of(path)
        if not 200 <= status < 300:
            failures.append(f"{name}: {path} answered {status}")
    driver.get(BASE + path)
    title = driver.title
    if not CJK.search(title or ""):
        failures.append(f"{name}: {path} has no Chinese <title> ({title!r})")
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            failures.append(f"{name}: console error: {entry.get('message')}")
    driver.save_screenshot(f"{SHOTS}/{name}.png")
    print(f"ok  {name:24} {path}  《{title}》")


def main():
    driver = make_driver()
    try:
        for name, path in PAGES:
            check_page(driver, name, path)
        # Phone width: the layout must stay usable.
        driver.set_window_size(390, 844)
        check_page(driver, "home-phone", "/")
        driver.set_window_size(1280, 1000)
    finally:
        driver.quit()
    if failures:
        print("\nBrowser check FAILED:")
        for failure in failures:
            print("  - " + failure)
        print("\nServer log (tail):")
        with open(SERVER_LOG, encoding="utf-8", errors="replace") as log:
            print("".join(log.readlines()[-40:]))
        sys.exit(1)
    print(f"\nBrowser check passed: {len(PAGES) + 1} pages.")


if __name__ == "__main__":
    main()
