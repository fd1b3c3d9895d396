/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { DESKTOP, loginByToken, loginByUi, openContext, PHONE, planIdOf, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Samplan's pages work under its Content-Security-Policy without 'unsafe-inline' for styles
 * (server/src/core/http/app.ts): every role's key pages, the Nøgletal charts with their tooltip,
 * the printable plan and the citizen's Min plan, and the browser reports no refused style,
 * script, frame or connection. A <style> element or a style="…" attribute that slipped into a
 * page (an injected text, a library that writes markup) would not apply.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;
let evaPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  evaPlanId = await planIdOf(e2e, 'Eva Jensen');
});

afterAll(async () => {
  await e2e?.stop();
});

interface Watched extends UserPage {
  /** What the browser refused, as "directive: blocked (where)": from the page's own event and its console. */
  violations: string[];
  /** The policy of each page loaded (a document, not the API's answers). */
  policies: string[];
}

/** A fresh context whose every page reports each CSP violation it sees, and the policy it was served with. */
async function watched(username: string | null, viewport: { width: number; height: number } = DESKTOP): Promise<Watched> {
  const user = await openContext(e2e, viewport);
  const violations: string[] = [];
  const policies: string[] = [];
  // The listener is added by the debugging protocol before the page's own scripts, so the
  // policy that it watches does not apply to it.
  await user.context.exposeBinding('reportCspViolation', (_source, v: string) => void violations.push(v));
  await user.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile || e.documentURI}:${e.lineNumber})`);
    });
  });
  user.page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  user.page.on('response', (res) => {
    if (res.request().resourceType() === 'document') policies.push(res.headers()['content-security-policy'] ?? '(none)');
  });
  if (username) await loginByToken(e2e, user, username);
  return { ...user, violations, policies };
}

async function expectNoViolations(user: Watched): Promise<void> {
  try {
    // Reports arrive as events after the refusal: give the last ones a moment.
    await user.page.waitForTimeout(200);
    expect(user.violations).toEqual([]);
    expect(user.problems).toEqual([]);
    // Every page was served with a policy that refuses inline styles.
    expect(user.policies.length).toBeGreaterThan(0);
    for (const policy of user.policies) expect(inlineStylesAllowed(policy)).toEqual([]);
  } finally {
    await user.context.close();
  }
}

/** The directives that would let a <style> element or a style="…" attribute apply. */
function inlineStylesAllowed(policy: string): string[] {
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  const styleSrc = directives.get('style-src') ?? directives.get('default-src') ?? [];
  const elem = directives.get('style-src-elem') ?? styleSrc;
  const attr = directives.get('style-src-attr') ?? styleSrc;
  return [
    ...(elem.includes("'unsafe-inline'") ? ['<style> elements'] : []),
    ...(attr.includes("'unsafe-inline'") ? ['style attributes'] : []),
  ];
}

async function openPlan(page: Page, id: string): Promise<void> {
  await page.goto(`${e2e.server.url}/plan/${id}`);
  await page.getByRole('heading', { name: 'Indsatser' }).waitFor();
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

it('the policy is heard: a style attribute and a <style> element put into the page are refused and reported', async () => {
  const user = await watched(null);
  try {
    await user.page.goto(e2e.server.url);
    await user.page.getByRole('heading', { name: 'Demobrugere' }).waitFor();
    const applied = await user.page.evaluate(() => {
      const host = document.createElement('div');
      host.innerHTML = '<p id="styled" style="color: rgb(255, 0, 0)">x</p><style>#styled { outline: 3px solid rgb(0, 255, 0) }</style>';
      document.body.appendChild(host);
      const p = document.getElementById('styled')!;
      return { color: getComputedStyle(p).color, outline: getComputedStyle(p).outlineStyle };
    });
    await user.page.waitForTimeout(200);
    expect(applied.color).not.toBe('rgb(255, 0, 0)');
    expect(applied.outline).toBe('none');
    expect(user.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^style-src-attr: inline/), expect.stringMatching(/^style-src-elem: inline/)]));
  } finally {
    await user.context.close();
  }
});

it('the caseworker: Mine sager, a plan with a form open, the printable plan and Nøgletal', async () => {
  const anna = await watched('anna');
  const { page } = anna;
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  await page.locator('[data-testid=case]').first().waitFor();
  await openPlan(page, perPlanId);
  await page.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }).click();
  await openPlan(page, evaPlanId);
  await page.getByTestId('mentor-section').getByText('Mikkel Lund').first().waitFor();
  await page.goto(`${e2e.server.url}/plan/${perPlanId}/min-plan`);
  await page.getByRole('heading', { name: 'Mit mål' }).waitFor();
  // As printed: the print styles are Samplan's own style sheet too.
  await page.emulateMedia({ media: 'print' });
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${e2e.server.url}/plan/${perPlanId}/adgangslog`);
  await page.getByRole('heading', { name: 'Adgangslog – Per Hansen' }).waitFor();
  await expectNoViolations(anna);
});

