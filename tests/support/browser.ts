/**
 * Headless Chromium for tests (the Debian package at /usr/bin/chromium, or CHROMIUM_PATH),
 * driven with puppeteer-core. Each browser gets a fresh profile folder, removed on close.
 */

import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Where the tests look for Chromium. */
export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** True when Chromium is installed (tests that need it are skipped otherwise, saying so). */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

/** A headless browser with a throwaway profile. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts headless Chromium without network extras (no sync, updates or first-run pages). */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await Deno.makeTempDir({ prefix: "codexmon-chromium-" });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

/** What happened while a page loaded. */
export interface PageLog {
  consoleErrors: string[];
  /** Requests to anything but the page itself (file:// or the given origin). */
  network: string[];
}

/** Opens `url` in a new page, recording console errors and requests beyond `allowedPrefix`. */
export async function openPage(
  browser: Browser,
  url: string,
  allowedPrefix: string,
): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  const log: PageLog = { consoleErrors: [], network: [] };
  page.on("console", (message) => {
    if (message.type() === "error") log.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => log.consoleErrors.push(String(error)));
  page.on("request", (request) => {
    const target = request.url();
    if (!target.startsWith(allowedPrefix) && !target.startsWith("data:")) log.network.push(target);
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  return { page, log };
}
