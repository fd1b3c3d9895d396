import type { Page } from 'playwright-core';
import { signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * The administration page follows what the municipality's administrators change, in a real
 * browser against a real server: Ida has Medarbejdere open in two windows, corrects a name in
 * one, and the other shows the new name, without being reloaded. Enheder follows a renamed unit
 * the same way, on the unit's card and on the staff cards that name it.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let ida: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  ida = await signedInPage(e2e, 'ida');
});

afterAll(async () => {
  await ida?.context.close();
  await e2e?.stop();
});

async function openTab(page: Page, tab: 'units' | 'staff', shown: string): Promise<void> {
  await page.goto(`${e2e.server.url}/administration${tab === 'staff' ? '/medarbejdere' : ''}`);
  await page.getByRole('article', { name: shown }).waitFor();
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

/** Medarbejdere: "Ret navn" on a member of staff's card, and save. */
async function rename(page: Page, name: string, to: string): Promise<void> {
  const card = page.getByRole('article', { name });
  await card.getByRole('button', { name: `Ret navn for ${name}` }).click();
  await card.getByRole('form', { name: `Ret navn for ${name}` }).getByLabel('Navn').fill(to);
  await card.getByRole('button', { name: 'Gem navn' }).click();
}

describe('the administration page in two windows', () => {
  it('a name corrected, and someone invited, in one window show in the other without a reload', async () => {
    const first = ida.page;
    const second = await ida.context.newPage();
    await openTab(first, 'staff', 'Bent Sørensen');
    await openTab(second, 'staff', 'Bent Sørensen');
    // Nothing reloads the second window from here on.
    let reloads = 0;
    second.on('framenavigated', (frame) => frame === second.mainFrame() && reloads++);

    await rename(first, 'Bent Sørensen', 'Bent Sørensen-Ravn');
    await first.getByRole('status').filter({ hasText: 'Bent Sørensen hedder nu Bent Sørensen-Ravn.' }).waitFor();

    await second.getByRole('article', { name: 'Bent Sørensen-Ravn' }).waitFor({ timeout: 10_000 });
    await expect(second.getByRole('article', { name: 'Bent Sørensen', exact: true }).count()).resolves.toBe(0);

    // Someone invited in the first window joins the second's list, in their place by name.
    await first.getByRole('button', { name: 'Inviter medarbejder' }).click();
    const form = first.getByRole('form', { name: 'Inviter medarbejder' });
    await form.getByLabel('Navn').fill('Birgit Aagaard');
    await form.getByLabel('E-mail').fill('birgit.aagaard@example.dk');
    await form.getByLabel('Rolle').selectOption({ label: 'Mentor' });
    await form.getByRole('button', { name: 'Inviter' }).click();
    const invited = second.locator('[data-testid=admin-staff]', { has: second.getByRole('heading', { name: 'Birgit Aagaard', exact: true }) });
    await invited.getByText('Inviteret', { exact: true }).waitFor({ timeout: 10_000 });
    const names = await second.locator('[data-testid=admin-staff] h3').allTextContents();
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, 'da')));
    expect(reloads).toBe(0);
    await second.close();
    expect(ida.problems).toEqual([]);
  });

  it('the Administrationslog open in one window gets the other window\'s change as its newest line', async () => {
    const first = ida.page;
    const second = await ida.context.newPage();
    await openTab(first, 'staff', 'Dorte Madsen');
    await second.goto(`${e2e.server.url}/administration/log`);
    const lines = second.getByTestId('admin-log-entry');
    await lines.first().waitFor();
    await second.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    const before = await lines.count();
    let reloads = 0;
    second.on('framenavigated', (frame) => frame === second.mainFrame() && reloads++);

    await rename(first, 'Dorte Madsen', 'Dorte Madsen-Krogh');
    await lines.first().filter({ hasText: 'Dorte Madsen-Krogh' }).waitFor({ timeout: 10_000 });
    expect(await lines.count()).toBe(before + 1);

    // Two changes in a row: both lines, the newest on top.
    await first.getByRole('status').filter({ hasText: 'hedder nu Dorte Madsen-Krogh' }).waitFor();
    await rename(first, 'Dorte Madsen-Krogh', 'Dorte Krogh');
    await rename(first, 'Anna Holm', 'Anna Holm-Berg');
    await lines.first().filter({ hasText: 'Anna Holm-Berg' }).waitFor({ timeout: 10_000 });
    const top = await lines.allTextContents();
    expect(top.length).toBe(before + 3);
    expect([top[0], top[1], top[2]].map((t) => (t.includes('Anna Holm-Berg') ? 'Anna' : t.includes('Dorte Krogh') ? 'Dorte 2' : t.includes('Dorte Madsen-Krogh') ? 'Dorte 1' : t))).toEqual(['Anna', 'Dorte 2', 'Dorte 1']);
    expect(reloads).toBe(0);
    await second.close();
    expect(ida.problems).toEqual([]);
  });

  it('a unit renamed in one window shows in the other, on Enheder and on the staff who work there', async () => {
    const first = ida.page;
    const second = await ida.context.newPage();
    const [{ name: unitName }] = await e2e.server.db.dataSource.query(
      `SELECT un.name FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.username = 'carla'`,
    );
    const [{ name: carla }] = await e2e.server.db.dataSource.query(`SELECT name FROM app_user WHERE username = 'carla'`);
    await openTab(first, 'units', unitName);
    await openTab(second, 'staff', carla);

    const card = first.getByRole('article', { name: unitName });
    await card.getByRole('button', { name: `Omdøb ${unitName}` }).click();
    await card.getByLabel(`Nyt navn til ${unitName}`).fill(`${unitName} Nord`);
    await card.getByLabel(`Nyt navn til ${unitName}`).press('Enter');
    await first.getByRole('article', { name: `${unitName} Nord` }).waitFor();

    const carlaCard = second.getByRole('article', { name: carla });
    await carlaCard.locator('dd', { hasText: `${unitName} Nord` }).waitFor({ timeout: 10_000 });
    await second.close();
    expect(ida.problems).toEqual([]);
  });
});
