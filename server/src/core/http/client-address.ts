import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The address a request came from, for the failed-login lock-out and the access log's
 * client. Behind a load balancer every socket comes from the balancer, and one client's
 * failed logins would lock out the whole municipality: with the balancer's address in
 * TRUSTED_PROXIES, the address it forwarded (X-Forwarded-For) is taken, read from the
 * right and only across the proxies named, so a client cannot choose its address by
 * sending the header itself. Without the setting the header is never read.
 */
export type ClientAddressOf = (req: IncomingMessage) => string;

export function clientAddressReader(trusted: readonly string[] = []): ClientAddressOf {
  if (trusted.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile([...trusted]);
  return (req) => proxyaddr(req, trust) || 'unknown';
}

/** Throws when an entry is neither an address, a CIDR range nor one of proxy-addr's names (loopback, linklocal, uniquelocal). */
export function checkTrustedProxies(entries: readonly string[]): void {
  proxyaddr.compile([...entries]);
}
