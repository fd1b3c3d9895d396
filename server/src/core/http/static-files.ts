import type { Express, NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Hashed build output (Vite's assets/name-hash.ext): the name changes with the content, so it may be kept for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the SPA fallback, unhashed files): always revalidated (ETag / Last-Modified). */
export const REVALIDATE = 'no-cache';

/** Precompressed siblings written at build time (client/vite-precompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** Quality of each coding the client names (Accept-Encoding, RFC 9110 §12.5.3); "*" covers the rest. */
function qualities(header: string | undefined): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  return q;
}

/** The best precompressed coding the client accepts: highest quality, and brotli before gzip when equal (browsers list gzip first). */
function pickEncoding(header: string | undefined, available: (e: (typeof ENCODINGS)[number]) => boolean): (typeof ENCODINGS)[number] | undefined {
  const q = qualities(header);
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  let best: (typeof ENCODINGS)[number] | undefined;
  for (const e of ENCODINGS) {
    if (of(e.name) > 0 && (!best || of(e.name) > of(best.name)) && available(e)) best = e;
  }
  return best;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built web client like a production web server: the precompressed .br/.gz file
 * the client accepts (Accept-Encoding, with Vary), immutable caching for hashed assets,
 * no-cache for index.html and the SPA fallback, and never a source map or a file outside
 * the directory. Files are not compressed on the fly: what has no precompressed sibling
 * (images, small files) is sent as it is.
 */
export function serveClient(app: Express, dist: string): boolean {
  const root = path.resolve(dist);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return false;

  const send = (req: Request, res: Response, next: NextFunction, file: string, cache: string) => {
    res.setHeader('Cache-Control', cache);
    res.setHeader('Vary', 'Accept-Encoding');
    const choice = pickEncoding(req.headers['accept-encoding'], (e) => isFile(file + e.ext));
    // The type is the original file's, not the .br/.gz sibling's (send keeps a type already set).
    res.type(path.extname(file));
    if (choice) res.setHeader('Content-Encoding', choice.name);
    res.sendFile(choice ? file + choice.ext : file, { dotfiles: 'deny', lastModified: true, etag: true, cacheControl: false }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let requested: string;
    try {
      requested = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    // No public source maps, and the precompressed siblings only through negotiation.
    if (/\.(map|br|gz)$/i.test(requested) || requested.includes('\0')) {
      res.status(404).setHeader('Cache-Control', REVALIDATE);
      res.type('text/plain').send('Findes ikke.');
      return;
    }
    const file = path.join(root, path.normalize(requested));
    if (file !== root && !file.startsWith(root + path.sep)) return next();
    if (file === index) return send(req, res, next, index, REVALIDATE);
    if (file !== root && isFile(file)) {
      const hashed = requested.startsWith('/assets/');
      return send(req, res, next, file, hashed ? IMMUTABLE : REVALIDATE);
    }
    // A missing hashed asset is a 404, not the app, and so is any other missing file (a name
    // with an extension: the browser's /favicon.ico, a crawler's /robots.txt), which would
    // otherwise be answered with HTML as that file. Client routes have no extension; any
    // other path is one (the SPA).
    if (requested.startsWith('/assets/') || /\.[a-z0-9]{1,10}$/i.test(path.posix.basename(requested))) return next();
    return send(req, res, next, index, REVALIDATE);
  });
  return true;
}
