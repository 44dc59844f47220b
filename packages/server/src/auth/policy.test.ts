import { Role, TokenScope, UnitVisibility } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import { OrgTree, UnitNode } from './org-tree.js';
import {
  audienceCanSee,
  audienceUnitIds,
  Need,
  Policy,
  POLICY_ACTIONS,
  PolicyAction,
  PolicySubject,
  unmetNeed,
  Viewer,
  viewerOf,
} from './policy.js';

/*
 * The one policy as a table: every kind of viewer × every action × every kind of subject.
 * Pure: the organisation tree is built in memory.
 *
 *   company (head: none)
 *   ├── ops (head: Olga)          ├── sales (head: Sam)      └── vault RESTRICTED (head: Rita)
 *   │   └── team                                                  └── lab
 */
const U = {
  company: 'u-company',
  ops: 'u-ops',
  team: 'u-team',
  sales: 'u-sales',
  vault: 'u-vault',
  lab: 'u-lab',
} as const;
const P = {
  eve: 'p-eve',
  olga: 'p-olga',
  sam: 'p-sam',
  tom: 'p-tom',
  rita: 'p-rita',
  lars: 'p-lars',
} as const;

const unit = (
  id: string,
  parentId: string | null,
  headId: string | null,
  visibility = UnitVisibility.ORGANIZATION,
): UnitNode => ({
  id,
  parentId,
  headId,
  visibility,
  name: id,
});
const tree = new OrgTree([
  unit(U.company, null, null),
  unit(U.ops, U.company, P.olga),
  unit(U.team, U.ops, null),
  unit(U.sales, U.company, P.sam),
  unit(U.vault, U.company, P.rita, UnitVisibility.RESTRICTED),
  unit(U.lab, U.vault, null),
]);

const person = (id: string, unitId: string, role = Role.MEMBER) => ({
  id,
  name: id,
  email: `${id}@example.test`,
  role,
  unitId,
});
const people = {
  eve: person(P.eve, U.company, Role.EXECUTIVE),
  olga: person(P.olga, U.ops),
  tom: person(P.tom, U.team),
  rita: person(P.rita, U.company),
  lars: person(P.lars, U.lab),
};
const partner = (p: (typeof people)[keyof typeof people], scopes: string[]) =>
  viewerOf(p, { via: 'partner', tokenId: `t-${p.id}`, scopes });

/** The viewers of the table: every role, through a session and through partner tokens of each scope. */
const viewers: Record<string, Viewer> = {
  executive: viewerOf(people.eve),
  'head of ops': viewerOf(people.olga),
  'member of team (below ops)': viewerOf(people.tom),
  'head of the restricted vault': viewerOf(people.rita),
  'member of lab (below the vault)': viewerOf(people.lars),
  'executive, read token': partner(people.eve, [TokenScope.READ]),
  'head of ops, read token': partner(people.olga, [TokenScope.READ]),
  'head of ops, write:measurements token': partner(people.olga, [TokenScope.WRITE_MEASUREMENTS]),
  'head of ops, token without scopes': partner(people.olga, []),
};

/** The subjects, relative to the viewer where it matters (owner, participant). */
const subjects: Record<string, (v: Viewer) => PolicySubject> = {
  company: () => ({ unitId: U.company }),
  ops: () => ({ unitId: U.ops }),
  'team (child of ops)': () => ({ unitId: U.team }),
  'sales (another unit)': () => ({ unitId: U.sales }),
  'vault (restricted)': () => ({ unitId: U.vault }),
  'lab (below the restricted vault)': () => ({ unitId: U.lab }),
  'sales, owned by the viewer': (v) => ({ unitId: U.sales, ownerId: v.personId }),
  'sales, viewer participates': (v) => ({ unitId: U.sales, ownerId: P.sam, participantIds: [v.personId] }),
  'vault, owned by the viewer': (v) => ({ unitId: U.vault, ownerId: v.personId }),
  'unknown unit': () => ({ unitId: 'u-gone' }),
};

