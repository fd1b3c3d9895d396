/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAppDataSource } from '../../../server/src/app-modules';
import { startDevOidcProvider, type DevOidcProvider } from '../../../server/src/core/auth/dev-oidc';
import { createEmptyDatabase, type TestDatabase } from '../../../server/src/test-support/test-db';
import { startTestServer, type TestServer } from '../../../server/src/test-support/test-server';
import { ensureServerBuilt, REPO } from '../../support/spawn-server';
import { CLIENT_DIST, DESKTOP, ensureClientBuilt, launchChromium, requireChromium } from './browser';
import { logInAtProvider } from './oidc';

/**
 * A municipality that does not exist yet: the local OpenID provider, an empty database (not
 * even migrated: the setup command does that, as on a real first run), and Chromium. The
 * Samplan instances are started once the setup command has run (`startInstances`), in OIDC
 * mode, with no demo login and no demo seed.
 */
export interface FreshMunicipality {
  provider: DevOidcProvider;
  /** The database's address, for the setup command. */
  databaseUrl: string;
  browser: Browser;
  /** Empty until `startInstances`. */
  servers: TestServer[];
  db: TestDatabase | null;
  /** Opens the migrated database and starts `count` instances on it, all serving the built client. */
  startInstances(count: number): Promise<TestServer[]>;
  stop(): Promise<void>;
}

export async function startFreshMunicipality(): Promise<FreshMunicipality> {
  requireChromium();
  await ensureClientBuilt();
  await ensureServerBuilt();
  const provider = await startDevOidcProvider();
  const empty = await createEmptyDatabase().catch(async (err: unknown) => {
    await provider.stop();
    throw err;
  });
  const browser = await launchChromium(async () => {
    await empty.drop();
    await provider.stop();
  });
  const servers: TestServer[] = [];
  let db: TestDatabase | null = null;
  const { issuer, clientId, audience, scopes } = provider.settings;
  return {
    provider,
    databaseUrl: empty.url,
    browser,
    servers,
    get db() {
      return db;
    },
    async startInstances(count: number) {
      const dataSource = createAppDataSource(empty.url, { poolSize: 10 });
      await dataSource.initialize();
      db = {
        ...empty,
        dataSource,
        async drop() {
          if (dataSource.isInitialized) await dataSource.destroy();
          await empty.drop();
        },
      };
      const env = { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_AUDIENCE: audience, OIDC_SCOPES: scopes, CLIENT_DIST };
      for (let i = 0; i < count; i++) servers.push(await startTestServer({ db, demo: false, seed: false, env }));
      return servers;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await Promise.all(servers.map((s) => s.stop()));
      await (db ? db.drop() : empty.drop());
      await provider.stop();
    },
  };
}

export interface SetupRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run setup -- …` as an operator runs it: the built CLI (server/dist/setup-cli.js) in a process of its own. */
export async function runSetupCommand(databaseUrl: string, args: readonly string[]): Promise<SetupRun> {
  await ensureServerBuilt();
  const proc = spawn(process.execPath, [path.join(REPO, 'server/dist/setup-cli.js'), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** What a page's WebSockets did: when each opened and closed, and how (recorded in the page itself). */
export interface SocketRecord {
  url: string;
  openedAt: number | null;
  closedAt: number | null;
  code: number | null;
  reason: string | null;
}

export interface PersonInBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in any of the person's tabs. */
  problems: string[];
  /** Another tab of the same person (same browser session and provider cookies). */
  newTab(): Promise<Page>;
}

/** A browser context of its own for one person, in Danish time, recording its tabs' WebSockets. */
export async function openPerson(browser: Browser): Promise<PersonInBrowser> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    const log: Array<{ url: string; openedAt: number | null; closedAt: number | null; code: number | null; reason: string | null }> = [];
    (window as unknown as { __sockets: typeof log }).__sockets = log;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const entry = { url: String(url), openedAt: null as number | null, closedAt: null as number | null, code: null as number | null, reason: null as string | null };
        log.push(entry);
        this.addEventListener('open', () => (entry.openedAt = Date.now()));
        this.addEventListener('close', (e) => {
          entry.closedAt = Date.now();
          entry.code = e.code;
          entry.reason = e.reason;
        });
      }
    } as typeof WebSocket;
  });
  const problems: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  const page = await context.newPage();
  watch(page);
  return {
    context,
    page,
    problems,
    async newTab() {
      const tab = await context.newPage();
      watch(tab);
      return tab;
    },
  };
}

/** The WebSockets a page has opened so far. */
export function socketsOf(page: Page): Promise<SocketRecord[]> {
  return page.evaluate(() => (window as unknown as { __sockets?: SocketRecord[] }).__sockets ?? []);
}

/** The page's sockets that are open now. */
export async function openSockets(page: Page): Promise<SocketRecord[]> {
  return (await socketsOf(page)).filter((s) => s.openedAt !== null && s.closedAt === null);
}

/**
 * "Log ind" in a tab of someone who may already be signed in at the provider (another tab of
 * theirs did it): the provider either asks for the login or sends them straight back.
 */
export async function signInInAnotherTab(page: Page, login: string, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
  const asked = page.getByRole('heading', { name: 'Log ind (udviklingsudbyder)' });
  await menu.or(asked).first().waitFor();
  if (await asked.isVisible()) {
    await logInAtProvider(page, login);
    await menu.waitFor();
  }
}

/** A date in Denmark, `months` from today, as the date fields take it (YYYY-MM-DD). */
export function danishDay(months = 0, from: Date = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(from);
  if (months === 0) return today;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
