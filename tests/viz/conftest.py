"""A headless Chromium driven by chromedriver, with every network request made to fail.

Debian's /usr/bin/chromium and /usr/bin/chromedriver; Selenium is given the driver's path
so Selenium Manager never tries to download one. The proxy and resolver rules send any
request that is not file:// nowhere, so a page that needs a CDN breaks here.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import need

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def _have_browser() -> bool:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    need(_have_browser(), "headless chromium, chromedriver and selenium are needed "
                          "(apt-get install chromium chromium-driver; pip install selenium)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chainkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--disable-extensions", "--window-size=1400,900",
                f"--user-data-dir={profile}",
                # No network: any http(s) request goes to a closed port, any name is unknown.
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-bypass-list=<-loopback>"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open_view(driver: Any, path: Path, timeout: float = 90.0) -> dict[str, Any]:
    """Load ``path`` from file://, wait until the page says it is laid out, return
    window.__chainkg's counts and the console messages logged meanwhile."""
    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = driver.execute_script(
            "var s = window.__chainkg; return s && s.ready ? "
            "{nodes: s.nodeSet.length, edges: s.edgeSet.length, ready: s.ready, "
            " trimmed: s.trimmed} : null;")
        if state:
            break
        time.sleep(0.2)
    logs = driver.get_log("browser")
    assert state, f"{path.name} never became ready; console: {logs}"
    state["logs"] = logs
    return state  # type: ignore[no-any-return]


def _screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(target))
    return target


@pytest.fixture
def open_view() -> Any:
    """``open_view(driver, path)``: load a page, wait until laid out, return its state."""
    return _open_view


@pytest.fixture
def screenshot() -> Any:
    """``screenshot(driver, name)``: save tests/artifacts/<name>.png."""
    return _screenshot
