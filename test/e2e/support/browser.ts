/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openBrowsers, traceTraffic } from './open-pages';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server';

/**
 * End-to-end helpers: Debian's chromium driven by playwright-core (its own browser
 * download does not work here), a real server per test file (own seeded database) that
 * serves the built client, and screenshots under test/artifacts/ (git-ignored).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const REPO = path.resolve(__dirname, '../../..');
export const CLIENT_DIST = path.join(REPO, 'client', 'dist');
export const ARTIFACTS = path.join(REPO, 'test', 'artifacts');

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Fails loudly (never skips) when the browser is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); .ci/run does this in CI.`);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'gql' || entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function clientIsFresh(): boolean {
  const index = path.join(CLIENT_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(path.join(REPO, 'client', 'src')), statSync(path.join(REPO, 'client', 'index.html')).mtimeMs, statSync(path.join(REPO, 'schema', 'schema.graphql')).mtimeMs);
  return built >= sources;
}

/**
 * Builds the client when client/dist is missing or older than its sources (CI starts from a
 * clean clone). Test files run in parallel: one builds under a lock, the others wait.
 */
export async function ensureClientBuilt(): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const lock = path.join(ARTIFACTS, '.client-build.lock');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (clientIsFresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building (or a stale lock from a killed run: older than 3 minutes).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 3 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for the client build.');
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!clientIsFresh()) execFileSync('npm', ['run', 'build', '-w', 'client'], { cwd: REPO, stdio: 'pipe' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Headless Chromium; when it cannot start, `undo` stops what was started for it, and the error stands. */
export async function launchChromium(undo: () => Promise<unknown>): Promise<Browser> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await undo();
    throw e;
  }
  openBrowsers.add(browser);
  browser.on('disconnected', () => openBrowsers.delete(browser));
  return browser;
}


export interface E2E {
  server: TestServer;
  browser: Browser;
  stop(): Promise<void>;
}

/** A seeded server serving the built client, and a headless browser. */
export async function startE2E(): Promise<E2E> {
  requireChromium();
  await ensureClientBuilt();
  const server = await startTestServer({ env: { CLIENT_DIST } });
  const browser = await launchChromium(() => server.stop());
  return {
    server,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Browser errors seen (uncaught exceptions, console errors). */
  problems: string[];
}

/** A fresh browser context (its own session) in Danish time and language. */
export async function openContext(e2e: Pick<E2E, 'browser'>, viewport: { width: number; height: number } = DESKTOP): Promise<UserPage> {
  const context = await e2e.browser.newContext({ viewport, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems: string[] = [];
  traceTraffic(page);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

/** Logs in through the demo login page by clicking the user's button. */
export async function loginByUi(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('heading', { name: 'Log ind' }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('navigation', { name: 'Hovedmenu' }).waitFor();
}

/** Logs in by putting a demo token in the session (faster; the login page has its own test). */
export async function loginByToken(e2e: E2E, user: UserPage, username: string): Promise<void> {
  const token = await e2e.server.login(username);
  await user.context.addInitScript((t) => sessionStorage.setItem('samplan.token', t), token);
}

/** A fresh browser context signed in as `username` (by token), with its page. */
export async function signedInPage(e2e: E2E, username: string, viewport: { width: number; height: number } = DESKTOP): Promise<UserPage> {
  const user = await openContext(e2e, viewport);
  await loginByToken(e2e, user, username);
  return user;
}

/** The plan id of a citizen, as the coordinator sees it. */
export async function planIdOf(e2e: E2E, citizenName: string): Promise<string> {
  const token = await e2e.server.login('anna');
  const res = await e2e.server.gql<{ myCaseload: Array<{ id: string; citizen: { name: string } }> }>(`{ myCaseload { id citizen { name } } }`, {}, token);
  const plan = res.data?.myCaseload.find((p) => p.citizen.name === citizenName);
  if (!plan) throw new Error(`No plan for ${citizenName}: ${JSON.stringify(res.errors)}`);
  return plan.id;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

/** Runs axe-core (WCAG 2.1 A/AA) on the page; returns the serious and critical violations. */
export function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return axeViolations(page, ['serious', 'critical']);
}

/**
 * Runs axe-core (WCAG 2.1 A/AA and best practices) on the page; returns the violations of these
 * impacts (the screens test holds its pages to moderate ones too: a heading level skipped, two
 * landmarks of one name).
 */
export async function axeViolations(page: Page, impacts: readonly AxeImpact[]): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated by the browser's debugging protocol, not added as a <script>: Samplan's
  // Content-Security-Policy refuses inline scripts, as it should.
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => !!v.impact && (impacts as readonly string[]).includes(v.impact));
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, matches: (el: { tag: string; name: string; role: string | null; href: string | null }) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a) return { tag: '', name: '', role: null, href: null };
      const label = a.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null;
      return { tag: a.tagName.toLowerCase(), name: (a.getAttribute('aria-label') ?? label ?? a.textContent ?? '').replace(/\s+/g, ' ').trim(), role: a.getAttribute('role'), href: a.getAttribute('href') };
    });
    if (matches(el)) return;
  }
  throw new Error(`Could not reach the element with Tab in ${max} presses.`);
}
