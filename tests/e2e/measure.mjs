// Measures, in headless Chromium on the built app (dist/): the gzip transfer of what the page
// loads, and the time from a keystroke in the editor to the updated problems list / graph, for
// the order workflow and a generated 200-state workflow. Not part of `make test` (timings vary);
// run with `make measure` and read the figures.
import { createServer } from "node:http";
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const ROOT = resolve(process.cwd(), "dist");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

/** The files only a run needs: the engine Worker's module and script and the sandbox frame. The
 *  page fetches the module on its own once it is drawn (to compile it for the first Run). */
const RUN_ONLY = new Set(["engine.js", "engine_bg.wasm", "engine-worker.js", "sandbox.html"]);

/** The files of dist/ the browser fetches from navigation until the Run button is usable, in a
 *  fresh context (nothing cached): what "the page, until it is usable" weighs. The run-only
 *  files are held back until then, so that the page provably becomes usable without them (else
 *  this times out) however slowly it starts; they are counted with the files fetched later. */
async function fetchedUntilUsable(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const names = new Set();
  const held = [];
  const nameOf = (target) => (target.pathname === "/" ? "index.html" : decodeURIComponent(target.pathname.slice(1)));
  await context.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.origin !== new URL(url).origin) return route.continue();
    const name = nameOf(target);
    if (RUN_ONLY.has(name)) return held.push(route);
    names.add(name);
    return route.continue();
  });
  await page.goto(url);
  await page.waitForSelector("button.run:not([disabled])", { timeout: 10000 });
  console.log(`  held back until the Run button was usable: ${held.map((r) => nameOf(new URL(r.request().url()))).join(", ") || "nothing"}`);
  await Promise.all(held.map((route) => route.continue().catch(() => {})));
  await context.close();
  return names;
}

/** Each file's gzip size, summed for the files fetched before the page is usable and the rest
 *  (the engine Worker's module, compiled after the page is drawn; the sandbox frame and the
 *  Worker's script, fetched at the first run). */
async function transfer(early) {
  const sums = { page: 0, later: 0 };
  for (const name of await readdir(ROOT)) {
    if (!/\.(html|js|wasm|css)$/.test(name)) continue;
    const size = gzipSync(await readFile(join(ROOT, name)), { level: 9 }).length;
    const when = early.has(name) ? "before the page is usable" : "later";
    console.log(`  ${name}: ${(size / 1024).toFixed(1)} KiB gzip (${when})`);
    sums[early.has(name) ? "page" : "later"] += size;
  }
  return sums;
}

function chain(n) {
  const states = {};
  for (let i = 0; i < n; i++) {
    states[`S${i}`] = i % 10 === 5
      ? { Type: "Choice", Choices: [{ Variable: "$.step", NumericGreaterThan: i, Next: `S${i + 1}` }], Default: `S${i + 1}` }
      : { Type: "Pass", Parameters: { "step": i, "v.$": "$.v" }, ...(i + 1 < n ? { Next: `S${i + 1}` } : { End: true }) };
  }
  return JSON.stringify({ StartAt: "S0", States: states }, null, 2);
}

/** Milliseconds from a typed character to the next change of the side panel and graph
 *  ("updated"), and to the first frame painted after it ("painted": a requestAnimationFrame
 *  then a message, so everything the keystroke caused, editor underlines included, is on screen). */
async function keystroke(page, text, edits) {
  await page.click(".code-editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
  await page.waitForTimeout(300);
  const updated = [], painted = [];
  for (let i = 0; i < edits; i++) {
    await page.keyboard.press("Control+End");
    await page.waitForTimeout(50);
    await page.evaluate(() => {
      window.__t0 = null; window.__t1 = null; window.__t2 = null;
      document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (window.__t0 === null || window.__t1 !== null) return;
        window.__t1 = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { window.__t2 = performance.now(); };
          channel.port2.postMessage(0);
        });
      });
      observer.observe(document.querySelector(".side-panel"), { subtree: true, childList: true, characterData: true, attributes: true });
      observer.observe(document.querySelector(".graph-panel"), { subtree: true, childList: true, attributes: true });
    });
    // Alternately break the JSON (a problem appears, the graph goes stale) and mend it.
    await page.keyboard.press(i % 2 === 0 ? "x" : "Backspace");
    await page.waitForFunction(() => window.__t2 !== null, null, { timeout: 5000 }).catch(() => {});
    const [t0, t1, t2] = await page.evaluate(() => [window.__t0, window.__t1, window.__t2]);
    if (t0 !== null && t1 !== null) updated.push(t1 - t0);
    if (t0 !== null && t2 !== null) painted.push(t2 - t0);
  }
  const stats = (times) => {
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1], samples: times.length };
  };
  return { updated: stats(updated), painted: stats(painted) };
}

/** Records in the page, as `window.__runReady`, when the Run button is first usable: a
 *  MutationObserver on the whole document, installed before the page's scripts, notes the time
 *  of the DOM change that enabled it (Playwright's own polling would add its round trips). */
