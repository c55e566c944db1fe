"""Regenerate the report screenshots of the README: one not-recognised commune of the bundled
data set at 1366 px and at 390 px (a phone), and page 1 of its printout (A4).

    python docs/report/screenshots.py  # needs chromium, chromedriver and ghostscript (gs)

Chromium prints the page to PDF as a browser does (its own ``@page`` size); ghostscript turns
page 1 into a PNG. Nothing here is a test: tests/test_report_browser.py checks the layout.
"""

from __future__ import annotations

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from clean_strong.reports import write_report

HERE = Path(__file__).resolve().parent
CODE = "03173"  # Nậm Chua: five mandatory criteria failed, one advisory
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--hide-scrollbars", "--force-color-profile=srgb")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        write_report("dien-bien-2019", Path(tmp) / "site")
        url = (Path(tmp) / "site" / "communes" / f"{CODE}.html").as_uri()
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in FLAGS:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            for width, height, scale, mobile in ((1366, 1500, 1, False), (390, 2400, 1, True)):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": scale,
                    "mobile": mobile})
                driver.get(url)
                driver.save_screenshot(str(HERE / f"commune-{width}.png"))
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            driver.get(url)
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                             "printBackground": True})
        finally:
            driver.quit()
        printed = Path(tmp) / "commune.pdf"
        printed.write_bytes(base64.b64decode(pdf["data"]))
        subprocess.run(["gs", "-q", "-dSAFER", "-sDEVICE=png16m", "-r100", "-dFirstPage=1",
                        "-dLastPage=1", "-o", str(HERE / "commune-print-page-1.png"),
                        str(printed)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
