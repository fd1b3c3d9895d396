import { signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * An administrator's changes to staff as the people around them meet them, in a real browser
 * against a real server: a name misspelt at the invitation is corrected, and a coordinator who
 * leaves is deactivated; the team's caseworker reads both in their own Mine sager.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let ida: UserPage;
let bent: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  ida = await signedInPage(e2e, 'ida');
  bent = await signedInPage(e2e, 'bent');
});

afterAll(async () => {
  await ida?.context.close();
  await bent?.context.close();
  await e2e?.stop();
});

describe("an administrator's day", () => {
  it('corrects a name by keyboard, deactivates the coordinator, and the team sees who has left', async () => {
    const page = ida.page;
    await page.goto(`${e2e.server.url}/administration/medarbejdere`);
    const bentCard = page.getByRole('article', { name: 'Bent Sørensen' });
    await bentCard.getByRole('button', { name: 'Ret navn for Bent Sørensen' }).click();
    const field = bentCard.getByRole('form', { name: 'Ret navn for Bent Sørensen' }).getByLabel('Navn');
    await expect(field.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await field.fill('Bent Sørensen-Ravn');
    await field.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Bent Sørensen hedder nu Bent Sørensen-Ravn.' }).waitFor();
    await page.getByRole('article', { name: 'Bent Sørensen-Ravn' }).waitFor();

    const annaCard = page.getByRole('article', { name: 'Anna Holm' });
    await annaCard.getByRole('button', { name: 'Deaktiver Anna Holm' }).click();
    await annaCard.getByRole('button', { name: 'Ja, deaktiver' }).click();
    await page.getByRole('status').filter({ hasText: 'Anna Holm er deaktiveret og logget ud.' }).waitFor();

    await bent.page.goto(`${e2e.server.url}/mine-sager`);
    const per = bent.page.getByTestId('case').filter({ hasText: 'Per Hansen' });
    const coordinator = per.locator('dt', { hasText: 'Koordinator' }).locator('xpath=following-sibling::dd');
    await expect(coordinator.textContent()).resolves.toBe('Anna Holm (fratrådt – kan overtages)');
    await expect(bent.page.getByRole('banner').textContent()).resolves.toContain('Bent Sørensen-Ravn');
    expect([...ida.problems, ...bent.problems]).toEqual([]);
  });
});
