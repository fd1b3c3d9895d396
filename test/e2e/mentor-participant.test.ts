/// <reference lib="dom" />
import { loginByUi, openContext, planIdOf, startE2E, type E2E } from './support/browser';

/**
 * The citizen's mentor booked into a samtale (docs/domain.md, Mentor): anna ticks "Mikkel
 * Lund, mentor" in "Book den aftalte samtale" on Eva's plan; mikkel, with his page open, gets it under
 * "Samtaler, du deltager i" without a reload — when, in what form and where, not the agenda —
 * also though Eva's held samtaler are not shared with him; called off, it is marked so.
 */

jest.setTimeout(120_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.stop();
});

it('anna books the samtale with mikkel; his open page shows it live with its place, never its agenda, goes and comes with "Ret deltagere og dagsorden", and "Aflyst" when called off', async () => {
  const evaPlanId = await planIdOf(e2e, 'Eva Jensen');
  await e2e.server.db.dataSource.query(`UPDATE follow_up_meeting SET shared_with_mentor = false WHERE plan_id = $1`, [evaPlanId]);
  const mikkel = await openContext(e2e, { width: 390, height: 844 });
  const anna = await openContext(e2e);
  try {
    await loginByUi(mikkel.page, e2e.server.url, 'Mikkel Lund');
    const eva = mikkel.page.getByRole('article', { name: 'Eva Jensen' });
    await eva.waitFor();
    await mikkel.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    expect(await eva.getByRole('list', { name: 'Samtaler, du deltager i' }).count()).toBe(0);

    await loginByUi(anna.page, e2e.server.url, 'Anna Holm');
    await anna.page.goto(`${e2e.server.url}/plan/${evaPlanId}`);
    const samtaler = anna.page.getByRole('region', { name: 'Samtaler', exact: true });
    await samtaler.getByRole('button', { name: 'Book den aftalte samtale' }).click();
    const form = samtaler.getByRole('form', { name: 'Book samtale' });
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Starter').fill(`${day}T10:00`);
    await form.getByLabel('Slutter').fill(`${day}T11:00`);
    await form.getByLabel('Form').selectOption('IN_PERSON');
    await form.getByLabel('Sted').fill('Jobcentret, Torvet 1');
    await form.getByLabel('Dagsorden').fill('Evas helbred og medicin');
    await form.getByRole('checkbox', { name: 'Mikkel Lund, mentor' }).check();
    await form.getByRole('button', { name: 'Book samtale' }).click();
    await samtaler.getByRole('status').filter({ hasText: /^Samtalen er booket/ }).waitFor();

    const list = eva.getByRole('list', { name: 'Samtaler, du deltager i' });
    await list.waitFor({ timeout: 10_000 });
    const item = list.getByRole('listitem');
    expect(await item.textContent()).toMatch(/–11\.00 · Fremmøde · Jobcentret, Torvet 1$/);
    expect(await eva.textContent()).not.toContain('helbred');

    // "Ret deltagere og dagsorden": taken off, the samtale leaves his open page; put on again, it is back.
    const participants = async (checked: boolean) => {
      await samtaler.getByRole('button', { name: /^Ret deltagere og dagsorden for samtalen/ }).first().click();
      const change = samtaler.getByRole('form', { name: /^Ret deltagere og dagsorden for samtalen/ });
      await change.getByRole('checkbox', { name: 'Mikkel Lund, mentor' }).setChecked(checked);
      await change.getByRole('button', { name: 'Gem ændringer' }).click();
      await samtaler.getByRole('status').filter({ hasText: /^Deltagere og dagsorden for samtalen .* er gemt/ }).waitFor();
    };
    await participants(false);
    await list.waitFor({ state: 'detached', timeout: 10_000 });
    await participants(true);
    await list.waitFor({ timeout: 10_000 });

    // Called off from her page: marked on his, live.
    await samtaler.getByRole('button', { name: /^Aflys samtalen/ }).first().click();
    const cancel = samtaler.getByRole('form', { name: /^Aflys samtalen/ });
    await cancel.getByLabel('Begrundelse').fill('Eva er syg');
    await cancel.getByRole('button', { name: 'Aflys samtale' }).click();
    await item.filter({ hasText: 'Aflyst' }).waitFor({ timeout: 10_000 });
  } finally {
    await mikkel.context.close();
    await anna.context.close();
  }
});
