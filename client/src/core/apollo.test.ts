/// <reference types="node" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, InMemoryCache } from '@apollo/client';
import { act, render, screen } from '@testing-library/react';
import { buildSchema, isAbstractType, parse } from 'graphql';
import { createElement } from 'react';
import { Observable } from 'rxjs';
import { NOT_A_SAVE, OfflineSaveLink, POSSIBLE_TYPES } from './apollo';
import { errorMessage } from './errors';
import { FormActions, WAITING_FOR_CONNECTION } from './forms/FormParts';
import { LiveConnection, LiveProvider, PendingSaves } from './live';
import { ConnectionStatus } from './ui';

describe('apollo cache', () => {
  // Without a union's members the cache cannot tell a record's fragments apart, and warns in the console for each.
  it('knows every implementation of every interface, and every member of every union, in the schema', () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema/schema.graphql'), 'utf8'));
    const fromSchema: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (isAbstractType(type) && !type.name.startsWith('__')) {
        fromSchema[type.name] = schema.getPossibleTypes(type).map((t) => t.name).sort();
      }
    }
    const ours = Object.fromEntries(Object.entries(POSSIBLE_TYPES).map(([k, v]) => [k, [...v].sort()]));
    expect(ours).toEqual(fromSchema);
  });
});

/** A network the test switches, and a server that records what reached it and answers (or fails) as told. */
function offlineHarness(firstToken = 't1') {
  let online = true;
  // How many times the server is still out of reach when asked after coming back online.
  let unreachableFor = 0;
  const probes: string[] = [];
  const backOnline = new Set<() => void>();
  const network = {
    isOnline: () => online,
    onOnline: (l: () => void) => {
      backOnline.add(l);
      return () => backOnline.delete(l);
    },
    reachable: async () => {
      probes.push(unreachableFor > 0 ? 'no answer' : 'answered');
      if (unreachableFor === 0) return true;
      unreachableFor--;
      return false;
    },
  };
  const pauses: number[] = [];
  let atNextPause: (() => void) | null = null;
  const saves = new PendingSaves(network, async (ms) => {
    pauses.push(ms);
    // What arrives while the client waits (a request would go nowhere yet).
    expect(received).toEqual(receivedBefore);
    const then = atNextPause;
    atNextPause = null;
    then?.();
  });
  let receivedBefore: unknown[] = [];
  const received: Array<{ name: string | undefined; variables: Record<string, unknown> }> = [];
  let failNext = false;
  let refuseNext: string | null = null;
  // The sign-in's token as the page has it (renewed by hand), what each request went with, and a token the server refuses.
  let token = firstToken;
  const onToken = new Set<(t: string) => void>();
  const tokens = { get: () => token, onChange: (l: (t: string) => void) => (onToken.add(l), () => onToken.delete(l)) };
  const tokensSent: string[] = [];
  let refusedToken: string | null = null;
  let answerLater: Promise<void> | null = null;
  const server = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        tokensSent.push(token);
        if (token === refusedToken) {
          observer.next({ errors: [{ message: 'Du er ikke logget ind.', extensions: { code: 'UNAUTHENTICATED' } }] });
          observer.complete();
          return;
        }
        const later = answerLater;
        answerLater = null;
        if (later) {
          received.push({ name: operation.operationName, variables: operation.variables });
          void later.then(() => {
            observer.next({ data: { ok: true } });
            observer.complete();
          });
          return;
        }
        if (refuseNext) {
          received.push({ name: operation.operationName, variables: operation.variables });
          observer.next({ errors: [{ message: refuseNext, extensions: { code: 'CONFLICT' } }] });
          refuseNext = null;
          observer.complete();
          return;
        }
        if (failNext) {
          failNext = false;
          observer.error(new TypeError('Failed to fetch'));
          return;
        }
        received.push({ name: operation.operationName, variables: operation.variables });
        observer.next({ data: { ok: true } });
        observer.complete();
      }),
  );
  const link = ApolloLink.from([new OfflineSaveLink(saves, network.isOnline, tokens), server]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const run = (document: string, variables: Record<string, unknown> = {}, context: Record<string, unknown> = {}) => {
    const outcome: { results: unknown[]; error?: unknown; done: boolean } = { results: [], done: false };
    const sub = ApolloLink.execute(link, { query: parse(document), variables, context }, { client }).subscribe({
      next: (r) => outcome.results.push(r),
      error: (e) => {
        outcome.error = e;
        outcome.done = true;
      },
      complete: () => (outcome.done = true),
    });
    return { outcome, sub };
  };
  return {
    saves,
    received,
    tokensSent,
    run,
    refuseToken: (refused: string) => (refusedToken = refused),
    renewToken(fresh: string) {
      token = fresh;
      for (const l of [...onToken]) l(fresh);
    },
    /** The server answers the next request only when the returned function is called. */
    answerNextLater(): () => void {
      let answer = () => undefined as void;
      answerLater = new Promise((resolve) => (answer = resolve));
      return answer;
    },
    failNextRequest: () => (failNext = true),
    refuseNextSave: (message: string) => (refuseNext = message),
    serverUnreachableFor: (times: number) => (unreachableFor = times),
    probes,
    pauses,
    goOffline: () => (online = false),
    goOfflineAtNextPause: () => (atNextPause = () => (online = false)),
    onNextPause: (then: () => void) => (atNextPause = then),
    async goOnline() {
      online = true;
      receivedBefore = [...received];
      for (const l of [...backOnline]) l();
      await saves.sendWaiting();
    },
  };
}

