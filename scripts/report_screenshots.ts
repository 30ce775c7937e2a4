/**
 * Regenerates the report screenshots in docs/ (`docs/report-*.png`) from real captures in
 * fixtures/, with headless Chromium (see tests/support/browser.ts).
 *
 * Usage: `deno run --allow-all scripts/report_screenshots.ts`
 *
 * @module
 */
import { join } from "node:path";
import { buildReport } from "../src/report/mod.ts";
import { DEFAULT_STUCK_THRESHOLDS } from "../src/core/config/mod.ts";
import { launchBrowser } from "../tests/support/browser.ts";

const ROOT = new URL("../", import.meta.url).pathname;

interface Shot {
  name: string;
  files: string[];
  dark: boolean;
  /** Requests whose details are opened before the screenshot. */
  open: string[];
  height: number;
}

const SHOTS: Shot[] = [
  {
    name: "report-stuck-loop.png",
    files: ["fixtures/codex-0.47.0/stuck-loop.jsonl"],
    dark: false,
    open: ["1"],
    height: 1500,
  },
  {
    name: "report-app-server-dark.png",
    files: [
      "fixtures/codex-0.169.0/app-server-approval.jsonl",
      "fixtures/codex-0.169.0/app-server-multi-turn.jsonl",
    ],
    dark: true,
    open: ["2"],
    height: 1500,
  },
];

const browser = await launchBrowser();
const dir = await Deno.makeTempDir({ prefix: "codexmon-shots-" });
try {
  for (const shot of SHOTS) {
    const html = await buildReport(shot.files.map((file) => join(ROOT, file)), {
      thresholds: DEFAULT_STUCK_THRESHOLDS,
      now: Date.UTC(2026, 11, 4, 12),
    });
    // Paths inside the page are shown relative to the repository.
    const page = join(dir, shot.name.replace(".png", ".html"));
    await Deno.writeTextFile(page, html.replaceAll(ROOT, ""));
    const tab = await browser.browser.newPage();
    await tab.emulateMediaFeatures([
      { name: "prefers-color-scheme", value: shot.dark ? "dark" : "light" },
    ]);
    await tab.setViewport({ width: 1280, height: shot.height });
    await tab.goto(`file://${page}`, { waitUntil: "load" });
    for (const key of shot.open) {
      await tab.$eval(
        `details.request[data-key="${key}"]`,
        (node) => node.setAttribute("open", ""),
      );
    }
    await tab.screenshot({ path: join(ROOT, "docs", shot.name) });
    await tab.close();
    console.log(`wrote docs/${shot.name}`);
  }
} finally {
  await browser.close();
  await Deno.remove(dir, { recursive: true });
}
