import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { conflict } from './errors/app-errors';
import { applyFieldGuards, recordAsRead, type FieldGuard } from './field-guards';

/**
 * A CONFLICT's `current` is a record no field resolves: `recordAsRead` shows it as a read of
 * that record would, with the guards' own decisions (field-guards.ts). A small schema of its
 * own, and guards that stand for the allow-lists and the consent cut.
 */
const SDL = `
  type User { id: ID! name: String! phone: String }
  type SubGoal { id: ID! text: String! }
  type Note { id: ID! text: String! secret: String updatedAt: String updatedBy: User author: User subGoals: [SubGoal!]! owner: Owner }
  interface Owner { id: ID! }
  type Team implements Owner { id: ID! name: String! }
  type Event { actor: User at: String }
  type Query { note: Note }
  type Mutation { saveNote: Note fail: Note }
`;

type Ctx = { role: string };
const schema = (): GraphQLSchema => buildSchema(SDL);

/** A reader who may not read `Note.secret`, `Note.author` or `User.phone` (as an allow-list refuses them). */
const refusing: FieldGuard<Ctx> = {
  covers: (type) => type === 'Note' || type === 'User',
  allows: (ctx, type, field) => ctx.role !== 'LIMITED' || !['Note.secret', 'Note.author', 'User.phone'].includes(`${type}.${field}`),
  check: () => {
    throw new Error('no field is resolved: a record handed out whole is only asked about');
  },
};

const stored = {
  __typename: 'Note',
  id: 'n1',
  text: 'Teksten',
  secret: 'Hemmelig',
  municipalityId: 'm1',
  updatedAt: '2025-01-02T10:00:00.000Z',
  updatedById: 'u1',
  authorId: 'u2',
  authorName: 'Anna',
  subGoalIds: ['s1'],
  owner: { __typename: 'Team', id: 't1', name: 'Teamet', unitId: 'x' },
};

describe('recordAsRead: a record handed out whole, as a read shows it', () => {
  it("keeps only the fields of the record's type and the parts of them its keys name; the stored row's own keys go", async () => {
    const shown = await recordAsRead(schema(), [refusing], { role: 'FULL' }, stored);
    expect(shown).toEqual({
      __typename: 'Note', id: 'n1', text: 'Teksten', secret: 'Hemmelig', updatedAt: '2025-01-02T10:00:00.000Z',
      updatedById: 'u1', authorId: 'u2', authorName: 'Anna', subGoalIds: ['s1'], owner: { __typename: 'Team', id: 't1', name: 'Teamet' },
    });
  });

  it('leaves out what the guards do not allow the caller, a part of a refused field too', async () => {
    const shown = await recordAsRead(schema(), [refusing], { role: 'LIMITED' }, stored);
    expect(shown).toEqual({
      __typename: 'Note', id: 'n1', text: 'Teksten', updatedAt: '2025-01-02T10:00:00.000Z',
      updatedById: 'u1', subGoalIds: ['s1'], owner: { __typename: 'Team', id: 't1', name: 'Teamet' },
    });
  });

  it('keeps a key that is no field only as declared, and only for a caller who may read what it is declared as', async () => {
    const record = { __typename: 'Note', id: 'n1', savedById: 'u1', savedOn: 'x', phoneOfSaver: '12345678' };
    const readAs = { savedById: 'Event.actor', phoneOfSaver: 'User.phone', savedOn: 'Nowhere.at' };
    expect(await recordAsRead(schema(), [refusing], { role: 'FULL' }, record, readAs)).toEqual({ __typename: 'Note', id: 'n1', savedById: 'u1', phoneOfSaver: '12345678' });
    expect(await recordAsRead(schema(), [refusing], { role: 'LIMITED' }, record, readAs)).toEqual({ __typename: 'Note', id: 'n1', savedById: 'u1' });
  });

  it('shows a record of no known type as nothing', async () => {
    expect(await recordAsRead(schema(), [refusing], { role: 'FULL' }, { id: 'n1', text: 'Uden type' })).toBeNull();
    expect(await recordAsRead(schema(), [refusing], { role: 'FULL' }, { __typename: 'Owner', id: 't1' })).toBeNull();
    expect(await recordAsRead(schema(), [refusing], { role: 'FULL' }, null)).toBeNull();
  });

  it("applies a guard's cut to the record as stored, before the fields are chosen", async () => {
    const seen: string[] = [];
    const cutting: FieldGuard<Ctx> = {
      check: (_call, next) => next(),
      cut: async (_ctx, type, record) => {
        seen.push(`${type}:${Object.keys(record).includes('municipalityId')}`);
        return type === 'Note' ? { ...record, text: 'Tilbageholdt' } : record;
      },
    };
    const shown = await recordAsRead(schema(), [cutting], { role: 'FULL' }, stored);
    expect(shown).toMatchObject({ text: 'Tilbageholdt', owner: { name: 'Teamet' } });
    expect(seen).toEqual(['Note:true', 'Team:false']);
  });
});

describe('a CONFLICT answered by a mutation', () => {
  it("carries `current` as the caller may read it, without asking any guard's check or refusing a field", async () => {
    const s = applyFieldGuards(schema(), [refusing as FieldGuard]);
    const rootValue = {
      saveNote: () => Promise.reject(conflict('Ændret af en anden.', stored)),
      fail: () => {
        throw conflict('Ændret af en anden.', { id: 'n1' });
      },
    };
    const res = await graphql({ schema: s, source: 'mutation { saveNote { id } }', rootValue, contextValue: { role: 'LIMITED' } });
    expect(res.errors?.[0].message).toBe('Ændret af en anden.');
    expect(res.errors?.[0].extensions).toEqual({
      code: 'CONFLICT',
      current: { __typename: 'Note', id: 'n1', text: 'Teksten', updatedAt: '2025-01-02T10:00:00.000Z', updatedById: 'u1', subGoalIds: ['s1'], owner: { __typename: 'Team', id: 't1', name: 'Teamet' } },
    });
    // Thrown at once, and of no type: nothing of it.
    const sync = await graphql({ schema: s, source: 'mutation { fail { id } }', rootValue, contextValue: { role: 'FULL' } });
    expect(sync.errors?.[0].extensions).toEqual({ code: 'CONFLICT', current: null });
  });
});