const SAVE = 'mutation SaveTitle($id: ID!, $expectedVersion: Int!, $title: String!) { save(id: $id, expectedVersion: $expectedVersion, title: $title) }';

describe('saves made offline', () => {
  it('passes everything through while online', () => {
    const h = offlineHarness();
    const { outcome } = h.run(SAVE, { id: 'a', expectedVersion: 1, title: 'x' });
    expect(outcome.done).toBe(true);
    expect(h.received).toHaveLength(1);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
  });

  it('holds a save made offline and sends it, as made, in order, when the connection is back; the caller gets the answer', async () => {
    const h = offlineHarness();
    h.goOffline();
    const first = h.run(SAVE, { id: 'a', expectedVersion: 4, title: 'Ny titel' });
    const second = h.run(SAVE, { id: 'b', expectedVersion: 9, title: 'Anden' });
    expect(h.received).toEqual([]);
    expect(first.outcome.done).toBe(false);
    expect(h.saves.getState()).toEqual({ waiting: 2, sent: 0, notSaved: [] });

    await h.goOnline();
    expect(h.received).toEqual([
      { name: 'SaveTitle', variables: { id: 'a', expectedVersion: 4, title: 'Ny titel' } },
      { name: 'SaveTitle', variables: { id: 'b', expectedVersion: 9, title: 'Anden' } },
    ]);
    expect(first.outcome).toEqual({ results: [{ data: { ok: true } }], done: true });
    expect(second.outcome.done).toBe(true);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 2, notSaved: [] });
    h.saves.acknowledge();
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
  });

  it('never holds or counts a mutation that is no save (presence): offline it goes on at once', async () => {
    const h = offlineHarness();
    h.goOffline();
    const editing = h.run('mutation SetEditing($planId: ID!) { setEditing(planId: $planId) }', { planId: 'p' }, { ...NOT_A_SAVE });
    expect(h.received).toEqual([{ name: 'SetEditing', variables: { planId: 'p' } }]);
    expect(editing.outcome.done).toBe(true);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
    await h.goOnline();
    // Back online: "0 changes sent", not "1".
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
  });

  it('does not hold a query, and drops a held save the caller gave up on', async () => {
    const h = offlineHarness();
    h.goOffline();
    const query = h.run('query Me { me }');
    expect(h.received).toHaveLength(1);
    expect(query.outcome.done).toBe(true);
    const given = h.run(SAVE, { id: 'a', expectedVersion: 1, title: 'x' });
    given.sub.unsubscribe();
    expect(h.saves.getState().waiting).toBe(0);
    await h.goOnline();
    expect(h.received).toHaveLength(1);
  });

  it('sends held saves only once the server answers: the browser saying "online" is not enough', async () => {
    const h = offlineHarness();
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Efter netværket' });
    h.serverUnreachableFor(3);
    await h.goOnline();
    expect(h.probes).toEqual(['no answer', 'no answer', 'no answer', 'answered']);
    expect(h.pauses).toEqual([250, 500, 1000]);
    expect(h.received).toEqual([{ name: 'SaveTitle', variables: { id: 'a', expectedVersion: 3, title: 'Efter netværket' } }]);
    expect(held.outcome.done).toBe(true);
    expect(held.outcome.error).toBeUndefined();
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 1, notSaved: [] });
  });

  it('keeps a held save when the browser goes offline again before the server answered', async () => {
    const h = offlineHarness();
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Holdt' });
    h.serverUnreachableFor(1);
    // Online; the server does not answer the first time, and while the client waits to ask again the network goes.
    h.goOfflineAtNextPause();
    await h.goOnline();
    expect(h.probes).toEqual(['no answer']);
    expect(h.received).toEqual([]);
    expect(held.outcome.done).toBe(false);
    expect(h.saves.getState()).toEqual({ waiting: 1, sent: 0, notSaved: [] });
    // Back for good: the server answers and the save goes.
    await h.goOnline();
    expect(h.probes).toEqual(['no answer', 'answered']);
    expect(h.received).toHaveLength(1);
    expect(held.outcome.done).toBe(true);
  });

  it('a save made while held ones still wait goes after them, in the order they were made', async () => {
    const h = offlineHarness();
    h.goOffline();
    const first = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Først (offline)' });
    h.serverUnreachableFor(1);
    // Online, the server not yet reached: the user saves again meanwhile.
    let second: ReturnType<typeof h.run> | undefined;
    h.onNextPause(() => (second = h.run(SAVE, { id: 'a', expectedVersion: 4, title: 'Bagefter (online)' })));
    await h.goOnline();
    expect(h.received.map((r) => r.variables.title)).toEqual(['Først (offline)', 'Bagefter (online)']);
    expect(first.outcome.done).toBe(true);
    expect(second?.outcome.done).toBe(true);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 2, notSaved: [] });
  });

  it('counts a held save the server refused, with its reason, for the banner: its form may have closed meanwhile', async () => {
    const h = offlineHarness();
    h.goOffline();
    const refused = h.run(SAVE, { id: 'a', expectedVersion: 4, title: 'Ny titel' });
    h.run(SAVE, { id: 'b', expectedVersion: 9, title: 'Anden' });
    h.refuseNextSave('Posten er ændret af en anden, siden du hentede den.');
    await h.goOnline();
    expect(h.received).toHaveLength(2);
    // The caller still gets the answer, as before.
    expect(refused.outcome.results).toEqual([{ errors: [{ message: 'Posten er ændret af en anden, siden du hentede den.', extensions: { code: 'CONFLICT' } }] }]);
    const state = h.saves.getState();
    expect(state.sent).toBe(2);
    expect(state.notSaved).toHaveLength(1);
    expect(state.notSaved[0]).toContain('Posten er ændret af en anden, siden du hentede den.');
    // Offline again before the user pressed OK: a new held save does not wipe what was said.
    h.goOffline();
    h.run(SAVE, { id: 'c', expectedVersion: 1, title: 'Tredje' });
    expect(h.saves.getState().notSaved).toEqual(state.notSaved);
    await h.goOnline();
    h.saves.acknowledge();
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
  });

  it('never sends a save twice: one that failed on its way is reported to the caller, not held', async () => {
    const h = offlineHarness();
    h.failNextRequest();
    const failed = h.run(SAVE, { id: 'a', expectedVersion: 1, title: 'x' });
    expect(failed.outcome.error).toBeInstanceOf(TypeError);
    expect(h.saves.getState().waiting).toBe(0);

    // Held offline, then failing on its way when sent: reported, not counted, not sent again.
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 1, title: 'y' });
    h.failNextRequest();
    await h.goOnline();
    expect(held.outcome.error).toBeInstanceOf(TypeError);
    // Not sent as far as anyone knows, and said in the banner: the form may have closed meanwhile.
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [errorMessage(new TypeError('Failed to fetch'))] });
    await h.goOnline();
    expect(h.received).toEqual([]);
  });
});