function recordRunReady() {
  const observer = new MutationObserver(() => {
    if (!document.querySelector("button.run:not([disabled])")) return;
    window.__runReady = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/** From navigation to the Run button usable; then from Run to the first run's outcome shown
 *  (the run starts an engine Worker, which compiles the module). */
async function firstRun(page, url) {
  await page.goto(url);
  await page.waitForSelector("button.run:not([disabled])");
  const ready = await page.evaluate(() => window.__runReady);
  await page.selectOption("select.speed", { label: "Instant" }); // the run, not its animation
  const pressed = await page.evaluate(() => performance.now());
  await page.click("button.run");
  await page.waitForSelector(".outcome.succeeded", { timeout: 10000 });
  const done = await page.evaluate(() => performance.now());
  // A later run: its Worker gets the engine's module compiled by the page meanwhile.
  await page.waitForTimeout(1500);
  const runs = Number(await page.getAttribute(".run-controls", "data-runs"));
  const again = await page.evaluate(() => performance.now());
  await page.click("button.run");
  await page.waitForSelector(`.run-controls[data-runs="${runs + 1}"] .outcome.succeeded`, { timeout: 10000 });
  const second = await page.evaluate(() => performance.now());
  return { ready, run: done - pressed, next: second - again };
}

/** A Choice loop run to AWS's 25,000-event limit, then the timeline moved with the keyboard:
 *  milliseconds from the key press to the event table and graph showing the new position. */
async function scrub(page) {
  await page.click(".code-editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(JSON.stringify({ StartAt: "Again", States: {
    Again: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: 1, Next: "Again" }], Default: "Done" },
    Done: { Type: "Succeed" } } }));
  await page.waitForSelector('li.state[data-state="Again"]');
  await page.fill("textarea.input-json", JSON.stringify({ n: 1 }));
  await page.selectOption("select.speed", { label: "Instant" });
  await page.click("button.run");
  await page.waitForSelector(".outcome:not(.running):not(.idle)", { timeout: 60000 });
  await page.waitForTimeout(500);
  const events = await page.evaluate(() => +document.querySelector(".timeline input[type=range]").max + 1);
  await page.focus(".timeline input[type=range]");
  const times = [];
  for (let i = 0; i < 30; i++) {
    await page.evaluate(() => {
      window.__t0 = null; window.__t1 = null;
      document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (window.__t0 !== null && window.__t1 === null) { window.__t1 = performance.now(); observer.disconnect(); }
      });
      observer.observe(document.querySelector(".events-view"), { subtree: true, childList: true, characterData: true });
    });
    await page.keyboard.press(i % 10 === 0 ? "PageDown" : "ArrowLeft");
    await page.waitForFunction(() => window.__t1 !== null, null, { timeout: 5000 }).catch(() => {});
    const delta = await page.evaluate(() => (window.__t1 ?? NaN) - (window.__t0 ?? NaN));
    if (Number.isFinite(delta)) times.push(delta);
  }
  times.sort((a, b) => a - b);
  return { events, median: times[Math.floor(times.length / 2)], max: times[times.length - 1], samples: times.length };
}

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    const body = await readFile(join(ROOT, path.endsWith("/") ? "index.html" : path));
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/html" }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const url = `http://127.0.0.1:${server.address().port}/`;
console.log("transfer:");
const early = await fetchedUntilUsable(browser, url);
const sums = await transfer(early);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB gzip`;
console.log(`  the page, until it is usable (${[...early].sort().join(", ")}): ${kib(sums.page)}`);
console.log(`  fetched later (the engine Worker's module, compiled after the page is drawn; the sandbox and Worker scripts at the first run): ${kib(sums.later)}`);
console.log(`  total: ${kib(sums.page + sums.later)}`);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript(recordRunReady);
for (let round = 0; round < 3; round++) {
  const t = await firstRun(page, url);
  console.log(`navigation → Run ready ${t.ready.toFixed(0)} ms; Run → first run's outcome (order workflow, in stock, Instant) ${t.run.toFixed(0)} ms; the next run ${t.next.toFixed(0)} ms${round === 0 ? " (cold cache)" : ""}`);
}
const order = await page.evaluate(async () => (await fetch("examples/order/definition.asl.json")).text());
for (const [name, text] of [["order workflow", order], ["200-state workflow", chain(200)]]) {
  const t = await keystroke(page, text, 20);
  const line = (s) => `median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.samples} edits)`;
  console.log(`keystroke → problems and graph updated, ${name}: ${line(t.updated)}`);
  console.log(`keystroke → next frame painted (underlines included), ${name}: ${line(t.painted)}`);
}
{
  const t = await scrub(page);
  console.log(`scrub a ${t.events}-event run (timeline key press → events shown as of the new position): median ${t.median.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (${t.samples} moves)`);
}
await browser.close();
server.close();
