import { describe, expect, it } from 'vitest';
import {
  checkedAddress,
  embeddedIPv4,
  parseAllowList,
  RefusedAddressError,
  refusedAddressReason,
  registrationProblem,
  Resolve,
} from './address-guard.js';

/*
 * The address check, pure: no test here resolves a real name or opens a connection.
 */
describe('refusedAddressReason: only public addresses receive webhooks', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['192.0.2.10', 'reserved'],
    ['255.255.255.255', 'reserved'],
  ])('%s is refused (%s)', (ip, kind) => {
    expect(refusedAddressReason(ip)).toMatch(new RegExp(kind));
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::6810:84e5',
    '::ffff:8.8.8.8',
  ])('%s is public', (ip) => expect(refusedAddressReason(ip)).toBeNull());

  it('reads the IPv4 address inside IPv6 forms', () => {
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
  });
});

describe('the allow-list (WEBHOOK_ALLOWED_HOSTS)', () => {
  it('takes host names, IPs and CIDRs; refuses anything else', () => {
    const a = parseAllowList(' Hooks.Intra.example , 10.1.0.0/16,127.0.0.1, fd00::/8 ');
    expect([...a.hosts]).toEqual(['hooks.intra.example']);
    expect(a.ranges.check('10.1.200.3')).toBe(true);
    expect(a.ranges.check('10.2.0.1')).toBe(false);
    expect(a.ranges.check('fd00::5', 'ipv6')).toBe(true);
    expect(() => parseAllowList('http://x')).toThrow(/neither a host name/);
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/bad CIDR/);
  });

  it('refuses literal private addresses and loopback names at registration unless listed', () => {
    const none = parseAllowList('');
    const listed = parseAllowList('127.0.0.1,intranet.example,localhost');
    expect(registrationProblem(new URL('http://169.254.169.254/latest/meta-data'), none)).toMatch(
      /link-local/,
    );
    expect(registrationProblem(new URL('http://10.0.0.8/hook'), none)).toMatch(/private address/);
    expect(registrationProblem(new URL('http://[::ffff:127.0.0.1]:8080/'), none)).toMatch(/loopback/);
    expect(registrationProblem(new URL('http://localhost:3000/'), none)).toMatch(/loopback name/);
    expect(registrationProblem(new URL('http://127.0.0.1:3000/'), listed)).toBeNull();
    expect(registrationProblem(new URL('http://localhost:3000/'), listed)).toBeNull();
    expect(registrationProblem(new URL('https://hooks.slack.com/services/T/B/X'), none)).toBeNull();
    // Names are judged at send time, when they are resolved.
    expect(registrationProblem(new URL('https://intranet.example/'), none)).toBeNull();
  });
});

describe('checkedAddress: resolve once, check every address, connect to the checked one', () => {
  const stub = (answers: Record<string, string[]>): Resolve & { calls: string[] } => {
    const calls: string[] = [];
    const f = (async (host: string) => {
      calls.push(host);
      return (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    }) as Resolve & { calls: string[] };
    f.calls = calls;
    return f;
  };

  it('refuses a name that resolves to a private, metadata or mapped loopback address', async () => {
    const r = stub({
      'internal.example': ['10.0.0.7'],
      'metadata.example': ['169.254.169.254'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'mixed.example': ['93.184.215.14', '192.168.0.10'],
    });
    const none = parseAllowList('');
    for (const host of ['internal.example', 'metadata.example', 'mapped.example', 'mixed.example'])
      await expect(checkedAddress(new URL(`https://${host}/hook`), none, r)).rejects.toBeInstanceOf(
        RefusedAddressError,
      );
    await expect(checkedAddress(new URL('https://internal.example/'), none, r)).rejects.toThrow(
      /resolves to 10\.0\.0\.7, a private address/,
    );
  });

  it('answers the first checked address of a public name, and lets allow-listed hosts and ranges through', async () => {
    const r = stub({ 'public.example': ['93.184.215.14'], 'onprem.example': ['10.1.2.3'] });
    expect(await checkedAddress(new URL('https://public.example/'), parseAllowList(''), r)).toEqual({
      address: '93.184.215.14',
      family: 4,
    });
    expect(
      (await checkedAddress(new URL('https://onprem.example/'), parseAllowList('onprem.example'), r)).address,
    ).toBe('10.1.2.3');
    expect(
      (await checkedAddress(new URL('https://onprem.example/'), parseAllowList('10.1.0.0/16'), r)).address,
    ).toBe('10.1.2.3');
    expect(r.calls).toEqual(['public.example', 'onprem.example', 'onprem.example']);
  });

  it('checks literal IPs without resolving anything', async () => {
    const r = stub({});
    await expect(checkedAddress(new URL('http://[fe80::1]/'), parseAllowList(''), r)).rejects.toThrow(
      /link-local/,
    );
    expect(
      (await checkedAddress(new URL('http://127.0.0.1:9/'), parseAllowList('127.0.0.1'), r)).address,
    ).toBe('127.0.0.1');
    expect(r.calls).toEqual([]);
  });
});
