import { spawn } from 'node:child_process';
import path from 'node:path';
import type { OidcSettings } from '../config';

/** The local OpenID provider for development and tests (an ES module run as a process of its own). */
export const DEV_OIDC_SCRIPT = path.resolve(__dirname, '../../../dev-oidc/provider.mjs');

export interface DevOidcProvider {
  /** The settings that point the server (and through /auth/config, the web client) at it. */
  settings: OidcSettings;
  /** Everything it wrote. */
  lines: string[];
  stop(): Promise<void>;
}

export interface DevOidcOptions {
  /** 0: a free port. */
  port?: number;
  accessTokenTtlSeconds?: number;
  /** The API resource its access tokens are for (an absolute URI). */
  audience?: string;
}

/**
 * Starts server/dev-oidc/provider.mjs and waits for the line naming its issuer. The child has
 * an IPC channel, so it also goes when this process dies without stopping it.
 */
export async function startDevOidcProvider(options: DevOidcOptions = {}): Promise<DevOidcProvider> {
  const proc = spawn(process.execPath, [DEV_OIDC_SCRIPT], {
    // Its own settings only: nothing of this process's environment is handed on.
    env: {
      OIDC_DEV_PORT: String(options.port ?? 0),
      ...(options.accessTokenTtlSeconds ? { OIDC_DEV_ACCESS_TOKEN_TTL: String(options.accessTokenTtlSeconds) } : {}),
      ...(options.audience ? { OIDC_DEV_AUDIENCE: options.audience } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ issuer: string; clientId: string; audience: string; scope: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local OpenID provider did not start:\n${lines.join('\n')}`)), 20_000);
    let pending = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const ready = line.startsWith('{"oidcDevProvider"') ? (JSON.parse(line) as { oidcDevProvider: { issuer: string; clientId: string; audience: string; scope: string } }) : undefined;
        if (ready) {
          clearTimeout(timer);
          resolve(ready.oidcDevProvider);
        }
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the local OpenID provider exited with ${code}:\n${lines.join('\n')}`));
    });
  });
  return {
    settings: { issuer: ready.issuer, clientId: ready.clientId, audience: ready.audience, scopes: ready.scope },
    lines,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
