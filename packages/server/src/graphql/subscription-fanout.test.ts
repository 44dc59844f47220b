import { Role } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import { viewerOf, type Viewer } from '../auth/policy.js';
import { viewerScopeKey } from './subscription-fanout.js';

const person = { id: 'p1', name: 'Ada', email: 'ada@example.com', role: Role.EXECUTIVE, unitId: 'u1' };
const session: Viewer = { ...viewerOf(person), sessionId: 's1' };
const partner: Viewer = viewerOf(person, {
  via: 'partner',
  tokenId: 't1',
  scopes: ['read'],
  unitId: 'u2',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
});

describe('viewerScopeKey', () => {
  it('is the same for the same credential (scopes in any order)', () => {
    expect(viewerScopeKey({ ...session })).toBe(viewerScopeKey(session));
    expect(viewerScopeKey({ ...partner, scopes: new Set(['write:measurements', 'read']) })).toBe(
      viewerScopeKey({ ...partner, scopes: new Set(['read', 'write:measurements']) }),
    );
  });

  // Every field a resolver or the policy may read separates two viewers.
  const variants: [string, Viewer, Viewer][] = [
    ['person', session, { ...session, personId: 'p2' }],
    ['role', session, { ...session, role: Role.MEMBER }],
    ['home unit', session, { ...session, unitId: 'u9' }],
    ['name', session, { ...session, name: 'Bea' }],
    ['email', session, { ...session, email: 'bea@example.com' }],
    [
      'credential kind',
      viewerOf(person),
      { ...partner, tokenId: null, scopes: null, unitScopeId: null, expiresAt: null },
    ],
    ['session', session, { ...session, sessionId: 's2' }],
    ['token', partner, { ...partner, tokenId: 't2' }],
    ['scopes', partner, { ...partner, scopes: new Set(['read', 'write:measurements']) }],
    ['unit scope', partner, { ...partner, unitScopeId: null }],
    ['expiry', partner, { ...partner, expiresAt: null }],
  ];
  it.each(variants)('differs by %s', (_what, a, b) => {
    expect(viewerScopeKey(a)).not.toBe(viewerScopeKey(b));
  });

  it('never merges a signed-in viewer with nobody', () => {
    expect(viewerScopeKey(null)).not.toBe(viewerScopeKey(session));
  });
});
