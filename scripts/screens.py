#!/usr/bin/env python3
"""Renders what each demo role sees into docs/screens/: the home page and every place of the
role's menu, at 360 px (a phone) and 1366 px (a desk), in headless Chromium.

    target/debug/motcua serve --demo --demo-dossiers 2000 --listen 127.0.0.1:8080 \
        --data /tmp/screens/data --keys /tmp/screens/keys &
    pip install selenium            # drives Debian's chromium and chromium-driver
    scripts/screens.py --url http://127.0.0.1:8080 [--out docs/screens] [--home-only]

Each page is followed from the menu, by its link, as the person would; a page that answers
with anything but 200, or that is wider than the window (sideways scrolling), is reported and
the script exits with 1.
"""

import argparse
import os
import re
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

PASSWORD = "motcua-demo"
ROLES = [
    None,  # no account
    "congdan",
    "motcua.baclieu",
    "chuyenvien.baclieu",
    "lanhdao.baclieu",
    "xulydon.baclieu",
    "thanhtra.tinh",
    "quantri.tinh",
    "quantri",
]
WIDTHS = [360, 1366]


def browser(width):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        opts.add_argument(a)
    # Chromium's headless window has a minimum width: emulate the phone instead.
    if width < 500:
        opts.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": width, "height": 800, "pixelRatio": 1}},
        )
    else:
        opts.add_argument(f"--window-size={width},900")
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def login(d, url, who):
    d.get(url + "/login")
    d.find_element(By.NAME, "login").send_keys(who)
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def shoot(d, path, width):
    """Saves the page; true if it is wider than `width` (a page without a viewport tag lays
    out at 980 px on a phone, so the window's own width is no measure)."""
    # Fonts and a long table may widen the page after the load event: the widest of a few
    # looks over a second and a half.
    seen = 0
    for _ in range(5):
        time.sleep(0.3)
        seen = max(
            seen,
            d.execute_script(
                "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            ),
        )
    wide = seen > width
    # What the first screen shows; a full-page capture would resize the emulated screen and
    # change the next page's layout.
    d.save_screenshot(path)
    return wide


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--out", default="docs/screens")
    ap.add_argument("--home-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    problems = []
    for width in WIDTHS:
        for who in ROLES:
            d = browser(width)
            try:
                name = who or "public"
                if who:
                    login(d, args.url, who)
                d.get(args.url + "/")
                if shoot(d, f"{args.out}/{name}-home-{width}.png", width):
                    problems.append(f"{name} home at {width}px scrolls sideways")
                links = [
                    (a.get_attribute("href"), a.text)
                    for a in d.find_elements(By.CSS_SELECTOR, "nav.places a")
                ]
                if args.home_only:
                    continue
                for href, text in links:
                    d.get(href)
                    slug = re.sub(r"[^a-z0-9]+", "-", href.split("//", 1)[1].split("/", 1)[1]).strip("-")
                    status = d.execute_script(
                        "return performance.getEntriesByType('navigation')[0].responseStatus"
                    )
                    if status not in (200, None):
                        problems.append(f"{name}: {text} ({href}) answered {status}")
                    if shoot(d, f"{args.out}/{name}-{slug or 'home'}-{width}.png", width):
                        problems.append(f"{name}: {text} at {width}px scrolls sideways")
            finally:
                d.quit()
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
