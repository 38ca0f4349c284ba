"""A real headless browser for the report's tests, benchmark and screenshots: Debian's `chromium`
driven by `chromium-driver` through selenium (install: `apt-get install chromium chromium-driver`).

`HeadlessChromium` starts it with every background-networking feature off and host resolution
mapped to nothing, and logs every request the pages make (CDP Network events from the performance
log): `requests()` returns their URLs, so a caller can assert that a report fetched only file://.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # any name lookup fails: nothing can leave the machine
)


class BrowserUnavailable(Exception):
    """chromium, chromium-driver or selenium is missing."""


def find_chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or shutil.which("chromium-driver")
    if not browser or not driver:
        raise BrowserUnavailable("chromium and chromium-driver are not installed "
                                 "(apt-get install -y chromium chromium-driver)")
    return browser, driver


class HeadlessChromium:
    """`with HeadlessChromium(width, height) as b: b.open(path); b.driver...; b.requests()`."""

    def __init__(self, width: int = 1280, height: int = 900):
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError as err:  # pragma: no cover - selenium is a test dependency
            raise BrowserUnavailable(f"selenium is not installed ({err})") from None
        browser, driver = find_chromium()
        self.profile = tempfile.mkdtemp(prefix="jazba-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.driver.set_page_load_timeout(60)
        self._requests: list[str] = []
        self.driver.get("about:blank")
        self.driver.get_log("performance")  # drop chromium's own start-up (new tab page) entries

    def __enter__(self) -> "HeadlessChromium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path: str | Path, fragment: str = "", wait_ready: bool = True, timeout: float = 30.0) -> float:
        """Load a local page; wait until its script says it is ready; return seconds to ready
        (the page's own `performance.now()` at that moment, i.e. from navigation start)."""
        url = Path(path).resolve().as_uri() + fragment
        self.driver.get(url)
        if not wait_ready:
            return 0.0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ms = self.driver.execute_script(
                "return document.documentElement.getAttribute('data-ready') ? window.JAZBA_READY_MS : null")
            if ms is not None:
                return ms / 1000.0
            time.sleep(0.02)
        raise TimeoutError(f"{url}: page did not become ready in {timeout} s")

    def requests(self) -> list[str]:
        """URLs of every request made since the browser started (CDP Network.requestWillBeSent)."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])
        return list(self._requests)

    def console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def screenshot(self, path: str | Path, full_page: bool = False) -> Path:
        """PNG of the viewport, or of the whole page height (up to 6000 px) with `full_page`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if full_page:
            height = self.driver.execute_script("return Math.min(6000, document.documentElement.scrollHeight)")
            width = self.driver.execute_script("return window.innerWidth")
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            self.driver.save_screenshot(str(path))
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        else:
            self.driver.save_screenshot(str(path))
        return path
