import type { ChildProcess } from 'node:child_process';

/**
 * Shared by the fan-out benchmark's processes. Times are absolute milliseconds
 * (`performance.timeOrigin + performance.now()`), comparable across processes on one machine.
 */
export const now = (): number => performance.timeOrigin + performance.now();

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1], mean };
}

/** CPU time of this process so far, user + system, in ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Messages between the orchestrator (fanout.ts) and its children. */
export type ToInstance = { type: 'stats' } | { type: 'stop' } | { type: 'statements'; reset: boolean };
/** cpuMs: the process's CPU time so far (user + system), to tell where the time goes. */
export type FromInstance =
  | { type: 'ready'; url: string }
  | { type: 'stats'; listeners: number; last: string; cpuMs: number; userMs: number; systemMs: number }
  /** The messages sent to PostgreSQL since the last reset (one message, one round trip), their text cut short. */
  | { type: 'statements'; texts: string[] };

export type ToClients =
  | { type: 'open'; n: number; urls: string[]; tokens: string[]; query: string }
  | { type: 'progress' }
  | { type: 'finish'; from: number; t0: Array<[number, number]> }
  | { type: 'cpu' }
  | { type: 'close' };

export interface TierResult {
  subscribers: number;
  expectedPerSubscriber: number;
  deliveries: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  latencyMs: Percentiles;
  firstT0: number;
  lastReceive: number;
  /** Subscribers whose socket the server closed during the tier (its heartbeat ends one whose pong came late). */
  closedByServer: number;
  /** Their close codes, as the client saw them (1006: ended without a close frame, as a heartbeat's terminate() does). */
  closeCodes: Record<string, number>;
}

export type FromClients =
  | { type: 'opened'; failed: number }
  | { type: 'progress'; minSeq: number; minCount: number }
  | { type: 'finished'; result: TierResult; cpuMs: number }
  | { type: 'cpu'; cpuMs: number }
  | { type: 'closed' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `cond` every 20 ms until it holds, or throws after `timeoutMs`. */
export async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

/** Request/response over a child's IPC channel. */
export function ask<T extends { type: string }>(child: ChildProcess, msg: unknown, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: T) => {
      if (m.type !== reply) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send(msg as never);
  });
}
