import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { SCREENSHOTS } from "./paths";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Flags from docs/tech-notes.md: no sandbox as root, and no background traffic, which
// this machine's closed network refuses.
const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Date pickers and other native widgets follow the browser UI language, as on a Chinese phone.
  "--lang=zh-CN",
];

export type Phone = { context: BrowserContext; page: Page; close: () => Promise<void> };

/** A phone browser's User-Agent (pages that adapt to phones, e.g. the pay hint, read it). */
export const PHONE_USER_AGENT =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36";

/**
 * Debian's Chromium as a phone (390×844, touch, DPR 2), JavaScript on or off, fresh profile.
 * `args` adds Chromium flags (the fake camera of tests/support/fake-camera.ts).
 */
export async function openPhone({
  javaScriptEnabled = true,
  width = 390,
  height = 844,
  args = [] as string[],
  userAgent = undefined as string | undefined,
} = {}): Promise<Phone> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "vl-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...ARGS, ...args],
    headless: true,
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...(userAgent ? { userAgent } : {}),
    javaScriptEnabled,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The same Chromium as a warehouse or office PC: 1280×800, mouse, no touch. */
export async function openDesktop({ width = 1280, height = 800 } = {}): Promise<Phone> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "vl-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
    viewport: { width, height },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function logInAs(page: Page, baseUrl: string, phone: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码").fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: "登录" }).click(),
  ]);
}

/** Waits until React has hydrated the page (root.tsx marks `<html data-hydrated>`). */
export async function waitForHydration(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Whether the page is wider than the viewport (horizontal scrolling is a broken phone page). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/**
 * Collects a page's uncaught errors and console errors into `sink`; tests assert it stays empty.
 * The browser also logs every 4xx answer as an error: a test that provokes refusals on purpose
 * names those statuses in `allowStatus`.
 */
/** The Content-Security-Policy refusals the page meets from now on ("directive blocked-uri"), as they happen. */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return violations;
}

/** What a phone with no signal logs that the app expects: its fetches failing, Remix's route discovery among them. */
export const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|Failed to fetch|manifest patches/;

export function recordPageErrors(page: Page, sink: string[], { allowStatus = [] as number[] } = {}) {
  page.on("pageerror", (e) => sink.push(String(e)));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (status && allowStatus.includes(Number(status))) return;
    sink.push(`${m.text()} (${m.location().url})`);
  });
}
