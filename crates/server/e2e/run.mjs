// Browser tests of `readout serve`: builds a fresh store from corpus/corpus.jsonl (text
// written for these tests, including two script-injection attempts), starts the server
// on a free port and drives Debian's chromium through playwright-core. Screenshots go
// to target/e2e-screenshots/. Exits non-zero on the first failed check.
//
// Environment: READOUT_BIN (default target/release/readout), CHROMIUM (default
// /usr/bin/chromium), SHOTS (default target/e2e-screenshots).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const bin = process.env.READOUT_BIN || path.join(root, "target/release/readout");
const shots = process.env.SHOTS || path.join(root, "target/e2e-screenshots");
mkdirSync(shots, { recursive: true });

const work = mkdtempSync(path.join(tmpdir(), "readout-e2e-"));
const store = path.join(work, "store");
execFileSync(bin, ["ingest", path.join(here, "corpus/corpus.jsonl"), "--store", store], {
  stdio: "inherit",
});

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

const server = spawn(bin, ["serve", "--store", store, "--port", "0"], {
  stdio: ["ignore", "inherit", "pipe"],
});
const base = await new Promise((resolve, reject) => {
  let err = "";
  const timer = setTimeout(() => reject(new Error("server did not start: " + err)), 20000);
  server.stderr.on("data", (d) => {
    err += d;
    const m = /at (http:\/\/[0-9.:]+)\//.exec(err);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  server.on("exit", (c) => reject(new Error(`server exited (${c}): ${err}`)));
});
console.log("server at", base);

const profile = path.join(work, "profile");
process.on("exit", () => server.kill());
// A fresh profile folder is the --user-data-dir (playwright passes it for a persistent
// context and refuses it among the plain args).
const browser = await chromium.launchPersistentContext(profile, {
  viewport: { width: 1280, height: 900 },
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

try {
  const page = await browser.newPage();
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) outside.push(r.url());
  });
  const shot = (name) => page.screenshot({ path: path.join(shots, name), fullPage: true });

  // Overview.
  await page.goto(base + "/");
  check((await page.textContent("h1")) === "Overview", "overview heading");
  const docs = await page.textContent(".counts .count:first-child");
  check(/3\s*documents/.test(docs), `overview counts 3 documents (${docs})`);
  check((await page.locator("text=Elena Ruiz").count()) > 0, "overview lists Elena Ruiz");
  await shot("1-overview.png");

  // Search from the header box.
  await page.fill("header input[name=q]", "comment");
  await page.press("header input[name=q]", "Enter");
  await page.waitForURL(/\/search\?q=comment/);
  const hit = page.locator("table a[href^='/article/']").first();
  const hitText = await hit.textContent();
  check(hitText.includes("<script>alert(1)</script>"), "search hit shows the script tag as text");
  await shot("2-search.png");

  // Article reader.
  await hit.click();
  await page.waitForURL(/\/article\/\d+/);
  const body = await page.textContent("article.text");
  check(body.includes('"><img src=x onerror=alert(1)>'), "article shows the img injection as text");
  check((await page.locator("article.text img, article.text script").count()) === 0, "no img or script element in the text");
  check((await page.locator("script").count()) === 0, "the reader page has no script at all");
  const person = page.locator("article.text .e-PERSON").first();
  check((await person.count()) > 0, "a PERSON mention is highlighted");
  if ((await person.count()) > 0) {
    const before = await person.evaluate((e) => getComputedStyle(e).backgroundColor);
    await page.click("label[for=show-PERSON]");
    const after = await person.evaluate((e) => getComputedStyle(e).backgroundColor);
    check(before !== "rgba(0, 0, 0, 0)" && after === "rgba(0, 0, 0, 0)", `toggling PERSON removes its colour (${before} -> ${after})`);
    await page.screenshot({ path: path.join(shots, "3b-article-person-off.png"), fullPage: true });
    await page.click("label[for=show-PERSON]");
  }
  check((await page.locator("h2", { hasText: "Consistency findings" }).count()) === 1, "findings section");
  await shot("3-article.png");

  // Speaker / entity page from the article's entity table.
  await page.click("table a:text('Elena Ruiz')");
  await page.waitForURL(/\/entity\/\d+/);
  check((await page.textContent("h1")) === "Elena Ruiz", "entity page heading");
  check((await page.locator("h2", { hasText: "Said by Elena Ruiz" }).count()) === 1, "statements-by section");
  check((await page.locator("h2", { hasText: "Timeline" }).count()) === 1, "timeline section");
  await shot("4-entity.png");

  // Graphs: the bundled script must run and report what it drew.
  await page.goto(base + "/graph");
  await page.waitForFunction(() => document.getElementById("claims-status").textContent.length > 0 && document.getElementById("actors-status").textContent.length > 0, null, { timeout: 15000 });
  const status = await page.textContent("#claims-status");
  check(/\d+ nodes, \d+ edges/.test(status), `claims graph drawn by the bundle (${status})`);
  const actors = await page.textContent("#actors-status");
  check(/\d+ nodes, \d+ edges/.test(actors), `actor network drawn by the bundle (${actors})`);
  for (const id of ["claims", "actors"]) {
    const n = Number(await page.getAttribute("#" + id, "data-nodes"));
    if (n > 0) check((await page.locator(`#${id} canvas`).count()) > 0, `${id}: cytoscape canvas present`);
  }
  await shot("5-graph.png");

  // Reflected input is escaped too, and the API refuses writes.
  await page.goto(base + "/search?q=" + encodeURIComponent('"><script>alert(3)</script>') + "&speaker=" + encodeURIComponent("'><img src=x onerror=alert(4)>"));
  check((await page.locator("main img, main script").count()) === 0, "search form values are escaped");
  const post = await page.evaluate(async () => (await fetch("/api/overview", { method: "POST", body: "x" })).status);
  check(post === 405, `POST is rejected (${post})`);

  await page.waitForTimeout(300);
  check(dialogs.length === 0, `no dialog fired (${JSON.stringify(dialogs)})`);
  check(outside.length === 0, `no request left the app (${JSON.stringify(outside)})`);
} finally {
  await browser.close();
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : "all browser checks passed; screenshots in " + shots);
process.exit(failures ? 1 : 0);
