import { withNewestLines } from './adminCache';

const line = (id: number) => ({ __typename: 'AdministrationLogEntry' as const, id: String(id), at: '2026-12-05T09:00:00.000Z', actorName: 'Ida Administrator', action: 'RENAME_STAFF', summary: `Linje ${id}` });
const page = (ids: number[], nextCursor: string | null) => ({ __typename: 'AdministrationLogPage' as const, entries: ids.map(line), nextCursor });
const ids = (p: { entries: Array<{ id: string }> }) => p.entries.map((e) => Number(e.id));

describe('the administration log with its newest lines on top', () => {
  it('new lines go on top; the older pages already fetched with "Vis ældre" stay, and it goes on from the last of them', () => {
    const shown = page([9, 8, 7, 6, 5, 4], 'after-4');
    const merged = withNewestLines(shown, page([11, 10, 9, 8], 'after-8'));
    expect(ids(merged)).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
    expect(merged.nextCursor).toBe('after-4');
  });

  it('the whole log shown: a new line on top, and nothing older to fetch, also when the new page is full', () => {
    expect(withNewestLines(page([3, 2, 1], null), page([4, 3, 2], 'after-2'))).toEqual(page([4, 3, 2, 1], null));
    expect(withNewestLines(page([3, 2, 1], null), page([4, 3, 2, 1], null))).toEqual(page([4, 3, 2, 1], null));
  });

  it('more new lines than a page: the lines shown are not reached, so the new page stands alone (no gap between them)', () => {
    const merged = withNewestLines(page([3, 2, 1], null), page([9, 8, 7], 'after-7'));
    expect(merged).toEqual(page([9, 8, 7], 'after-7'));
  });
});
