"""The report as a PDF on A4: the HTML page printed by a headless Chromium.

A browser lays out the tables, the SVG charts and the accented and Arabic names as the HTML page
shows them, with the page's print stylesheet (A4, a section per page start, headers repeated);
no PDF library in Python does all of that. Chromium is a system program, so it is optional: when
it is missing, `PdfUnavailable` says what to install, and the HTML report can be printed instead.

Chromium tags the PDF (its structure comes from the page's accessibility tree: headings, tables
with their header scopes, the charts as Figures with their text alternative, each passage's /Lang)
and, asked to, makes its bookmarks from the headings (`--generate-pdf-document-outline`). What it
leaves out, pikepdf (qpdf) adds to the file it printed, without touching a page (`_finished`):
- a RoleMap: Chromium tags emphasis Em and Strong, PDF 2.0's types, in a PDF 1.4 whose standard
  types do not include them; mapped to Span, a checker (and `pdfinfo -struct`) reads them;
- XMP metadata (dc:title, dc:language, the creating tool, the dates) beside the document
  information, and a viewer asked to show the title rather than the file name (PDF/UA asks both);
- cic as the Creator, not Chromium's user agent.
Editing a PDF's bytes by hand would have to rebuild its cross-reference table; qpdf does it whole.

Chromium writes the moment it printed as the PDF's dates, and nothing else that changes from run
to run: the dates are set to the report's date (`generated`: today, or SOURCE_DATE_EPOCH), and
the file is saved with an identifier made from its content, so the same data, cic and Chromium
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

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


def to_pdf(html: str, generated: dt.date | None = None, *, title: str = "", lang: str = "") -> bytes:
    """The PDF of the HTML page `html`, printed on A4 by headless Chromium, dated `generated`;
    `title` and `lang` are the report's, said in its metadata."""
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
                   "--generate-pdf-document-outline",  # bookmarks from the headings
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
        return _finished(pdf.read_bytes(), generated or dt.date.today(), title, lang)


#: Chromium's structure types that PDF 1.4-1.7 do not define, and the standard type each is read as.
ROLE_MAP = {"Em": "Span", "Strong": "Span"}


def _finished(printed: bytes, generated: dt.date, title: str, lang: str) -> bytes:
    """Chromium's PDF with what it leaves out (see the module's docstring), dated `generated`."""
    import pikepdf

    from cicmaroc import __version__

    creator = f"cic {__version__}"
    day = dt.datetime(generated.year, generated.month, generated.day, tzinfo=dt.UTC)
    with pikepdf.Pdf.open(io.BytesIO(printed)) as pdf:  # in memory: the printed bytes
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            used = _structure_types(tree)
            role_map = tree.get("/RoleMap") or pikepdf.Dictionary()
            for kind, standard in ROLE_MAP.items():
                if kind in used and pikepdf.Name("/" + kind) not in role_map:
                    role_map[pikepdf.Name("/" + kind)] = pikepdf.Name("/" + standard)
            tree.RoleMap = role_map
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if lang:
            pdf.Root.Lang = pikepdf.String(lang)
        stamp = pikepdf.String(f"D:{day:%Y%m%d%H%M%S}Z")
        pdf.docinfo["/Creator"] = pikepdf.String(creator)
        pdf.docinfo["/CreationDate"] = pdf.docinfo["/ModDate"] = stamp
        if title:
            pdf.docinfo["/Title"] = pikepdf.String(title)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = str(pdf.docinfo.get("/Title", title))
            if lang:
                xmp["dc:language"] = [lang]
            xmp["xmp:CreatorTool"] = creator
            xmp["pdf:Producer"] = str(pdf.docinfo.get("/Producer", ""))
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                xmp[key] = day.isoformat()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _structure_types(tree: Any) -> set[str]:
    """The structure types used under the StructTreeRoot `tree` ("P", "Em" ...), walked without recursion."""
    import pikepdf

    found: set[str] = set()
    stack = [tree.get("/K")]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            kind = node.get("/S")
            if kind is not None:
                found.add(str(kind)[1:])
            stack.append(node.get("/K"))
    return found
