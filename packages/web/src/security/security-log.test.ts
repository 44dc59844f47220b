import { describe, expect, it } from 'vitest';
import { dayRange, describeDetail, KINDS, summarizeUserAgent } from './security-log';

describe('the security log in words', () => {
  it('offers every kind the server knows', () => {
    expect(KINDS).toHaveLength(19);
    expect(KINDS[0]).toBe('SIGN_IN');
  });

  it('says what else is known of an entry', () => {
    expect(describeDetail({ kind: 'ROLE_CHANGED', detail: { from: 'MEMBER', to: 'EXECUTIVE' } })).toBe(
      'Member → Executive',
    );
    expect(
      describeDetail({
        kind: 'UNIT_CHANGED',
        detail: { from: { id: 'a', name: 'Sales' }, to: { id: 'b', name: null } },
      }),
    ).toBe('Sales → a unit no longer there');
    expect(
      describeDetail({ kind: 'SIGN_IN_THROTTLED', detail: { budget: 'account', retryAfterSeconds: 240 } }),
    ).toBe('Too many failures for this account from new devices (wait 4 min)');
    expect(
      describeDetail({ kind: 'SIGN_IN_THROTTLED', detail: { budget: 'address', retryAfterSeconds: 5 } }),
    ).toBe('Too many failures from this address (wait 5 s)');
    expect(describeDetail({ kind: 'TOKEN_CREATED', detail: { name: 'ERP', scopes: ['read'] } })).toBe(
      '“ERP” · read',
    );
    expect(describeDetail({ kind: 'SIGN_IN', detail: { device: 'new' } })).toBe('From a new device');
    expect(describeDetail({ kind: 'SIGN_OUT', detail: null })).toBeNull();
  });

  it('shortens user agents', () => {
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
      ),
    ).toBe('Chrome on macOS');
    expect(summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox on Windows',
    );
    expect(summarizeUserAgent('curl/8.5.0')).toBe('curl');
    expect(summarizeUserAgent(null)).toBeNull();
  });

  it('turns chosen days into an inclusive range of instants (UTC days)', () => {
    expect(dayRange('2027-01-31', '2027-02-28')).toEqual({
      from: '2027-01-31T00:00:00.000Z',
      to: '2027-03-01T00:00:00.000Z',
    });
    expect(dayRange('', '2028-02-28')).toEqual({ from: null, to: '2028-02-29T00:00:00.000Z' });
  });
});
