import express from 'express';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { IMMUTABLE, REVALIDATE, serveClient } from './static-files';

/** A small built client: index.html, a hashed asset with its .br/.gz siblings and a source map, an unhashed file. */
let dir: string;
let server: Server;
let base: string;
const JS = `console.log(${JSON.stringify('x'.repeat(4000))});`;
const HTML = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body>${' '.repeat(2000)}</body></html>`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'samplan-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), HTML);
  writeFileSync(path.join(dir, 'index.html.br'), brotliCompressSync(HTML));
  writeFileSync(path.join(dir, 'index.html.gz'), gzipSync(HTML));
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), JS);
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(JS));
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(JS));
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js.map'), '{"version":3}');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  const app = express();
  app.get('/graphql', (_req, res) => void res.json({ api: true }));
  expect(serveClient(app, dir)).toBe(true);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request (fetch would decompress and choose Accept-Encoding itself). */
function get(pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built client', () => {
  it('serves hashed assets as immutable for a year, brotli or gzip by Accept-Encoding, with Vary', async () => {
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(JS);

    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(JS);

    const plain = await get('/assets/index-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);

    const refused = await get('/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('index.html and the SPA fallback are no-cache (and compressed too)', async () => {
    for (const p of ['/', '/index.html', '/plan/123', '/nyt-forloeb']) {
      const res = await get(p, { 'accept-encoding': 'br' });
      expect({ p, status: res.status, cache: res.headers['cache-control'], enc: res.headers['content-encoding'] }).toEqual({ p, status: 200, cache: REVALIDATE, enc: 'br' });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(brotliDecompressSync(res.body).toString()).toBe(HTML);
    }
    const unhashed = await get('/favicon.svg');
    expect(unhashed.headers['cache-control']).toBe(REVALIDATE);
    expect(unhashed.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('never serves a source map, a precompressed sibling directly, a missing asset as the app, or a file outside the directory', async () => {
    expect((await get('/assets/index-abc123.js.map')).status).toBe(404);
    expect((await get('/assets/index-abc123.js.br')).status).toBe(404);
    expect((await get('/assets/missing-000.js')).status).toBe(404);
    // A file that is not there is not the app either, wherever it is asked for: the browser's
    // own /favicon.ico, a crawler's /robots.txt, an old script. Client routes have no extension.
    for (const p of ['/favicon.ico', '/robots.txt', '/sw.js', '/plan/old-chunk.js']) {
      const res = await get(p, { 'accept-encoding': 'br' });
      expect({ p, status: res.status, cache: res.headers['cache-control'], encoding: res.headers['content-encoding'] }).toEqual({ p, status: 404, cache: undefined, encoding: undefined });
    }
    expect((await get('/assets/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await get('/graphql')).body.toString()).toBe('{"api":true}');
  });

  it('answers conditional requests with 304', async () => {
    const first = await get('/assets/index-abc123.js', { 'accept-encoding': 'br' });
    const again = await get('/assets/index-abc123.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });
});
