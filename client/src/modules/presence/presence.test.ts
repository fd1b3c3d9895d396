import { overwriteNoticeOf } from './OverwriteNotice';
import { danishList, editingText, othersPresent, presenceChange, tabSessionId } from './presence';

const user = (id: string, name: string) => ({ id, name });

describe('the others on the plan', () => {
  it('counts a person in two tabs once, editing what either tab edits, first arrived first', () => {
    const others = othersPresent(
      [
        { user: user('u-bent', 'Bent Sørensen'), unit: { name: 'Socialforvaltningen' }, editing: null, since: '2026-12-01T09:05:00Z' },
        { user: user('u-dorte', 'Dorte Madsen'), unit: { name: 'Jobcenter' }, editing: null, since: '2026-12-01T09:01:00Z' },
        { user: user('u-bent', 'Bent Sørensen'), unit: { name: 'Socialforvaltningen' }, editing: 'iv-1', since: '2026-12-01T09:06:00Z' },
        { user: user('u-anna', 'Anna Holm'), unit: { name: 'Jobcenter' }, editing: 'iv-2', since: '2026-12-01T09:00:00Z' },
      ],
      'u-anna',
    );
    expect(others).toEqual([
      { userId: 'u-dorte', name: 'Dorte Madsen', unitName: 'Jobcenter', editing: null },
      { userId: 'u-bent', name: 'Bent Sørensen', unitName: 'Socialforvaltningen', editing: 'iv-1' },
    ]);
    expect(editingText(others, 'iv-1')).toBe('Bent Sørensen redigerer');
    // My own form is not shown to me.
    expect(editingText(others, 'iv-2')).toBeNull();
  });

  it('says who came and who went, in Danish', () => {
    const p = (userId: string, name: string) => ({ userId, name, unitName: null, editing: null });
    expect(presenceChange([p('a', 'Dorte Madsen')], [p('a', 'Dorte Madsen'), p('b', 'Bent Sørensen'), p('c', 'Mikkel Lund')])).toBe('Bent Sørensen og Mikkel Lund har åbnet planen.');
    expect(presenceChange([p('a', 'Dorte Madsen'), p('b', 'Bent Sørensen')], [p('c', 'Carla Nielsen')])).toBe('Carla Nielsen har åbnet planen. Dorte Madsen og Bent Sørensen har lukket planen.');
    expect(presenceChange([p('a', 'Dorte Madsen')], [{ ...p('a', 'Dorte Madsen'), editing: 'iv-1' }])).toBeNull();
    expect(danishList(['A', 'B', 'C'])).toBe('A, B og C');
  });
});

describe('"… gemte oven i din ændring"', () => {
  const event = {
    seq: '42',
    entityId: 'iv-bostoette',
    title: 'Bostøtte',
    actor: { __typename: 'User' as const, id: 'u-anna', name: 'Anna Holm' },
    overwrote: [
      { __typename: 'OverwrittenChange' as const, user: { __typename: 'User' as const, id: 'u-bent', name: 'Bent Sørensen' }, seq: '40', fields: ['Status', 'Noter'] },
      { __typename: 'OverwrittenChange' as const, user: { __typename: 'User' as const, id: 'u-bent', name: 'Bent Sørensen' }, seq: '41', fields: ['Noter'] },
      { __typename: 'OverwrittenChange' as const, user: { __typename: 'User' as const, id: 'u-dorte', name: 'Dorte Madsen' }, seq: '39', fields: ['Titel'] },
    ],
  };

  it('tells the person whose saved values were replaced, with each field once', () => {
    expect(overwriteNoticeOf(event, 'u-bent')).toEqual({ seq: '42', recordId: 'iv-bostoette', title: 'Bostøtte', text: 'Anna Holm gemte oven i din ændring af Bostøtte (Status, Noter)' });
    expect(overwriteNoticeOf(event, 'u-dorte')?.text).toBe('Anna Holm gemte oven i din ændring af Bostøtte (Titel)');
  });

  it('tells nobody else, and never the one who saved', () => {
    expect(overwriteNoticeOf(event, 'u-carla')).toBeNull();
    expect(overwriteNoticeOf(event, 'u-anna')).toBeNull();
    expect(overwriteNoticeOf({ ...event, overwrote: [] }, 'u-bent')).toBeNull();
  });
});

describe("this tab's presence id", () => {
  /** A tab's sessionStorage; `copy` is what a tab opened from it starts with (the browser copies it). */
  function storage(from?: Map<string, string>) {
    const items = new Map(from);
    return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
  }

  it('is the same through one page load and after a reload of the tab', () => {
    const tab = storage();
    const id = tabSessionId(tab, { startedAt: 1000, load: 'navigate' });
    expect(tabSessionId(tab, { startedAt: 1000, load: 'navigate' })).toBe(id);
    expect(tabSessionId(tab, { startedAt: 5000, load: 'reload' })).toBe(id);
  });

  it('is another in a tab opened from this one, which starts with a copy of its sessionStorage', () => {
    const first = storage();
    const id = tabSessionId(first, { startedAt: 1000, load: 'navigate' });
    const opened = storage(first.items);
    const other = tabSessionId(opened, { startedAt: 2000, load: 'navigate' });
    expect(other).not.toBe(id);
    // Each keeps its own from then on.
    expect(tabSessionId(opened, { startedAt: 2000, load: 'navigate' })).toBe(other);
    expect(tabSessionId(first, { startedAt: 1000, load: 'navigate' })).toBe(id);
  });
});