/**
 * Expected answers, one letter per action in POLICY_ACTIONS order:
 *   r read · e edit · m recordMeasurement · u runMeeting · a acknowledgeAlert · v receiveAlert · s restructure
 * A dash is a refusal.
 */
// prettier-ignore
const expected: Record<string, Record<string, string>> = {
  'executive': {
    'company': 'remuavs', 'ops': 'remuavs', 'team (child of ops)': 'remuavs', 'sales (another unit)': 'remuavs',
    'vault (restricted)': 'remuavs', 'lab (below the restricted vault)': 'remuavs', 'sales, owned by the viewer': 'remuavs',
    'sales, viewer participates': 'remuavs', 'vault, owned by the viewer': 'remuavs', 'unknown unit': '-------',
  },
  'head of ops': {
    'company': 'r------', 'ops': 'remuav-', 'team (child of ops)': 'remuav-', 'sales (another unit)': 'r------',
    'vault (restricted)': '-------', 'lab (below the restricted vault)': '-------', 'sales, owned by the viewer': 'remuav-',
    'sales, viewer participates': 'r--u---', 'vault, owned by the viewer': '-------', 'unknown unit': '-------',
  },
  'member of team (below ops)': {
    'company': 'r------', 'ops': 'r------', 'team (child of ops)': 'r------', 'sales (another unit)': 'r------',
    'vault (restricted)': '-------', 'lab (below the restricted vault)': '-------', 'sales, owned by the viewer': 'remuav-',
    'sales, viewer participates': 'r--u---', 'vault, owned by the viewer': '-------', 'unknown unit': '-------',
  },
  'head of the restricted vault': {
    'company': 'r------', 'ops': 'r------', 'team (child of ops)': 'r------', 'sales (another unit)': 'r------',
    'vault (restricted)': 'remuav-', 'lab (below the restricted vault)': 'remuav-', 'sales, owned by the viewer': 'remuav-',
    'sales, viewer participates': 'r--u---', 'vault, owned by the viewer': 'remuav-', 'unknown unit': '-------',
  },
  'member of lab (below the vault)': {
    'company': 'r------', 'ops': 'r------', 'team (child of ops)': 'r------', 'sales (another unit)': 'r------',
    'vault (restricted)': 'r------', 'lab (below the restricted vault)': 'r------', 'sales, owned by the viewer': 'remuav-',
    'sales, viewer participates': 'r--u---', 'vault, owned by the viewer': 'remuav-', 'unknown unit': '-------',
  },
  'executive, read token': {
    'company': 'r----v-', 'ops': 'r----v-', 'team (child of ops)': 'r----v-', 'sales (another unit)': 'r----v-',
    'vault (restricted)': 'r----v-', 'lab (below the restricted vault)': 'r----v-', 'sales, owned by the viewer': 'r----v-',
    'sales, viewer participates': 'r----v-', 'vault, owned by the viewer': 'r----v-', 'unknown unit': '-------',
  },
  'head of ops, read token': {
    'company': 'r------', 'ops': 'r----v-', 'team (child of ops)': 'r----v-', 'sales (another unit)': 'r------',
    'vault (restricted)': '-------', 'lab (below the restricted vault)': '-------', 'sales, owned by the viewer': 'r----v-',
    'sales, viewer participates': 'r------', 'vault, owned by the viewer': '-------', 'unknown unit': '-------',
  },
  'head of ops, write:measurements token': {
    'company': 'r-m----', 'ops': 'r-m--v-', 'team (child of ops)': 'r-m--v-', 'sales (another unit)': 'r-m----',
    'vault (restricted)': '-------', 'lab (below the restricted vault)': '-------', 'sales, owned by the viewer': 'r-m--v-',
    'sales, viewer participates': 'r-m----', 'vault, owned by the viewer': '-------', 'unknown unit': '-------',
  },
  'head of ops, token without scopes': {
    'company': '-------', 'ops': '-------', 'team (child of ops)': '-------', 'sales (another unit)': '-------',
    'vault (restricted)': '-------', 'lab (below the restricted vault)': '-------', 'sales, owned by the viewer': '-------',
    'sales, viewer participates': '-------', 'vault, owned by the viewer': '-------', 'unknown unit': '-------',
  },
};

