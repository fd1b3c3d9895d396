/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../../../server/src/test-support/test-server';
import { startOidcStack, type OidcStack, type OidcStackOptions } from '../../support/oidc-stack';
import { CLIENT_DIST, ensureClientBuilt, launchChromium, requireChromium } from './browser';

/**
 * Browser tests that sign in through the real redirect: the local OpenID provider
 * (server/dev-oidc/provider.mjs), Samplan server(s) configured for it and serving the built
 * client, and a headless Chromium.
 */
export interface OidcE2E {
  stack: OidcStack;
  /** The first instance (all share one database). */
  server: TestServer;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startOidcE2E(options: OidcStackOptions = {}): Promise<OidcE2E> {
  requireChromium();
  await ensureClientBuilt();
  const stack = await startOidcStack({ ...options, env: { CLIENT_DIST, ...(options.env ?? {}) } });
  const browser = await launchChromium(() => stack.stop());
  return {
    stack,
    server: stack.servers[0]!,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** On the provider's own login page: types the login name and sends it. */
export async function logInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log ind (udviklingsudbyder)' }).waitFor();
  await page.getByLabel('Brugernavn').fill(login);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/**
 * Signs `login` in as a person would: Samplan's "Log ind" (at `baseUrl`, when given), the
 * provider's login page, and back to Samplan signed in (its main menu shown).
 */
export async function signInThroughProvider(page: Page, login: string, baseUrl?: string): Promise<void> {
  if (baseUrl) await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await logInAtProvider(page, login);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).waitFor();
}

/** The session oidc-client-ts keeps in the tab: the tokens the page uses now. */
export async function sessionTokens(page: Page, issuer: string, clientId: string): Promise<{ access_token: string; refresh_token?: string; id_token?: string } | null> {
  return page.evaluate((key) => {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as { access_token: string; refresh_token?: string; id_token?: string }) : null;
  }, `oidc.user:${issuer}:${clientId}`);
}

/** The claims of a JWT (not verified: for reading what the test itself was given). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}
