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

/** Ida makes a member of staff who has signed in a mentor, and Jonas approves it (four eyes): it takes effect. */
async function madeMentor(name: string): Promise<void> {
  const asIda = await e2e.server.login('ida');
  const staff = await e2e.server.gql<{ staffMembers: Array<{ id: string; name: string; version: number }> }>(`{ staffMembers { id name version } }`, {}, asIda);
  const member = staff.data!.staffMembers.find((m) => m.name === name)!;
  const changed = await e2e.server.gql(`mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { id } }`,
    { input: { userId: member.id, role: 'MENTOR', unitId: null, expectedVersion: member.version } }, asIda);
  expect(changed.errors).toBeUndefined();
  const approved = await e2e.server.gql(`mutation($id: ID!, $v: Int!) { approveStaffChange(userId: $id, expectedVersion: $v) { id } }`,
    { id: member.id, v: member.version + 1 }, await e2e.server.login('jonas'));
  expect(approved.errors).toBeUndefined();
}

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
    await expect(coordinator.textContent()).resolves.toBe('Anna Holm (uden adgang – kan overtages)');
    await expect(bent.page.getByRole('banner').textContent()).resolves.toContain('Bent Sørensen-Ravn');
    expect([...ida.problems, ...bent.problems]).toEqual([]);
  });

  it('makes a caseworker with a plan open a mentor: her screen says so, the menu is a mentor\'s, and what the open plan asks again is logged but flags no one', async () => {
    const dorte = await signedInPage(e2e, 'dorte');
    try {
      // Per's running plan (Anna, whose caseload would name it, was deactivated above).
      const [{ id: perPlan }] = await e2e.server.db.dataSource.query(
        `SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id JOIN programme pr ON pr.id = p.programme_id WHERE c.name = 'Per Hansen' AND pr.status = 'ACTIVE'`);
      await dorte.page.goto(`${e2e.server.url}/plan/${perPlan}`);
      await dorte.page.getByRole('heading', { level: 1, name: 'Per Hansen' }).waitFor();
      // Live: the socket is open, and it is what the server closes when her rights change.
      await dorte.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
      await madeMentor('Dorte Madsen');

      await dorte.page.getByText('Din rolle er ændret.').waitFor();
      await expect(dorte.page.getByRole('status').filter({ hasText: 'Din rolle er ændret.' }).textContent()).resolves
        .toContain('En administrator har gjort dig til mentor.');
      const menu = dorte.page.getByRole('navigation', { name: 'Hovedmenu' });
      await menu.getByRole('link', { name: 'Mentor' }).waitFor();
      await expect(menu.getByRole('link', { name: 'Mine sager' }).count()).resolves.toBe(0);
      // The plan, its live changes and who has it open were asked again with rights she no longer has:
      // refused and logged, and counted towards no review (three refusals would flag her otherwise).
      const denied = async () => Number((await e2e.server.db.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'dorte' AND a.outcome = 'DENIED'`))[0].n);
      const until = Date.now() + 10_000;
      while ((await denied()) < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(await denied()).toBeGreaterThanOrEqual(3);
      await expect(e2e.server.db.dataSource.query(`SELECT 1 FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'dorte'`)).resolves.toEqual([]);
      expect(dorte.problems).toEqual([]);
    } finally {
      await dorte.context.close();
    }
  });

  it('makes a leader with no live screen open a mentor: her next refused request reads who she is again, and the notice and the menu follow', async () => {
    const lene = await signedInPage(e2e, 'lene');
    try {
      // Nøgletal follows nothing live: once any socket the sign-in opened has closed, none is
      // there for the server to close when her rights change.
      const open = new Set<unknown>();
      lene.page.on('websocket', (ws) => {
        open.add(ws);
        ws.on('close', () => open.delete(ws));
      });
      await lene.page.goto(`${e2e.server.url}/noegletal`);
      await lene.page.getByRole('heading', { level: 1, name: /^Nøgletal/ }).waitFor();
      const until = Date.now() + 10_000;
      while (open.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(open.size).toBe(0);

      await madeMentor('Lene Kristensen');

      // Nothing tells her page yet: the menu is still a leader's. She opens Konti til gennemsyn from it, and is refused.
      const menu = lene.page.getByRole('navigation', { name: 'Hovedmenu' });
      await menu.getByRole('link', { name: 'Konti til gennemsyn' }).click();
      await expect(lene.page.getByRole('status').filter({ hasText: 'Din rolle er ændret.' }).textContent()).resolves
        .toContain('En administrator har gjort dig til mentor.');
      await menu.getByRole('link', { name: 'Mentor' }).waitFor();
      await expect(menu.getByRole('link', { name: 'Nøgletal' }).count()).resolves.toBe(0);
      await expect(menu.getByRole('link', { name: 'Konti til gennemsyn' }).count()).resolves.toBe(0);
      expect(lene.problems).toEqual([]);
    } finally {
      await lene.context.close();
    }
  });
});
