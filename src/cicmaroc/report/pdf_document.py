"""The report as a PDF on A4: the HTML page printed by a headless Chromium.

A browser lays out the tables, the SVG charts and the accented and Arabic names as the HTML page
shows them, with the page's print stylesheet (A4, a section per page start, headers repeated);
no PDF library in Python does all of that. Chromium is a system program, so it is optional: when
it is missing, `PdfUnavailable` says what to install, and the HTML report can be printed instead.

Chromium writes the moment it printed as the PDF's creation and modification dates, and nothing
else that changes from run to run: those two are set to the report's date (`generated`: today,
or SOURCE_DATE_EPOCH), so that the same data, cic and Chromium give the same bytes. The dates
are rewritten in place, at the same length (Chromium runs in UTC, so each reads
`D:YYYYMMDDHHmmSS+00'00'`), which keeps the PDF's table of byte offsets right.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from cicmaroc.errors import UsageError
from cicmaroc.files.writing import write_text_atomic
from cicmaroc.i18n import N_

#: Where Chromium is looked for, in order; CIC_CHROMIUM names another.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 180  # seconds


class PdfUnavailable(UsageError):
    """No browser to print with, or it failed: a sentence for the officer (exit 2)."""


def find_browser() -> str | None:
    """The Chromium to print with, or None."""
    named = os.environ.get("CIC_CHROMIUM")
    if named:
        return shutil.which(named)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


#: A date of the PDF's information dictionary as Chromium writes it (in UTC).
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}\+00'00'\)")


def to_pdf(html: str, generated: dt.date | None = None) -> bytes:
    """The PDF of the HTML page `html`, printed on A4 by headless Chromium, dated `generated`."""
    browser = find_browser()
    if browser is None:
        raise PdfUnavailable(N_("A PDF is printed by Chromium, which was not found (looked for {browsers}). "
                                "Install it (Debian/Ubuntu: apt install chromium) or set CIC_CHROMIUM; or "
                                "write --format html and print it from a browser."),
                             browsers=", ".join(BROWSERS))
    with tempfile.TemporaryDirectory(prefix="cic-pdf-") as folder:
        page, pdf = Path(folder, "report.html"), Path(folder, "report.pdf")
        write_text_atomic(page, html)
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-extensions", f"--user-data-dir={Path(folder, 'profile')}",
                   "--no-pdf-header-footer", "--print-to-pdf-no-header",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                                  env={**os.environ, "TZ": "UTC"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(N_("Chromium ({browser}) could not print the report: {problem}."),
                                 browser=browser, problem=str(exc)) from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise PdfUnavailable(N_("Chromium ({browser}) could not print the report (exit {code}): "
                                    "{problem}"), browser=browser, code=done.returncode, problem=detail[0])
        return _dated(pdf.read_bytes(), generated or dt.date.today())


def _dated(pdf: bytes, generated: dt.date) -> bytes:
    """`pdf` with its creation and modification dates set to `generated`, at the same length."""
    stamp = generated.strftime("%Y%m%d000000").encode()
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp + b"+00'00')", pdf)
