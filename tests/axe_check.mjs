// Load one HTML page in Debian's chromium (through puppeteer) and run axe-core on it, as the
// accessibility checkers of public bodies do: WCAG 2.0 and 2.1, levels A and AA, and axe's best
// practices. Prints, as JSON on stdout, axe's version, the violations (rule, impact, help, the nodes'
// selectors) and what it could not decide ("incomplete"). Used by tests/test_accessibility.py.
// The page forbids every script by its Content-Security-Policy; axe is put in by the test harness
// (CSP bypassed for it), not by the page.
import { createRequire } from "node:module";
import puppeteer from "puppeteer";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [pagePath, executable] = process.argv.slice(2);
const browser = await puppeteer.launch({executablePath: executable, args: ["--no-sandbox"], headless: true});
try {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.goto("file://" + pagePath, {waitUntil: "load"});
  await page.addScriptTag({path: axePath});
  const result = await page.evaluate(async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
    const run = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    const brief = (items) => items.map((r) => ({id: r.id, impact: r.impact, help: r.help,
      nodes: r.nodes.slice(0, 5).map((n) => n.target.join(" ")), count: r.nodes.length}));
    return {version: window.axe.version, violations: brief(run.violations), incomplete: brief(run.incomplete),
            passes: run.passes.length};
  });
  process.stdout.write(JSON.stringify(result));
} finally {
  await browser.close();
}
