import type { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';
import { openContext, screenshot } from './support/browser';
import { claimsOf, logInAtProvider, sessionTokens, signInThroughProvider, startOidcE2E, type OidcE2E } from './support/oidc';

/**
 * Signing in with OpenID Connect in Chromium, through the real redirect to the local provider
 * (server/dev-oidc/provider.mjs) and back: the authorization code flow with PKCE, renewal before
 * the token expires, signing in again in a popup without losing what is typed, signing out at
 * the provider, and a person the provider knows but Samplan does not.
 */
jest.setTimeout(120_000);

/** Short-lived access tokens, so renewal happens within the test (renewed a quarter of the life before expiry). */
const TTL_SECONDS = 12;

let e2e: OidcE2E;

beforeAll(async () => {
  e2e = await startOidcE2E({ accessTokenTtlSeconds: TTL_SECONDS });
}, 300_000);

afterAll(async () => {
  await e2e?.stop();
});

let issuer: string;
let clientId: string;
beforeAll(() => {
  ({ issuer, clientId } = e2e.stack.provider.settings);
});

async function tokensOf(page: Page) {
  return sessionTokens(page, issuer, clientId);
}

async function newPage() {
  return openContext(e2e);
}

it('signs anna in through the provider: "Mine sager", with the provider’s token', async () => {
  const { context, page, problems } = await newPage();
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  try {
    await page.goto(e2e.server.url);
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    await signInThroughProvider(page, 'anna');
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/`);
    const tokens = await tokensOf(page);
    expect(claimsOf(tokens!.access_token)).toMatchObject({ iss: issuer, aud: 'api://samplan', sub: 'anna' });
    await page.getByText('Anna Holm', { exact: true }).waitFor();
    expect({ problems, failed }).toEqual({ problems: [], failed: [] });
  } finally {
    await context.close();
  }
});

it('renews the token before it expires, and when renewal fails, signs in again in a popup without losing typed text', async () => {
  const { context, page } = await newPage();
  try {
    await signInThroughProvider(page, 'anna', e2e.server.url);
    const first = (await tokensOf(page))!;

    // Renewal with the refresh token, before expiry: a new access token, the same screen.
    const renewed = await waitFor(async () => {
      const now = await tokensOf(page);
      return now && now.access_token !== first.access_token ? now : null;
    }, TTL_SECONDS * 1000, 'a renewed access token');
    expect(claimsOf(renewed.access_token).exp).toBeGreaterThan(claimsOf(first.access_token).exp as number);
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();

    // A form with text typed into it.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Åbn en plan' }).click();
    const field = page.getByRole('searchbox', { name: 'Navn, CPR-nummer eller planens id' });
    await field.fill('typed before the session ran out');

    // The provider withdraws the refresh token (RFC 7009 revocation): the next renewal fails.
    const current = (await tokensOf(page))!;
    const revoked = await fetch(`${issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: current.refresh_token!, token_type_hint: 'refresh_token', client_id: clientId }),
    });
    expect(revoked.ok).toBe(true);
    const notice = page.getByRole('alert').filter({ hasText: 'Din session er udløbet' });
    // Asked once the token has expired (a failed renewal is tried again until then, core/auth.tsx):
    // up to a whole token's life from here, and the last try's own round to the provider.
    await notice.waitFor({ timeout: 2 * TTL_SECONDS * 1000 });
    await screenshot(page, 'oidc-sign-in-again');

    // Signing in again happens in a popup; the page, and the text, stay.
    const [popup] = await Promise.all([page.waitForEvent('popup'), notice.getByRole('button', { name: 'Log ind igen' }).click()]);
    const closed = popup.waitForEvent('close');
    const asked = popup.getByRole('heading', { name: 'Log ind (udviklingsudbyder)' }).waitFor().then(() => true, () => false);
    if (await Promise.race([closed.then(() => false), asked])) await logInAtProvider(popup, 'anna');
    await closed;
    await notice.waitFor({ state: 'detached' });
    expect(await field.inputValue()).toBe('typed before the session ran out');
    const after = (await tokensOf(page))!;
    expect(after.access_token).not.toBe(current.access_token);
    expect(claimsOf(after.access_token).sub).toBe('anna');

    // And the API takes the new token.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine sager' }).click();
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
    await page.getByText('Anna Holm', { exact: true }).waitFor();
  } finally {
    await context.close();
  }
});

it('"Log ud" ends the session at the provider too: the next sign-in asks for the login again', async () => {
  const { context, page } = await newPage();
  try {
    await signInThroughProvider(page, 'bent', e2e.server.url);
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('heading', { name: 'Du er logget ud' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/logget-ud');
    expect(await tokensOf(page)).toBeNull();

    await page.getByRole('button', { name: 'Log ind igen' }).click();
    // The provider has no session any more: it asks who you are.
    await page.getByRole('heading', { name: 'Log ind (udviklingsudbyder)' }).waitFor();
    await logInAtProvider(page, 'bent');
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  } finally {
    await context.close();
  }
});

/** Signs in at the provider as `login` from Samplan's start page, and waits for the page that refuses them. */
async function signInRefused(page: Page, login: string, heading: string) {
  await page.goto(e2e.server.url);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await logInAtProvider(page, login);
  await page.getByRole('heading', { name: heading }).waitFor();
}

it('someone the provider knows but Samplan does not gets the Danish page, and an audit row', async () => {
  const { context, page } = await newPage();
  try {
    await signInRefused(page, 'ny.medarbejder@kommune.dk', 'Din bruger er ikke oprettet i Samplan — kontakt din administrator.');
    await screenshot(page, 'oidc-not-a-user');
    const subject = claimsOf((await tokensOf(page))!.access_token).sub as string;

    const rows: Array<{ outcome: string; municipality_id: string | null; detail: string }> = await e2e.stack.db.dataSource.query(
      `SELECT outcome, municipality_id, detail FROM audit_log WHERE action = 'SIGN_IN_UNKNOWN_USER' AND detail LIKE '%' || $1 || '%'`,
      [subject],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ outcome: 'DENIED', municipality_id: null });
    expect(rows[0]!.detail).toContain(issuer);

    // Signing out from there ends the provider's session as well.
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('heading', { name: 'Du er logget ud' }).waitFor();
  } finally {
    await context.close();
  }
});

it('a member of staff who was deactivated is told so, and the refusal is in the municipality\'s log', async () => {
  const [{ id }] = await e2e.stack.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'carla'`);
  await e2e.stack.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE id = $1`, [id]);
  const { context, page } = await newPage();
  try {
    await signInRefused(page, 'carla', 'Din bruger er deaktiveret i Samplan — kontakt din administrator.');
    expect(await page.getByText('din administrator har deaktiveret din bruger i Samplan').count()).toBe(1);
    const rows: Array<{ outcome: string; entity_id: string }> = await e2e.stack.db.dataSource.query(
      `SELECT outcome, entity_id FROM audit_log WHERE action = 'SIGN_IN_DEACTIVATED_USER'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ outcome: 'DENIED', entity_id: id });
  } finally {
    await context.close();
    await e2e.stack.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE id = $1`, [id]);
  }
});
