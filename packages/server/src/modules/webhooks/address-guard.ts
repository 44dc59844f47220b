import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be delivered (no server-side request forgery): only to public addresses.
 * The host is resolved once, at send time; every address it resolves to is checked, and the
 * connection goes to the address that was checked (no second lookup). Literal IPs are checked at
 * registration too. An explicit allow-list (WEBHOOK_ALLOWED_HOSTS: host names, IPs or CIDRs) lets
 * on-premise receivers through.
 */

const refused = new BlockList();
// IPv4: "this network", loopback, private, carrier-grade NAT, link-local (incl. the cloud metadata
// address 169.254.169.254), IETF protocol assignments, documentation, benchmarking, multicast, reserved, broadcast.
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  refused.addSubnet(net, bits, 'ipv4');
// IPv6: unspecified, loopback, unique local (fc00::/7), link-local (fe80::/10), site-local, multicast,
// documentation, NAT64 and 6to4 (they can wrap an IPv4 address, checked below too).
refused.addAddress('::', 'ipv6');
refused.addAddress('::1', 'ipv6');
for (const [net, bits] of [
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const)
  refused.addSubnet(net, bits, 'ipv6');

/** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6 address, if any. */
export function embeddedIPv4(ip: string): string | null {
  const words = expandIPv6(ip);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64)
  if (zeros(0, 5) && (words[5] === 0xffff || words[5] === 0)) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6], words[7]);
  // 2002:AABB:CCDD::/48 (6to4)
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

function expandIPv6(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let s = ip.toLowerCase().split('%')[0];
  // A dotted IPv4 tail becomes two words.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    s = s.slice(0, -tail[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const h = head ? head.split(':') : [];
  const r = rest === undefined ? [] : rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - h.length - r.length;
  const words = [...h, ...Array<string>(fill).fill('0'), ...r].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff)
    ? words
    : null;
}

/** Why an address may not receive webhooks (a short reason), or null when it is public. */
export function refusedAddressReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const words = family === 6 ? expandIPv6(ip) : null;
  const special = !!words && words.slice(0, 7).every((w) => w === 0) && words[7] <= 1; // :: and ::1
  if (family === 6 && !special) {
    const inner = embeddedIPv4(ip);
    if (inner) {
      const r = refusedAddressReason(inner);
      return r ? `${r} (inside an IPv6 address)` : null;
    }
  }
  if (!refused.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return null;
  return describe(ip, family);
}

function describe(ip: string, family: number): string {
  const in4 = (net: string, bits: number) => {
    const b = new BlockList();
    b.addSubnet(net, bits, 'ipv4');
    return family === 4 && b.check(ip, 'ipv4');
  };
  const in6 = (net: string, bits: number) => {
    const b = new BlockList();
    b.addSubnet(net, bits, 'ipv6');
    return family === 6 && b.check(ip, 'ipv6');
  };
  const w = family === 6 ? expandIPv6(ip) : null;
  const zeroHigh = !!w && w.slice(0, 7).every((x) => x === 0);
  if (in4('127.0.0.0', 8) || (zeroHigh && w![7] === 1)) return 'a loopback address';
  if (in4('169.254.0.0', 16) || in6('fe80::', 10)) return 'a link-local address (incl. cloud metadata)';
  if (in4('0.0.0.0', 8) || (zeroHigh && w![7] === 0)) return 'an unspecified address';
  if (in4('224.0.0.0', 4) || in6('ff00::', 8)) return 'a multicast address';
  if (in4('10.0.0.0', 8) || in4('172.16.0.0', 12) || in4('192.168.0.0', 16) || in6('fc00::', 7))
    return 'a private address';
  if (in4('100.64.0.0', 10)) return 'a shared (carrier-grade NAT) address';
  return 'a reserved address';
}

/** The parsed WEBHOOK_ALLOWED_HOSTS: host names (exact, case-insensitive) and IP ranges. */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: BlockList;
  /** As configured, for messages. */
  text: string;
}

/** Parses a comma-separated list of host names, IPs and CIDRs; throws with the bad entry. */
export function parseAllowList(text: string | undefined): AllowList {
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const raw of (text ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (!entry) continue;
    const [addr, bitsText] = entry.split('/');
    const family = isIP(addr);
    if (family) {
      const max = family === 4 ? 32 : 128;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (!/^\d+$/.test(bitsText ?? String(max)) || bits > max) throw new Error(`bad CIDR "${raw.trim()}"`);
      ranges.addSubnet(addr, bits, family === 4 ? 'ipv4' : 'ipv6');
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${raw.trim()}" is neither a host name, an IP address nor a CIDR`);
    }
  }
  return { hosts, ranges, text: text ?? '' };
}

export const EMPTY_ALLOW_LIST: AllowList = parseAllowList('');

function allowedAddress(allow: AllowList, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && allow.ranges.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL without IPv6 brackets, lower-cased. */
export function urlHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/**
 * The registration check: a literal IP (or `localhost`) that could never receive a delivery is
 * refused at once. Names are resolved only at send time (a name may change its address).
 */
export function registrationProblem(url: URL, allow: AllowList): string | null {
  const host = urlHost(url);
  if (allow.hosts.has(host)) return null;
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `${host} is a loopback name; webhooks go to public addresses only (or list it in WEBHOOK_ALLOWED_HOSTS).`;
  if (isIP(host)) {
    if (allowedAddress(allow, host)) return null;
    const reason = refusedAddressReason(host);
    if (reason)
      return `${host} is ${reason}; webhooks go to public addresses only (or list it in WEBHOOK_ALLOWED_HOSTS).`;
  }
  return null;
}

/** A resolver: every address of a host name (as dns.lookup with `all: true`). */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/** A delivery refused before any connection was attempted. */
export class RefusedAddressError extends Error {
  readonly name = 'RefusedAddressError';
}

/**
 * The address to connect to for a URL's host, checked: every address the name resolves to
 * must be public (or allow-listed), else the delivery is refused — one bad answer among good
 * ones refuses it too, since a client could be handed any of them.
 */
export async function checkedAddress(
  url: URL,
  allow: AllowList,
  resolve: Resolve = systemResolve,
): Promise<{ address: string; family: number }> {
  const host = urlHost(url);
  const byName = allow.hosts.has(host);
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await resolve(host);
  if (addresses.length === 0) throw new RefusedAddressError(`${host} has no address`);
  for (const a of addresses) {
    if (byName || allowedAddress(allow, a.address)) continue;
    const reason = refusedAddressReason(a.address);
    if (reason)
      throw new RefusedAddressError(
        `refused: ${host} resolves to ${a.address}, ${reason} (not in WEBHOOK_ALLOWED_HOSTS)`,
      );
  }
  return addresses[0];
}