const LETTERS: Record<PolicyAction, string> = {
  read: 'r',
  edit: 'e',
  recordMeasurement: 'm',
  runMeeting: 'u',
  acknowledgeAlert: 'a',
  receiveAlert: 'v',
  restructure: 's',
};

const cases = Object.keys(viewers).flatMap((v) => Object.keys(subjects).map((s) => [v, s] as const));

describe('policy: every viewer × every action × every subject', () => {
  it('the table covers every viewer, subject and action', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(viewers).sort());
    for (const v of Object.keys(viewers))
      expect(Object.keys(expected[v]).sort()).toEqual(Object.keys(subjects).sort());
    expect(Object.keys(LETTERS).sort()).toEqual([...POLICY_ACTIONS].sort());
  });

  it.each(cases)('%s on %s', (v, s) => {
    const viewer = viewers[v];
    const policy = new Policy(viewer, tree);
    const answer = POLICY_ACTIONS.map((a) => (policy.can(a, subjects[s](viewer)) ? LETTERS[a] : '-')).join(
      '',
    );
    expect(answer).toBe(expected[v][s]);
  });
});

describe('policy: visibility of units', () => {
  it.each([
    ['executive', [U.company, U.ops, U.team, U.sales, U.vault, U.lab]],
    ['head of ops', [U.company, U.ops, U.team, U.sales]],
    ['member of team (below ops)', [U.company, U.ops, U.team, U.sales]],
    ['head of the restricted vault', [U.company, U.ops, U.team, U.sales, U.vault, U.lab]],
    ['member of lab (below the vault)', [U.company, U.ops, U.team, U.sales, U.vault, U.lab]],
    ['head of ops, read token', [U.company, U.ops, U.team, U.sales]],
  ])('%s sees exactly these units', (v, units) => {
    const policy = new Policy(viewers[v], tree);
    expect(policy.visibleUnitIds().sort()).toEqual([...units].sort());
    expect(policy.visibleSubtree(U.company).sort()).toEqual([...units].sort());
  });

  it('units a person heads are listed only where the viewer may see them', () => {
    expect(new Policy(viewers['head of ops'], tree).visibleUnitsHeadedBy(P.rita)).toEqual([]);
    expect(new Policy(viewers['executive'], tree).visibleUnitsHeadedBy(P.rita)).toEqual([U.vault]);
    expect(new Policy(viewers['member of team (below ops)'], tree).visibleUnitsHeadedBy(P.olga)).toEqual([
      U.ops,
    ]);
  });
});

describe('policy: co-edited documents', () => {
  const doc = (
    kind: 'plan' | 'meeting',
    unitId: string,
    writable: boolean,
    v: Viewer,
    part: 'owner' | 'participant' | 'none',
  ) => ({
    kind,
    id: 'd',
    unitId,
    writable,
    ownerId: part === 'owner' ? v.personId : null,
    participantIds: part === 'participant' ? [v.personId] : [],
  });
  it.each([
    ['executive', 'plan', U.sales, true, 'none', 'write'],
    ['executive', 'plan', U.sales, false, 'none', 'read'],
    ['head of ops', 'plan', U.team, true, 'none', 'write'],
    ['head of ops', 'plan', U.sales, true, 'none', 'read'],
    ['head of ops', 'plan', U.vault, true, 'none', 'none'],
    ['member of team (below ops)', 'meeting', U.sales, true, 'participant', 'write'],
    ['member of team (below ops)', 'plan', U.sales, true, 'participant', 'read'],
    ['member of team (below ops)', 'meeting', U.sales, false, 'participant', 'read'],
    ['member of team (below ops)', 'meeting', U.sales, true, 'owner', 'write'],
    ['head of ops, write:measurements token', 'meeting', U.ops, true, 'owner', 'read'],
    ['head of ops, token without scopes', 'plan', U.ops, true, 'owner', 'none'],
  ] as const)(
    '%s on a %s of %s (writable %s, viewer: %s) → %s',
    (v, kind, unitId, writable, part, access) => {
      const viewer = viewers[v];
      expect(new Policy(viewer, tree).documentAccess(doc(kind, unitId, writable, viewer, part))).toBe(access);
    },
  );
});

