// Load one HTML page in Debian's chromium (through puppeteer, installed by `npm ci`) and report, as JSON
// on stdout: every request other than the page itself, every console error and page error, the
// page's text, and a screenshot written to argv[3]. Used by tests/test_report_documents.py.
import puppeteer from "puppeteer";

const [page_path, screenshot, executable] = process.argv.slice(2);
const browser = await puppeteer.launch({executablePath: executable, args: ["--no-sandbox"], headless: true});
const found = {requests: [], console_errors: [], page_errors: []};
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1200, height: 1600});
  const url = "file://" + page_path;
  page.on("request", (r) => { if (r.url() !== url && !r.url().startsWith("data:")) found.requests.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error") found.console_errors.push(m.text()); });
  page.on("pageerror", (e) => found.page_errors.push(String(e)));
  await page.goto(url, {waitUntil: "networkidle0"});
  await page.screenshot({path: screenshot, fullPage: false});
  found.text = await page.evaluate(() => document.body.innerText);
  found.svgs = await page.evaluate(() => document.querySelectorAll("div.chart svg[role=img][aria-label]").length);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found));
