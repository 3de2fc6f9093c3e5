/**
 * Outbound requests to addresses taken from input (a tenant's webhook URL, an install form's portal domain) must
 * reach the public internet only: never loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * multicast or reserved ranges, also not through a DNS name that resolves there. `isPublicAddress` judges one IP;
 * `checkPublicTarget` resolves a URL's host and judges every address it resolves to. Tests reach loopback servers
 * only through an explicit `allowLoopback` option, never by default.
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address carried in an IPv6 one (`::ffff:10.0.0.1`, `::ffff:a00:1`), or null. */
function embeddedIpv4(address: string): string | null {
  const match = /^::ffff:(?:0:)?(.+)$/i.exec(address);
  if (!match?.[1]) return null;
  const rest = match[1];
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex?.[1] || !hex[2]) return null;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return { address: bare, family: 'ipv4' };
  if (version !== 6) return null;
  const v4 = embeddedIpv4(bare);
  return v4 === null ? { address: bare, family: 'ipv6' } : { address: v4, family: 'ipv4' };
}

/** Whether `address` (an IP literal) is on the public internet. Anything that is not an IP is not. */
export function isPublicAddress(address: string): boolean {
  const ip = normalise(address);
  return ip !== null && !blocked.check(ip.address, ip.family);
}

function isLoopbackAddress(address: string): boolean {
  const ip = normalise(address);
  return ip !== null && loopback.check(ip.address, ip.family);
}

export interface PublicTargetOptions {
  /** Test-only: loopback addresses (127.0.0.0/8, ::1, `localhost`) pass. Never set in production. */
  readonly allowLoopback?: boolean;
  /** DNS resolution (default: the system resolver, every address). */
  readonly lookup?: (hostname: string) => Promise<readonly string[]>;
}

async function systemLookup(hostname: string): Promise<readonly string[]> {
  return (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}

/**
 * Why `url` must not be called (a sentence that names no address it resolved to), or null when its host is an IP on
 * the public internet or a name whose every address is. A name that does not resolve is refused too.
 */
export async function checkPublicTarget(url: URL, options: PublicTargetOptions = {}): Promise<string | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return 'the URL has no host';
  const ok = (address: string) =>
    isPublicAddress(address) || (options.allowLoopback === true && isLoopbackAddress(address));
  if (isIP(host) !== 0) return ok(host) ? null : 'the URL points at a private, loopback or reserved address';
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return options.allowLoopback === true ? null : 'the URL points at a private, loopback or reserved address';
  }
  let addresses: readonly string[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch {
    return 'the URL host does not resolve';
  }
  if (addresses.length === 0) return 'the URL host does not resolve';
  return addresses.every(ok) ? null : 'the URL host resolves to a private, loopback or reserved address';
}

/** The same check on an IP literal or `localhost` only, without DNS (for input validation that must not wait). */
export function isPrivateLiteralHost(hostname: string, options: { allowLoopback?: boolean } = {}): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return options.allowLoopback !== true;
  if (isIP(host) === 0) return false;
  return !(isPublicAddress(host) || (options.allowLoopback === true && isLoopbackAddress(host)));
}