describe('policy: what a field requires of the token (no tree needed)', () => {
  const needs: Need[] = ['EXECUTIVE', 'SESSION', 'WRITE_MEASUREMENTS'];
  // One letter per need: x EXECUTIVE · s SESSION · w WRITE_MEASUREMENTS.
  it.each([
    ['executive', 'xsw'],
    ['head of ops', '-sw'],
    ['member of team (below ops)', '-sw'],
    ['executive, read token', '---'],
    ['head of ops, read token', '---'],
    ['head of ops, write:measurements token', '--w'],
    ['head of ops, token without scopes', '---'],
  ])('%s meets %s', (v, letters) => {
    const answer = needs.map((n, i) => (unmetNeed(viewers[v], n) === null ? 'xsw'[i] : '-')).join('');
    expect(answer).toBe(letters);
  });

  it('a refusal says why', () => {
    expect(unmetNeed(viewers['head of ops'], 'EXECUTIVE')).toBe('Only an executive may do this.');
    expect(unmetNeed(viewers['executive, read token'], 'SESSION')).toBe(
      'Partner tokens may only read and record measurements.',
    );
    expect(unmetNeed(viewers['head of ops, read token'], 'WRITE_MEASUREMENTS')).toBe(
      'This token has no write:measurements scope.',
    );
  });
});

describe("policy: what a meeting's whole audience may see", () => {
  it.each([
    [U.company, U.sales, true],
    [U.company, U.vault, false],
    [U.company, U.lab, false],
    [U.vault, U.lab, true],
    [U.vault, U.vault, true],
    [U.lab, U.vault, true],
    [U.ops, U.sales, true],
    [U.ops, 'u-gone', false],
  ])('a meeting of %s may show %s: %s', (scope, unitId, ok) => {
    expect(audienceCanSee(tree, scope, unitId)).toBe(ok);
  });

  it('the audience units of a scope leave restricted subtrees below it out', () => {
    expect(audienceUnitIds(tree, U.company).sort()).toEqual([U.company, U.ops, U.team, U.sales].sort());
    expect(audienceUnitIds(tree, U.vault).sort()).toEqual([U.vault, U.lab].sort());
  });
});

describe('viewerOf: the one way to build a viewer', () => {
  it('a person acts in their own session with full rights, or through a partner token with its scopes', () => {
    expect(viewerOf(people.olga)).toEqual({
      personId: P.olga,
      name: P.olga,
      email: `${P.olga}@example.test`,
      role: Role.MEMBER,
      unitId: U.ops,
      via: 'session',
      tokenId: null,
      scopes: null,
    });
    const t = partner(people.olga, [TokenScope.READ, TokenScope.READ]);
    expect(t).toMatchObject({ personId: P.olga, via: 'partner', tokenId: `t-${P.olga}` });
    expect([...t.scopes!]).toEqual([TokenScope.READ]);
  });
});

describe('policy: who may manage webhooks for a unit (null = every unit)', () => {
  // Columns: none (unscoped), company, ops, team, sales, vault, lab, unknown unit.
  const scopes: (string | null)[] = [null, U.company, U.ops, U.team, U.sales, U.vault, U.lab, 'u-gone'];
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                             'yyyyyyy-',
    'head of ops':                           '--yy----',
    'member of team (below ops)':            '--------',
    'head of the restricted vault':          '-----yy-',
    'member of lab (below the vault)':       '--------',
    'executive, read token':                 '--------',
    'head of ops, read token':               '--------',
    'head of ops, write:measurements token': '--------',
    'head of ops, token without scopes':     '--------',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(scopes.map((u) => (policy.canManageWebhooks(u) ? 'y' : '-')).join('')).toBe(table[v]);
  });
});
