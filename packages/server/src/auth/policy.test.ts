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
  PermissionKind,
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
const partner = (p: (typeof people)[keyof typeof people], scopes: string[], unitId: string | null = null) =>
  viewerOf(p, { via: 'partner', tokenId: `t-${p.id}`, scopes, unitId });

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
  'head of ops, write:initiatives token': partner(people.olga, [TokenScope.WRITE_INITIATIVES]),
  'executive, read + write:measurements token scoped to ops': partner(
    people.eve,
    [TokenScope.READ, TokenScope.WRITE_MEASUREMENTS],
    U.ops,
  ),
  'executive, read token scoped to the restricted vault': partner(people.eve, [TokenScope.READ], U.vault),
  'head of ops, write:initiatives token scoped to team': partner(
    people.olga,
    [TokenScope.WRITE_INITIATIVES],
    U.team,
  ),
  'head of ops, read token scoped to the restricted vault': partner(people.olga, [TokenScope.READ], U.vault),
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
 *   r read · e edit · m recordMeasurement · p reportProgress · u runMeeting · a acknowledgeAlert · v receiveAlert · s restructure
 * A dash is a refusal.
 */
// prettier-ignore
const expected: Record<string, Record<string, string>> = {
  'executive': {
    'company': 'rempuavs', 'ops': 'rempuavs', 'team (child of ops)': 'rempuavs', 'sales (another unit)': 'rempuavs',
    'vault (restricted)': 'rempuavs', 'lab (below the restricted vault)': 'rempuavs', 'sales, owned by the viewer': 'rempuavs',
    'sales, viewer participates': 'rempuavs', 'vault, owned by the viewer': 'rempuavs', 'unknown unit': '--------',
  },
  'head of ops': {
    'company': 'r-------', 'ops': 'rempuav-', 'team (child of ops)': 'rempuav-', 'sales (another unit)': 'r-------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': 'rempuav-',
    'sales, viewer participates': 'r---u---', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  'member of team (below ops)': {
    'company': 'r-------', 'ops': 'r-------', 'team (child of ops)': 'r-------', 'sales (another unit)': 'r-------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': 'rempuav-',
    'sales, viewer participates': 'r---u---', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  'head of the restricted vault': {
    'company': 'r-------', 'ops': 'r-------', 'team (child of ops)': 'r-------', 'sales (another unit)': 'r-------',
    'vault (restricted)': 'rempuav-', 'lab (below the restricted vault)': 'rempuav-', 'sales, owned by the viewer': 'rempuav-',
    'sales, viewer participates': 'r---u---', 'vault, owned by the viewer': 'rempuav-', 'unknown unit': '--------',
  },
  'member of lab (below the vault)': {
    'company': 'r-------', 'ops': 'r-------', 'team (child of ops)': 'r-------', 'sales (another unit)': 'r-------',
    'vault (restricted)': 'r-------', 'lab (below the restricted vault)': 'r-------', 'sales, owned by the viewer': 'rempuav-',
    'sales, viewer participates': 'r---u---', 'vault, owned by the viewer': 'rempuav-', 'unknown unit': '--------',
  },
  'executive, read token': {
    'company': 'r-----v-', 'ops': 'r-----v-', 'team (child of ops)': 'r-----v-', 'sales (another unit)': 'r-----v-',
    'vault (restricted)': 'r-----v-', 'lab (below the restricted vault)': 'r-----v-', 'sales, owned by the viewer': 'r-----v-',
    'sales, viewer participates': 'r-----v-', 'vault, owned by the viewer': 'r-----v-', 'unknown unit': '--------',
  },
  'head of ops, read token': {
    'company': 'r-------', 'ops': 'r-----v-', 'team (child of ops)': 'r-----v-', 'sales (another unit)': 'r-------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': 'r-----v-',
    'sales, viewer participates': 'r-------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  // A token writes only where its owner could: the head of ops records for ops and below, and what they own.
  'head of ops, write:measurements token': {
    'company': 'r-------', 'ops': 'r-m---v-', 'team (child of ops)': 'r-m---v-', 'sales (another unit)': 'r-------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': 'r-m---v-',
    'sales, viewer participates': 'r-------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  'head of ops, write:initiatives token': {
    'company': 'r-------', 'ops': 'r--p--v-', 'team (child of ops)': 'r--p--v-', 'sales (another unit)': 'r-------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': 'r--p--v-',
    'sales, viewer participates': 'r-------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  // Unit-scoped tokens: only the scope unit and below, whatever the owner may see elsewhere.
  'executive, read + write:measurements token scoped to ops': {
    'company': '--------', 'ops': 'r-m---v-', 'team (child of ops)': 'r-m---v-', 'sales (another unit)': '--------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': '--------',
    'sales, viewer participates': '--------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  'executive, read token scoped to the restricted vault': {
    'company': '--------', 'ops': '--------', 'team (child of ops)': '--------', 'sales (another unit)': '--------',
    'vault (restricted)': 'r-----v-', 'lab (below the restricted vault)': 'r-----v-', 'sales, owned by the viewer': '--------',
    'sales, viewer participates': '--------', 'vault, owned by the viewer': 'r-----v-', 'unknown unit': '--------',
  },
  'head of ops, write:initiatives token scoped to team': {
    'company': '--------', 'ops': '--------', 'team (child of ops)': 'r--p--v-', 'sales (another unit)': '--------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': '--------',
    'sales, viewer participates': '--------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  // Scoped to a restricted unit its owner may not see: the scope narrows, it never widens.
  'head of ops, read token scoped to the restricted vault': {
    'company': '--------', 'ops': '--------', 'team (child of ops)': '--------', 'sales (another unit)': '--------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': '--------',
    'sales, viewer participates': '--------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
  'head of ops, token without scopes': {
    'company': '--------', 'ops': '--------', 'team (child of ops)': '--------', 'sales (another unit)': '--------',
    'vault (restricted)': '--------', 'lab (below the restricted vault)': '--------', 'sales, owned by the viewer': '--------',
    'sales, viewer participates': '--------', 'vault, owned by the viewer': '--------', 'unknown unit': '--------',
  },
};

const LETTERS: Record<PolicyAction, string> = {
  read: 'r',
  edit: 'e',
  recordMeasurement: 'm',
  reportProgress: 'p',
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
    ['executive, read + write:measurements token scoped to ops', [U.ops, U.team]],
    ['executive, read token scoped to the restricted vault', [U.vault, U.lab]],
    ['head of ops, write:initiatives token scoped to team', [U.team]],
    ['head of ops, read token scoped to the restricted vault', []],
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

describe('policy: what of a person shows beyond the name', () => {
  const rita = { id: P.rita, unitId: U.vault };
  const lars = { id: P.lars, unitId: U.lab };
  const olga = { id: P.olga, unitId: U.ops };
  it.each([
    ['executive', [true, true, true]],
    ['head of ops', [false, false, true]],
    ['member of team (below ops)', [false, false, true]],
    ['head of the restricted vault', [true, true, true]],
    ['member of lab (below the vault)', [true, true, true]],
    ['head of ops, read token', [false, false, true]],
  ])('%s: details of the vault head, a lab member, the head of ops', (v, expected) => {
    const policy = new Policy(viewers[v], tree);
    expect([rita, lars, olga].map((p) => policy.canSeePersonDetails(p))).toEqual(expected);
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

describe('policy: what the app may offer on an object (permissionsFor)', () => {
  /** One letter per permission: e edit · a archive · c addChild · l link · m recordMeasurement · u runMeeting. */
  const letters = (p: ReturnType<Policy['permissionsFor']>) =>
    [
      p.edit ? 'e' : '-',
      p.archive ? 'a' : '-',
      p.addChild ? 'c' : '-',
      p.link ? 'l' : '-',
      p.recordMeasurement ? 'm' : '-',
      p.runMeeting ? 'u' : '-',
    ].join('');
  const ask = (
    v: string,
    kind: PermissionKind,
    unitId: string,
    opts: { part?: 'owner' | 'participant'; writable?: boolean } = {},
  ) => {
    const viewer = viewers[v];
    return letters(
      new Policy(viewer, tree).permissionsFor({
        kind,
        unitId,
        ownerId: opts.part === 'owner' ? viewer.personId : P.sam,
        participantIds: opts.part === 'participant' ? [viewer.personId] : [],
        writable: opts.writable ?? true,
      }),
    );
  };
  // prettier-ignore
  it.each([
    // Executives may do everything the object offers.
    ['executive', 'plan', U.company, {}, 'eac---'],
    ['executive', 'objective', U.sales, {}, 'eacl--'],
    ['executive', 'kpi', U.vault, {}, 'ea--m-'],
    ['executive', 'initiative', U.ops, {}, 'eacl--'],
    ['executive', 'meeting', U.sales, {}, 'e----u'],
    ['executive', 'unit', U.sales, {}, 'eac---'],
    // A unit head: their own unit and below; a company objective only to cascade below it; another unit read only.
    ['head of ops', 'objective', U.ops, {}, 'eacl--'],
    ['head of ops', 'kpi', U.team, {}, 'ea--m-'],
    ['head of ops', 'plan', U.company, {}, '--c---'],
    ['head of ops', 'objective', U.company, {}, '--c---'],
    ['head of ops', 'objective', U.sales, {}, '------'],
    ['head of ops', 'kpi', U.sales, {}, '------'],
    ['head of ops', 'initiative', U.sales, {}, '------'],
    ['head of ops', 'meeting', U.sales, {}, '------'],
    ['head of ops', 'meeting', U.sales, { part: 'participant' }, 'e----u'],
    ['head of ops', 'unit', U.sales, {}, '------'],
    // Invisible objects offer nothing; archived ones only a restore; closed meetings nothing.
    ['head of ops', 'kpi', U.vault, {}, '------'],
    ['head of ops', 'objective', U.ops, { writable: false }, '-a----'],
    ['head of ops', 'meeting', U.ops, { writable: false }, '------'],
    // A member: what they own (a KPI they record), meetings they take part in, their actions.
    ['member of team (below ops)', 'kpi', U.team, {}, '------'],
    ['member of team (below ops)', 'kpi', U.team, { part: 'owner' }, 'ea--m-'],
    ['member of team (below ops)', 'objective', U.team, { part: 'owner' }, 'ea-l--'],
    ['member of team (below ops)', 'action', U.sales, { part: 'owner' }, 'e-----'],
    ['member of team (below ops)', 'action', U.sales, { part: 'participant' }, 'e-----'],
    ['member of team (below ops)', 'action', U.sales, {}, '------'],
    // Decisions: edited or superseded by whoever may change its meeting's actions; a superseded one by nobody.
    ['member of team (below ops)', 'decision', U.sales, { part: 'owner' }, 'e-----'],
    ['member of team (below ops)', 'decision', U.sales, { part: 'participant' }, 'e-----'],
    ['member of team (below ops)', 'decision', U.sales, {}, '------'],
    ['head of ops', 'decision', U.team, {}, 'e-----'],
    ['head of ops', 'decision', U.sales, {}, '------'],
    ['executive', 'decision', U.vault, {}, 'e-----'],
    ['executive', 'decision', U.ops, { writable: false }, '------'],
    ['head of ops', 'decision', U.vault, { part: 'owner' }, '------'],
    ['executive, read token', 'decision', U.ops, {}, '------'],
    ['member of team (below ops)', 'plan', U.company, {}, '------'],
    // The head of a restricted unit; partner tokens never offer structural controls.
    ['head of the restricted vault', 'objective', U.lab, {}, 'eacl--'],
    ['head of ops, write:measurements token', 'kpi', U.ops, {}, '----m-'],
    ['head of ops, read token', 'objective', U.ops, {}, '------'],
    ['executive, read token', 'meeting', U.ops, {}, '------'],
  ] as const)('%s on a %s of %s %o → %s', (v, kind, unitId, opts, answer) => {
    expect(ask(v, kind, unitId, opts)).toBe(answer);
  });
});

describe('policy: what a field requires of the token (no tree needed)', () => {
  const needs: Need[] = ['EXECUTIVE', 'SESSION', 'WRITE_MEASUREMENTS', 'WRITE_INITIATIVES'];
  // One letter per need: x EXECUTIVE · s SESSION · w WRITE_MEASUREMENTS · i WRITE_INITIATIVES.
  it.each([
    ['executive', 'xswi'],
    ['head of ops', '-swi'],
    ['member of team (below ops)', '-swi'],
    ['executive, read token', '----'],
    ['head of ops, read token', '----'],
    ['head of ops, write:measurements token', '--w-'],
    ['head of ops, write:initiatives token', '---i'],
    ['head of ops, token without scopes', '----'],
    ['executive, read + write:measurements token scoped to ops', '--w-'],
  ])('%s meets %s', (v, letters) => {
    const answer = needs.map((n, i) => (unmetNeed(viewers[v], n) === null ? 'xswi'[i] : '-')).join('');
    expect(answer).toBe(letters);
  });

  it('a refusal says why', () => {
    expect(unmetNeed(viewers['head of ops'], 'EXECUTIVE')).toBe('Only an executive may do this.');
    expect(unmetNeed(viewers['executive, read token'], 'SESSION')).toBe(
      'Partner tokens may only read, record measurements and report initiative progress.',
    );
    expect(unmetNeed(viewers['head of ops, read token'], 'WRITE_MEASUREMENTS')).toBe(
      'This token has no write:measurements scope.',
    );
    expect(unmetNeed(viewers['head of ops, write:measurements token'], 'WRITE_INITIATIVES')).toBe(
      'This token has no write:initiatives scope.',
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
      unitScopeId: null,
      expiresAt: null,
    });
    const t = partner(people.olga, [TokenScope.READ, TokenScope.READ]);
    expect(t).toMatchObject({ personId: P.olga, via: 'partner', tokenId: `t-${P.olga}` });
    expect([...t.scopes!]).toEqual([TokenScope.READ]);
  });
});

describe('policy: partner tokens — who may create, see and revoke them', () => {
  // Sessions of every kind, and a token (tokens never manage tokens).
  const sam = viewerOf(person(P.sam, U.sales));
  it.each([
    ['executive', null, null],
    ['executive', U.vault, null],
    ['head of ops', U.ops, null],
    ['head of ops', U.team, null],
    ['head of ops', null, 'unitId'],
    ['head of ops', U.sales, 'unitId'],
    ['head of ops', U.company, 'unitId'],
    ['head of the restricted vault', U.lab, null],
    ['member of team (below ops)', U.team, 'no right'],
    ['executive, read token', null, 'no right'],
  ] as const)('%s creating a token for %s → %s', (v, unitId, refusal) => {
    const r = new Policy(viewers[v], tree).tokenCreationRefusal(unitId);
    if (refusal === null) expect(r).toBeNull();
    else if (refusal === 'unitId') expect(r?.field).toBe('unitId');
    else expect(r).toMatchObject({ field: null });
  });

  // One letter per token: o own token (company-wide) · t the executive's token scoped to team · s Sam's token scoped to sales · f the executive's company-wide token.
  const tokens = [
    (v: Viewer) => ({ ownerId: v.personId, unitId: null }),
    () => ({ ownerId: P.eve, unitId: U.team }),
    () => ({ ownerId: P.sam, unitId: U.sales }),
    () => ({ ownerId: P.eve, unitId: null }),
  ];
  it.each([
    ['executive', 'otsf'],
    ['head of ops', 'ot--'],
    ['member of team (below ops)', 'o---'],
    ['head of the restricted vault', 'o---'],
    ['executive, read token', '----'],
  ])('%s may manage %s', (v, letters) => {
    const policy = new Policy(viewers[v], tree);
    expect(tokens.map((t, i) => (policy.canManageToken(t(viewers[v])) ? 'otsf'[i] : '-')).join('')).toBe(
      letters,
    );
    expect(new Policy(sam, tree).canManageToken({ ownerId: P.eve, unitId: U.sales })).toBe(true);
  });

  it('outside a unit-scoped token: units its owner sees (writes there are FORBIDDEN), not units hidden from the owner', () => {
    const execScoped = new Policy(viewers['executive, read + write:measurements token scoped to ops'], tree);
    expect(
      [U.company, U.ops, U.team, U.sales, U.vault, U.lab].filter((u) => execScoped.outsideTokenScope(u)),
    ).toEqual([U.company, U.sales, U.vault, U.lab]);
    const headScoped = new Policy(viewers['head of ops, write:initiatives token scoped to team'], tree);
    expect(
      [U.company, U.ops, U.team, U.sales, U.vault].filter((u) => headScoped.outsideTokenScope(u)),
    ).toEqual([U.company, U.ops, U.sales]);
    expect(new Policy(viewers['head of ops'], tree).outsideTokenScope(U.sales)).toBe(false);
  });

  it('a unit-scoped token sees only the people of its subtree in the directory; sessions see everyone', () => {
    const scoped = new Policy(viewers['executive, read + write:measurements token scoped to ops'], tree);
    expect(scoped.canSeePerson(people.tom)).toBe(true);
    expect(scoped.canSeePerson(people.rita)).toBe(false);
    expect(new Policy(viewers['head of ops'], tree).canSeePerson(people.lars)).toBe(true);
  });
});

describe('policy: who may invite whom (invitationRefusal)', () => {
  // Columns: company, ops, team, sales, vault, lab, unknown unit — as a member (M) and as an executive (E).
  // y: may invite · u: refused for the unit · r: refused for the role · n: may not invite at all.
  const units = [U.company, U.ops, U.team, U.sales, U.vault, U.lab, 'u-gone'];
  // prettier-ignore
  const table: Record<string, [member: string, executive: string]> = {
    'executive':                             ['yyyyyyu', 'yyyyyyu'],
    'head of ops':                           ['uyyuuuu', 'urruuuu'],
    'member of team (below ops)':            ['nnnnnnn', 'nnnnnnn'],
    'head of the restricted vault':          ['uuuuyyu', 'uuuurru'],
    'member of lab (below the vault)':       ['nnnnnnn', 'nnnnnnn'],
    'executive, read token':                 ['nnnnnnn', 'nnnnnnn'],
    'head of ops, read token':               ['nnnnnnn', 'nnnnnnn'],
    'head of ops, write:measurements token': ['nnnnnnn', 'nnnnnnn'],
    'head of ops, token without scopes':     ['nnnnnnn', 'nnnnnnn'],
    'head of ops, write:initiatives token':  ['nnnnnnn', 'nnnnnnn'],
    'executive, read + write:measurements token scoped to ops': ['nnnnnnn', 'nnnnnnn'],
    'executive, read token scoped to the restricted vault': ['nnnnnnn', 'nnnnnnn'],
    'head of ops, write:initiatives token scoped to team': ['nnnnnnn', 'nnnnnnn'],
    'head of ops, read token scoped to the restricted vault': ['nnnnnnn', 'nnnnnnn'],
  };
  const letter = (r: { field: string | null } | null) =>
    r === null ? 'y' : r.field === 'unitId' ? 'u' : r.field === 'role' ? 'r' : 'n';
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect([
      units.map((u) => letter(policy.invitationRefusal(u, Role.MEMBER))).join(''),
      units.map((u) => letter(policy.invitationRefusal(u, Role.EXECUTIVE))).join(''),
    ]).toEqual(table[v]);
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
    'head of ops, write:initiatives token':   '--------',
    'executive, read + write:measurements token scoped to ops': '--------',
    'executive, read token scoped to the restricted vault': '--------',
    'head of ops, write:initiatives token scoped to team': '--------',
    'head of ops, read token scoped to the restricted vault': '--------',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(scopes.map((u) => (policy.canManageWebhooks(u) ? 'y' : '-')).join('')).toBe(table[v]);
  });
});

describe('policy: who may set a review rhythm, and reassign the actions of a person of a unit', () => {
  // Columns: company, ops, team, sales, vault, lab, unknown unit.
  const scopes: string[] = [U.company, U.ops, U.team, U.sales, U.vault, U.lab, 'u-gone'];
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                             'yyyyyy-',
    'head of ops':                           '-yy----',
    'member of team (below ops)':            '-------',
    'head of the restricted vault':          '----yy-',
    'member of lab (below the vault)':       '-------',
    'executive, read token':                 '-------',
    'head of ops, read token':               '-------',
    'head of ops, write:measurements token': '-------',
    'head of ops, token without scopes':     '-------',
    'head of ops, write:initiatives token':   '-------',
    'executive, read + write:measurements token scoped to ops': '-------',
    'executive, read token scoped to the restricted vault': '-------',
    'head of ops, write:initiatives token scoped to team': '-------',
    'head of ops, read token scoped to the restricted vault': '-------',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(scopes.map((u) => (policy.canSetReviewRhythm(u) ? 'y' : '-')).join('')).toBe(table[v]);
    expect(scopes.map((u) => (policy.canReassignActionsOf({ unitId: u }) ? 'y' : '-')).join('')).toBe(
      table[v],
    );
  });
});

describe('policy: who may read the security audit log', () => {
  // prettier-ignore
  const table: Record<string, boolean> = {
    'executive':                             true,
    'head of ops':                           false,
    'member of team (below ops)':            false,
    'head of the restricted vault':          false,
    'member of lab (below the vault)':       false,
    'executive, read token':                 false,
    'head of ops, read token':               false,
    'head of ops, write:measurements token': false,
    'head of ops, token without scopes':     false,
    'head of ops, write:initiatives token':   false,
    'executive, read + write:measurements token scoped to ops': false,
    'executive, read token scoped to the restricted vault': false,
    'head of ops, write:initiatives token scoped to team': false,
    'head of ops, read token scoped to the restricted vault': false,
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    expect(new Policy(viewers[v], tree).canReadSecurityLog()).toBe(table[v]);
  });
});

describe('policy: who may check in on a KPI or initiative (canCheckIn)', () => {
  // Subjects by unit and owner, in order: ops owned by Olga, team owned by Tom, sales owned by Sam,
  // the restricted vault owned by Rita, sales owned by the viewer.
  const subjects: ((v: Viewer) => PolicySubject)[] = [
    () => ({ unitId: U.ops, ownerId: P.olga }),
    () => ({ unitId: U.team, ownerId: P.tom }),
    () => ({ unitId: U.sales, ownerId: P.sam }),
    () => ({ unitId: U.vault, ownerId: P.rita }),
    (v) => ({ unitId: U.sales, ownerId: v.personId }),
  ];
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                             'yyyyy',
    'head of ops':                           'yy--y',
    'member of team (below ops)':            '-y--y',
    'head of the restricted vault':          '---yy',
    'member of lab (below the vault)':       '----y',
    'executive, read token':                 '-----',
    'head of ops, read token':               '-----',
    'head of ops, write:measurements token': '-----',
    'head of ops, token without scopes':     '-----',
    'head of ops, write:initiatives token':  '-----',
    'executive, read + write:measurements token scoped to ops': '-----',
    'executive, read token scoped to the restricted vault': '-----',
    'head of ops, write:initiatives token scoped to team': '-----',
    'head of ops, read token scoped to the restricted vault': '-----',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(subjects.map((s) => (policy.canCheckIn(s(viewers[v])) ? 'y' : '-')).join('')).toBe(table[v]);
  });
});

describe('policy: who may prepare and send a review pre-read (canPreparePreRead)', () => {
  // Reviews by unit and chair, in order: ops chaired by Olga, ops chaired by Tom, sales chaired by
  // Sam, the restricted vault chaired by Rita, ops chaired by the viewer.
  const meetings: ((v: Viewer) => PolicySubject)[] = [
    () => ({ unitId: U.ops, ownerId: P.olga }),
    () => ({ unitId: U.ops, ownerId: P.tom, participantIds: [P.olga] }),
    () => ({ unitId: U.sales, ownerId: P.sam }),
    () => ({ unitId: U.vault, ownerId: P.rita }),
    (v) => ({ unitId: U.ops, ownerId: v.personId }),
  ];
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                             'yyyyy',
    'head of ops':                           'y---y',
    'member of team (below ops)':            '-y--y',
    'head of the restricted vault':          '---yy',
    'member of lab (below the vault)':       '----y',
    'executive, read token':                 '-----',
    'head of ops, read token':               '-----',
    'head of ops, write:measurements token': '-----',
    'head of ops, token without scopes':     '-----',
    'head of ops, write:initiatives token':  '-----',
    'executive, read + write:measurements token scoped to ops': '-----',
    'executive, read token scoped to the restricted vault': '-----',
    'head of ops, write:initiatives token scoped to team': '-----',
    'head of ops, read token scoped to the restricted vault': '-----',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(meetings.map((s) => (policy.canPreparePreRead(s(viewers[v])) ? 'y' : '-')).join('')).toBe(
      table[v],
    );
  });
});

describe('policy: approval of changes (canSetApprovalRules, canSeeChangeRequest, canDecideChangeRequest)', () => {
  // Requests by the subject's unit, requester and named approvers, in order: Tom's in ops (Olga
  // approves), Rita's in the restricted vault (Olga named), the viewer's own in ops, Lars's in
  // the lab (the viewer named), Sam's in sales.
  const requests: ((v: Viewer) => { unitId: string; requesterId: string; approverIds: string[] })[] = [
    () => ({ unitId: U.ops, requesterId: P.tom, approverIds: [P.olga] }),
    () => ({ unitId: U.vault, requesterId: P.rita, approverIds: [P.olga] }),
    (v) => ({ unitId: U.ops, requesterId: v.personId, approverIds: [] }),
    (v) => ({ unitId: U.lab, requesterId: P.lars, approverIds: [v.personId] }),
    () => ({ unitId: U.sales, requesterId: P.sam, approverIds: [] }),
  ];
  /** First the rules (`y`: may set them), then per request `s` sees it and `d` may decide it. */
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                             'y sd sd s- sd sd',
    'head of ops':                           '- sd -- s- -- --',
    'member of team (below ops)':            '- s- -- s- -- --',
    'head of the restricted vault':          '- -- s- s- sd --',
    'member of lab (below the vault)':       '- -- -- s- s- --',
    'executive, read token':                 '- -- -- -- -- --',
    'head of ops, read token':               '- -- -- -- -- --',
    'head of ops, write:measurements token': '- -- -- -- -- --',
    'head of ops, token without scopes':     '- -- -- -- -- --',
    'head of ops, write:initiatives token':  '- -- -- -- -- --',
    'executive, read + write:measurements token scoped to ops': '- -- -- -- -- --',
    'executive, read token scoped to the restricted vault': '- -- -- -- -- --',
    'head of ops, write:initiatives token scoped to team': '- -- -- -- -- --',
    'head of ops, read token scoped to the restricted vault': '- -- -- -- -- --',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    const cells = requests.map((r) => {
      const req = r(viewers[v]);
      return `${policy.canSeeChangeRequest(req) ? 's' : '-'}${policy.canDecideChangeRequest(req) ? 'd' : '-'}`;
    });
    expect([policy.canSetApprovalRules() ? 'y' : '-', ...cells].join(' ')).toBe(table[v]);
  });
});

