/// <reference lib="dom" />
import { seriousViolations, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Mine sager with more plans than one page: Anna coordinates 30 more citizens here, so her
 * list is longer than the 25 it shows until she asks for more.
 */
jest.setTimeout(180_000);

let e2e: E2E;
let anna: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  const q = (sql: string, params: unknown[] = []) => e2e.server.db.dataSource.query(sql, params);
  const [{ municipality_id: m, id: annaId }] = await q(`SELECT municipality_id, id FROM app_user WHERE username = 'anna'`);
  for (let i = 0; i < 30; i++) {
    const [{ id: citizen }] = await q(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, $2, '1980-01-01') RETURNING id`, [m, `Zenia ${String(i).padStart(2, '0')} Østergaard`]);
    const [{ id: programme }] = await q(
      `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date)
       VALUES ($1, $2, 'JOBAFKLARINGSFORLOEB', current_date - 100, 'RULES_2022', current_date - 100, current_date + 600) RETURNING id`,
      [m, citizen],
    );
    await q(`INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end) VALUES ($1, $2, $3, 'Job', 'JOB', current_date - 100, current_date + 200)`, [m, programme, citizen]);
    await q(`INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted) VALUES ($1, $2, $3, NULL, now(), 'Test', true)`, [m, programme, annaId]);
  }
  anna = await signedInPage(e2e, 'anna');
});

afterAll(async () => {
  await e2e?.stop();
});

const rows = () => anna.page.locator('[data-testid=case]');

it('a search for a CPR number finds the citizen, and the number is not kept in the address', async () => {
  const { page } = anna;
  await e2e.server.db.dataSource.query(`UPDATE citizen SET cpr = '0101800105' WHERE name = 'Zenia 05 Østergaard'`);
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  await page.getByLabel('Søg efter borger').fill('010180-0105');
  await page.getByTestId('result-count').filter({ hasText: /^1 sag$/ }).waitFor();
  await expect(rows().getByRole('link').textContent()).resolves.toBe('Zenia 05 Østergaard');
  // The address goes into the browser's history and, on a reload, the logs of any proxy on the way.
  expect(new URL(page.url()).search).toBe('');
  // A name is kept, as before.
  await page.getByLabel('Søg efter borger').fill('Østergaard');
  await page.waitForURL((url) => url.searchParams.get('soeg') === 'Østergaard');
});

it('"Vis flere" by keyboard: the focus goes to the first of the rows it brought, and Tab goes on from there', async () => {
  const { page } = anna;
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  await expect(page.getByTestId('result-count').textContent()).resolves.toMatch(/^Viser 25 af/);
  await page.getByRole('button', { name: /^Vis \d+ mere/ }).focus();
  await page.keyboard.press('Enter');
  const first = rows().nth(25).getByRole('link');
  await first.waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid=case]') != null, null, { timeout: 10_000 });
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? null);
  await expect(focused()).resolves.toBe(await first.textContent());
  await page.keyboard.press('Tab');
  await expect(focused()).resolves.toBe(await rows().nth(26).getByRole('link').textContent());
});

it('"Vis flere", a plan opened from the second page, and Back: the list is as long as it was left, the plan’s row there', async () => {
  const { page } = anna;
  await page.goto(e2e.server.url);
  await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  const count = page.getByTestId('result-count');
  await expect(count.textContent()).resolves.toMatch(/^Viser 25 af \d+ sager$/);
  const total = Number(/af (\d+)/.exec((await count.textContent())!)![1]);
  await page.getByRole('button', { name: /^Vis \d+ mere/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=case]').length === n, total);
  expect(await page.getByRole('button', { name: /^Vis (flere|\d+ mere)/ }).count()).toBe(0);

  const last = rows().nth(total - 1).getByRole('link');
  const name = (await last.textContent())!;
  await last.click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
  // The list read again from the server: as many rows as were shown, so the row is still there.
  await page.waitForLoadState('networkidle');
  await expect(count.textContent()).resolves.toBe(`${total} sager`);
  expect(await rows().count()).toBe(total);
  await expect(rows().nth(total - 1).getByRole('link').textContent()).resolves.toBe(name);
  expect(await seriousViolations(page)).toEqual([]);
  expect(anna.problems).toEqual([]);
});