it('the leader: Nøgletal with its charts, their tooltips and legends, and Konti til gennemsyn', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const lene = await watched('lene', viewport);
    const { page } = lene;
    await page.goto(e2e.server.url);
    await page.getByRole('heading', { name: /^Nøgletal – Faaborg-Midtfyn Kommune/, level: 1 }).waitFor();
    await page.getByRole('region', { name: /^Overblik, / }).waitFor();
    const charts = page.locator('.figure-chart .recharts-wrapper');
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThan(1);
    await page.locator('.figure-chart .recharts-legend-wrapper').first().waitFor();
    // The tooltip follows the pointer: the chart library sets its position as styles.
    for (const chart of await charts.all()) {
      await chart.scrollIntoViewIfNeeded();
      await chart.hover({ position: { x: 200, y: 100 } });
    }
    // Each chart's tooltip was placed at the pointer: the library's styles took effect.
    const placed = await page.locator('.figure-chart .recharts-tooltip-wrapper').evaluateAll((els) => els.map((el) => (el as HTMLElement).style.transform));
    expect(placed.length).toBe(await charts.count());
    for (const transform of placed) expect(transform).toMatch(/^translate\(/);
    await page.getByText('Hvad tæller med? Nøgletallenes definitioner').click();
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Konti til gennemsyn' }).click();
    await page.getByRole('heading', { name: 'Konti til gennemsyn', level: 1 }).waitFor();
    await expectNoViolations(lene);
  }
});

it('the administrator: Enheder, Medarbejdere with the invite form, and the log', async () => {
  const ida = await watched('ida');
  const { page } = ida;
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
  await page.getByRole('article', { name: 'Socialforvaltningen' }).waitFor();
  const tabs = page.getByRole('navigation', { name: 'Administration' });
  await tabs.getByRole('link', { name: 'Medarbejdere' }).click();
  await page.getByRole('article', { name: 'Anna Holm' }).waitFor();
  await page.getByRole('button', { name: 'Inviter medarbejder' }).click();
  await page.getByRole('form', { name: 'Inviter medarbejder' }).waitFor();
  await tabs.getByRole('link', { name: 'Administrationslog' }).click();
  await page.getByTestId('admin-log-entry').or(page.getByText('Ingen handlinger endnu.')).first().waitFor();
  await expectNoViolations(ida);
});

it('the mentor: Mine borgere with "Log opgave" open', async () => {
  const mikkel = await watched('mikkel');
  const { page } = mikkel;
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Mine borgere' }).waitFor();
  await page.getByRole('button', { name: 'Log opgave' }).first().click();
  await page.getByText('Flere oplysninger (valgfrit)').click();
  await expectNoViolations(mikkel);
});

it('the citizen: signs in on the login page and reads Min plan on a phone', async () => {
  const per = await watched(null, PHONE);
  await loginByUi(per.page, e2e.server.url, 'Per Hansen');
  await per.page.getByRole('heading', { level: 1, name: 'Min plan' }).waitFor();
  await per.page.getByTestId('citizen-goal').waitFor();
  await expectNoViolations(per);
});