describe('policy: cause-and-effect links between objectives (causeLinkAccess)', () => {
  // cause → effect, by the objectives' units
  const pairs: [string, string, string][] = [
    ['sales → ops', U.sales, U.ops],
    ['ops → sales', U.ops, U.sales],
    ['vault → ops', U.vault, U.ops],
    ['ops → vault', U.ops, U.vault],
    ['team → company', U.team, U.company],
    ['team → ops', U.team, U.ops],
  ];
  /** Per pair in order: `re` read and draw/remove, `r-` read only, `--` neither (an arrow never shows a hidden end). */
  // prettier-ignore
  const table: Record<string, string> = {
    'executive':                                               're re re re re re',
    'head of ops':                                             're r- -- -- r- re',
    'member of team (below ops)':                              'r- r- -- -- r- r-',
    'head of the restricted vault':                            'r- r- r- re r- r-',
    'member of lab (below the vault)':                         'r- r- r- r- r- r-',
    'executive, read token':                                   'r- r- r- r- r- r-',
    'head of ops, read token':                                 'r- r- -- -- r- r-',
    'head of ops, write:measurements token':                   'r- r- -- -- r- r-',
    'head of ops, token without scopes':                       '-- -- -- -- -- --',
    'head of ops, write:initiatives token':                    'r- r- -- -- r- r-',
    'executive, read + write:measurements token scoped to ops': '-- -- -- -- -- r-',
    'executive, read token scoped to the restricted vault':    '-- -- -- -- -- --',
    'head of ops, write:initiatives token scoped to team':     '-- -- -- -- -- --',
    'head of ops, read token scoped to the restricted vault':  '-- -- -- -- -- --',
  };
  it('covers every viewer', () => expect(Object.keys(table).sort()).toEqual(Object.keys(viewers).sort()));
  it.each(Object.keys(table))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    const answer = pairs
      .map(([, cause, effect]) => {
        const a = policy.causeLinkAccess({ unitId: cause }, { unitId: effect });
        return (a.read ? 'r' : '-') + (a.edit ? 'e' : '-');
      })
      .join(' ');
    expect(answer).toBe(table[v]);
  });
});

