/// <reference lib="dom" />
import { loginByUi, openContext, planIdOf, screenshot, startE2E, type E2E } from './support/browser';

/**
 * (2) mikkel (mentor) logs a task with "Log opgave"; anna (coordinator), with Eva's plan
 * open, sees it in "Mentorstøtte" within 2 seconds without a reload, highlighted with
 * the mentor's name (a mentor belongs to no unit) and the time.
 */

jest.setTimeout(120_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.stop();
});

it('mikkel logs a task in at most three actions; anna sees it live', async () => {
  const evaPlanId = await planIdOf(e2e, 'Eva Jensen');
  const anna = await openContext(e2e);
  const mikkel = await openContext(e2e, { width: 390, height: 844 });
  try {
    await loginByUi(anna.page, e2e.server.url, 'Anna Holm');
    await anna.page.goto(`${e2e.server.url}/plan/${evaPlanId}`);
    await anna.page.getByRole('heading', { name: 'Mentorstøtte', exact: true }).waitFor();
    await anna.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    await anna.page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    // The mentor's start page is "Mine borgere" with "Log opgave" on each citizen.
    await loginByUi(mikkel.page, e2e.server.url, 'Mikkel Lund');
    await mikkel.page.getByRole('heading', { name: 'Mine borgere' }).waitFor();
    const eva = mikkel.page.getByRole('article', { name: 'Eva Jensen' });
    await eva.waitFor();
    await screenshot(mikkel.page, 'mentor-mine-borgere-phone');

    // Action 1: write what was done. Action 2: press "Log opgave". (Time and date have defaults.)
    await eva.getByLabel('Hvad har du gjort med Eva?').fill('Fulgte Eva til kantinen');
    const saved = mikkel.page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('LogMentorTask'));
    await eva.getByRole('button', { name: 'Log opgave' }).click();
    await saved;
    const savedAt = Date.now();
    await eva.getByText('Opgaven »Fulgte Eva til kantinen« er logget.', { exact: true }).first().waitFor();

    await anna.page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid=mentor-task]')).some((li) => li.textContent?.includes('Fulgte Eva til kantinen')),
      undefined,
      { timeout: 2_000, polling: 50 },
    );
    expect(Date.now() - savedAt).toBeLessThan(2_000);
    const section = anna.page.getByTestId('mentor-section');
    // Over the section, the mentor's latest entry (not a change of the support itself); on the entry, who registered it.
    await expect(section.getByTestId('changed-flag').first().textContent()).resolves.toMatch(/^Ny Seneste log: Mikkel Lund, (i dag|i går) kl\. \d{2}\.\d{2}$/);
    await expect(section.locator('[data-testid=mentor-task] [data-testid=changed-flag]').textContent()).resolves.toMatch(/^Ny Registreret af Mikkel Lund · (i dag|i går) kl\. \d{2}\.\d{2}$/);
    await anna.page.locator('.feed-item', { hasText: 'Mentor Mikkel Lund loggede »Fulgte Eva til kantinen« (' }).waitFor({ timeout: 3_000 });
    await expect(anna.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    await screenshot(anna.page, 'live-anna-sees-mentor-task');
    expect(anna.problems).toEqual([]);
    expect(mikkel.problems).toEqual([]);
  } finally {
    await anna.context.close();
    await mikkel.context.close();
  }
});
