"""A headless Chromium driven by selenium, for tests that use the real Label Studio UI as a reviewer would.

`chromium` and `chromedriver` come from Debian (`make browser`); selenium from PyPI (test extra).
A missing browser is a test failure, not a skip: `make test` installs it.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from contextlib import contextmanager
from typing import Callable, Iterator

import pytest

HEADLESS_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1000", "--lang=en-US",
)


def _executables() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("chromium / chromedriver not found: run `make browser` (apt-get install -y chromium "
                    "chromium-driver)", pytrace=False)
    return chromium, driver


@contextmanager
def chromium() -> Iterator["object"]:
    """A headless Chromium WebDriver with a throw-away profile."""
    try:
        from selenium import webdriver
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[test]'", pytrace=False)
    binary, driver_path = _executables()
    profile = tempfile.mkdtemp(prefix="jazba-chromium-")
    opts = webdriver.ChromeOptions()
    for flag in HEADLESS_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.binary_location = binary
    driver = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=driver_path))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(condition: Callable[[], object], timeout: float = 60.0, what: str = "condition") -> object:
    """Poll `condition` until it returns something truthy (exceptions count as not yet)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # the page is still rendering
            last = exc
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}" + (f" ({last})" if last else ""))


def login(driver, url: str, email: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/user/login/")
    wait_for(lambda: driver.find_element(By.NAME, "email"), what="the login form")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
    wait_for(lambda: "/user/login" not in driver.current_url, what="the login to finish")


#: JavaScript: the viewport rectangle of characters [start, end) of the first element whose text
#: content contains `needle` under a Label Studio Text object (`.lsf-richtext` holds its text).
_RANGE_RECT = """
const [needle, nth] = arguments;
const roots = Array.from(document.querySelectorAll('.lsf-richtext, [class*="htx-richtext"]'));
for (const root of roots) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  let at = -1;
  for (let i = 0; i <= nth; i++) { at = text.indexOf(needle, at + 1); if (at < 0) break; }
  if (at < 0) continue;
  const locate = (pos) => { for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= pos) return [nodes[i][0], pos - nodes[i][1]]; };
  const range = document.createRange();
  const [sn, so] = locate(at); const [en, eo] = locate(at + needle.length - 1);
  range.setStart(sn, so); range.setEnd(en, eo + 1);
  const rects = range.getClientRects(); const first = rects[0], last = rects[rects.length - 1];
  return {x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2};
}
return null;
"""


def drag_select(driver, needle: str, nth: int = 0) -> None:
    """Select `needle` in the task text with the mouse, as a reviewer drags over it."""
    from selenium.webdriver.common.action_chains import ActionChains

    rect = wait_for(lambda: driver.execute_script(_RANGE_RECT, needle, nth), what=f"the text {needle!r}")
    body = driver.find_element("tag name", "body")
    # ActionChains offsets are from the element's centre; go through the top-left corner of <body>.
    origin = driver.execute_script("const r = document.body.getBoundingClientRect(); return [r.left, r.top, r.width, r.height];")
    left, top, width, height = origin
    def offset(x, y):
        return int(x - left - width / 2), int(y - top - height / 2)
    (ax, ay), (bx, by) = offset(rect["x0"], rect["y0"]), offset(rect["x1"], rect["y1"])
    (ActionChains(driver).move_to_element_with_offset(body, ax, ay).click_and_hold()
     .move_to_element_with_offset(body, bx, by).release().perform())