describe('policy: catchball — opening planning, proposing, reading a negotiation', () => {
  const noTokens = (n: number) => ({
    'executive, read token': '-'.repeat(n),
    'head of ops, read token': '-'.repeat(n),
    'head of ops, write:measurements token': '-'.repeat(n),
    'head of ops, token without scopes': '-'.repeat(n),
    'head of ops, write:initiatives token': '-'.repeat(n),
    'executive, read + write:measurements token scoped to ops': '-'.repeat(n),
    'executive, read token scoped to the restricted vault': '-'.repeat(n),
    'head of ops, write:initiatives token scoped to team': '-'.repeat(n),
    'head of ops, read token scoped to the restricted vault': '-'.repeat(n),
  });
  // Scopes in order: the whole plan, company, ops, team, sales, the restricted vault.
  const scopes = [null, U.company, U.ops, U.team, U.sales, U.vault];
  // prettier-ignore
  const open: Record<string, string> = {
    'executive':                       'yyyyyy',
    'head of ops':                     '--yy--',
    'member of team (below ops)':      '------',
    'head of the restricted vault':    '-----y',
    'member of lab (below the vault)': '------',
    ...noTokens(6),
  };
  // Proposals: (unit, owner of the objective served): ops/Olga, ops/viewer, sales/none, vault/viewer, team/viewer.
  const proposals: ((v: Viewer) => [string, string | null])[] = [
    () => [U.ops, P.olga],
    (v) => [U.ops, v.personId],
    () => [U.sales, null],
    (v) => [U.vault, v.personId],
    (v) => [U.team, v.personId],
  ];
  // prettier-ignore
  const propose: Record<string, string> = {
    'executive':                       'yyyyy',
    'head of ops':                     'yy--y',
    'member of team (below ops)':      '-y--y',
    'head of the restricted vault':    '-y-yy',
    'member of lab (below the vault)': '-y-yy',
    ...noTokens(5),
  };
  // Negotiations: (unit, parties): ops/Sam, ops/viewer, sales/none, vault/viewer, team/none, company/none.
  const negotiations: ((v: Viewer) => { unitId: string; partyIds: string[] })[] = [
    () => ({ unitId: U.ops, partyIds: [P.sam] }),
    (v) => ({ unitId: U.ops, partyIds: [v.personId] }),
    () => ({ unitId: U.sales, partyIds: [] }),
    (v) => ({ unitId: U.vault, partyIds: [v.personId] }),
    () => ({ unitId: U.team, partyIds: [] }),
    () => ({ unitId: U.company, partyIds: [] }),
  ];
  // prettier-ignore
  const see: Record<string, string> = {
    'executive':                       'yyyyyy',
    'head of ops':                     'yy--yy',
    'member of team (below ops)':      'yy--yy',
    'head of the restricted vault':    '-y-y-y',
    'member of lab (below the vault)': '-y-y-y',
    ...noTokens(6),
  };
  const yn = (b: boolean) => (b ? 'y' : '-');
  it('covers every viewer', () => {
    for (const t of [open, propose, see]) expect(Object.keys(t).sort()).toEqual(Object.keys(viewers).sort());
  });
  it.each(Object.keys(viewers))('%s', (v) => {
    const policy = new Policy(viewers[v], tree);
    expect(scopes.map((u) => yn(policy.canOpenPlanning(u))).join('')).toBe(open[v]);
    expect(proposals.map((p) => yn(policy.canProposeTo(...p(viewers[v])))).join('')).toBe(propose[v]);
    expect(negotiations.map((n) => yn(policy.canSeeNegotiation(n(viewers[v])))).join('')).toBe(see[v]);
  });
});