const titles = (h: { received: Array<{ variables: Record<string, unknown> }> }) => h.received.map((r) => r.variables.title);
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 10)));

describe('held saves and the sign-in', () => {
  it('a held save refused for its expired token waits, still said to wait, and is sent once with the new token when there is one', async () => {
    const h = offlineHarness();
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Skrevet offline' });
    // What the user sees: the banner, and the form the save came from, its save under way.
    const form = createElement(FormActions, { loading: true, submitLabel: 'Gem', busyLabel: 'Gemmer…', onCancel: () => undefined });
    render(createElement(LiveProvider, { connection: new LiveConnection(), saves: h.saves, children: [createElement(ConnectionStatus, { key: 'banner' }), createElement('form', { key: 'form' }, form)] }));
    // Offline past the token's lifetime: the renewal failed, and the server refuses the token.
    h.refuseToken('t1');
    await act(() => h.goOnline());
    expect(h.tokensSent).toEqual(['t1']);
    expect(held.outcome.done).toBe(false);
    expect(h.saves.getState().waiting).toBe(1);
    expect(screen.getByTestId('connection-status').textContent).not.toContain('blev ikke gemt');
    expect(screen.getByText(WAITING_FOR_CONNECTION)).toBeTruthy();
    // Another "online" changes nothing: the same token would be refused again.
    await act(() => h.goOnline());
    expect(h.tokensSent).toEqual(['t1']);

    // Signed in again: sent, once, with the new token, and the caller gets the answer.
    act(() => h.renewToken('t2'));
    await settle();
    expect(h.tokensSent).toEqual(['t1', 't2']);
    expect(titles(h)).toEqual(['Skrevet offline']);
    expect(held.outcome).toEqual({ results: [{ data: { ok: true } }], done: true });
    expect(screen.getByTestId('connection-status').textContent).toBe('Forbindelsen er tilbage. 1 ændring er sendt.');
    expect(screen.queryByText(WAITING_FOR_CONNECTION)).toBeNull();
  });

  it("a held save refused for its token is never sent with another user's: only a renewal of the same sign-in sends it", async () => {
    // Tokens as the provider issues them: JWTs, whose subject says whose they are.
    const jwt = (sub: string, n: number) => `${btoa(JSON.stringify({ alg: 'RS256' }))}.${btoa(JSON.stringify({ sub, n })).replace(/=+$/, '')}.sig`;
    const anna = jwt('anna', 1);
    const h = offlineHarness(anna);
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Annas ændring' });
    h.refuseToken(anna);
    await h.goOnline();
    expect(h.tokensSent).toEqual([anna]);
    // Bent signs in on the same page: Anna's save waits on (her session's client is about to go).
    h.renewToken(jwt('bent', 1));
    await settle();
    expect(h.tokensSent).toEqual([anna]);
    expect(held.outcome.done).toBe(false);
    // Anna signed in again (a new token of hers): sent, with it.
    const again = jwt('anna', 2);
    h.renewToken(again);
    await settle();
    expect(h.tokensSent).toEqual([anna, again]);
    expect(held.outcome.done).toBe(true);
  });

  it("a save held offline is never sent with the next user's token, even before the old session's client is gone: its caller is told it was not saved", async () => {
    const jwt = (sub: string, n: number) => `${btoa(JSON.stringify({ alg: 'RS256' }))}.${btoa(JSON.stringify({ sub, n })).replace(/=+$/, '')}.sig`;
    const h = offlineHarness(jwt('anna', 1));
    h.goOffline();
    const annas = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Annas ændring' });
    // Anna renewed while offline: still hers, still sent.
    h.renewToken(jwt('anna', 2));
    const renewed = h.run(SAVE, { id: 'b', expectedVersion: 1, title: 'Også Annas' });
    // Bent signs in on the same page, and the browser is back before Anna's client is disposed.
    const bent = jwt('bent', 1);
    h.renewToken(bent);
    await h.goOnline();
    expect(h.tokensSent).toEqual([]);
    expect(h.received).toEqual([]);
    for (const save of [annas, renewed]) {
      expect(save.outcome.done).toBe(true);
      expect(save.outcome.error).toBeInstanceOf(CombinedGraphQLErrors);
      expect((save.outcome.error as CombinedGraphQLErrors).errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // Nothing of Anna's is counted or told in Bent's banner.
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 0, notSaved: [] });
  });

  it('a save held offline goes out with a renewal of the same sign-in', async () => {
    const jwt = (sub: string, n: number) => `${btoa(JSON.stringify({ alg: 'RS256' }))}.${btoa(JSON.stringify({ sub, n })).replace(/=+$/, '')}.sig`;
    const h = offlineHarness(jwt('anna', 1));
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Annas ændring' });
    const renewed = jwt('anna', 2);
    h.renewToken(renewed);
    await h.goOnline();
    expect(h.tokensSent).toEqual([renewed]);
    expect(held.outcome).toEqual({ results: [{ data: { ok: true } }], done: true });
  });

  it('a session that ends while its held save is on its way: refused for its token, the save is given up and its caller told', async () => {
    const h = offlineHarness();
    h.goOffline();
    const held = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Sidst' });
    h.refuseToken('t1');
    const answer = h.answerNextLater();
    const catchingUp = h.goOnline();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.tokensSent).toEqual(['t1']);
    h.saves.dispose();
    answer();
    await catchingUp;
    expect(held.outcome.done).toBe(true);
    expect(held.outcome.error).toBeDefined();
    expect(h.saves.getState().waiting).toBe(0);
  });

  it('saves held behind one refused for its token keep their order', async () => {
    const h = offlineHarness();
    h.goOffline();
    h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Først' });
    h.run(SAVE, { id: 'b', expectedVersion: 7, title: 'Dernæst' });
    h.refuseToken('t1');
    await h.goOnline();
    expect(h.saves.getState().waiting).toBe(2);
    h.renewToken('t2');
    await settle();
    expect(titles(h)).toEqual(['Først', 'Dernæst']);
    expect(h.tokensSent).toEqual(['t1', 't2', 't2']);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 2, notSaved: [] });
  });

  it('a save made while the last held one is on its way goes after its answer, not past it', async () => {
    const h = offlineHarness();
    h.goOffline();
    const first = h.run(SAVE, { id: 'a', expectedVersion: 3, title: 'Holdt' });
    const answer = h.answerNextLater();
    const back = h.goOnline();
    await new Promise((r) => setTimeout(r, 0));
    expect(titles(h)).toEqual(['Holdt']);
    expect(first.outcome.done).toBe(false);
    // The user saves the same record again before the held save is answered.
    const second = h.run(SAVE, { id: 'a', expectedVersion: 4, title: 'Bagefter' });
    expect(titles(h)).toEqual(['Holdt']);
    answer();
    await back;
    expect(titles(h)).toEqual(['Holdt', 'Bagefter']);
    expect(first.outcome.done).toBe(true);
    expect(second.outcome.done).toBe(true);
    expect(h.saves.getState()).toEqual({ waiting: 0, sent: 2, notSaved: [] });
  });
});
