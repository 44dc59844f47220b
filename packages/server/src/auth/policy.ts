import { DocumentKind, Role, TokenScope, UnitVisibility } from '@throughline/shared';
import type { OrgTree } from './org-tree.js';

/** Who is asking: a person, through a session or a partner token (which may narrow what they can do). */
export interface Viewer {
  personId: string;
  name: string;
  email: string;
  role: Role;
  /** Home unit: membership of a RESTRICTED unit is decided by it. */
  unitId: string;
  via: 'session' | 'partner';
  tokenId: string | null;
  /** Scopes of a partner token; null for a session (a person's full rights). */
  scopes: ReadonlySet<string> | null;
}

/** The person a viewer acts for, as stored. */
export interface ViewerPerson {
  id: string;
  name: string;
  email: string;
  role: Role | string;
  unitId: string;
}

/**
 * The one way to build a viewer: a person acting in their own session (the default, also used
 * to ask what a webhook's or a subject's owner may see), or through a partner token with scopes.
 */
export function viewerOf(
  person: ViewerPerson,
  token?: { via: 'partner'; tokenId: string; scopes: Iterable<string> },
): Viewer {
  const base = {
    personId: person.id,
    name: person.name,
    email: person.email,
    role: person.role as Role,
    unitId: person.unitId,
  };
  if (token) return { ...base, via: 'partner', tokenId: token.tokenId, scopes: new Set(token.scopes) };
  return { ...base, via: 'session', tokenId: null, scopes: null };
}

/** Coarse requirements of a root field, checked before any object is read (no organisation tree needed). */
export type Need = 'EXECUTIVE' | 'SESSION' | 'WRITE_MEASUREMENTS';

/** Why the viewer does not meet `need`, or null when they do. */
export function unmetNeed(viewer: Viewer, need: Need): string | null {
  switch (need) {
    case 'EXECUTIVE':
      return viewer.via === 'session' && viewer.role === Role.EXECUTIVE
        ? null
        : 'Only an executive may do this.';
    case 'SESSION':
      return viewer.via === 'session' ? null : 'Partner tokens may only read and record measurements.';
    case 'WRITE_MEASUREMENTS':
      return viewer.scopes === null || viewer.scopes.has(TokenScope.WRITE_MEASUREMENTS)
        ? null
        : 'This token has no write:measurements scope.';
    default:
      return 'Unknown requirement.';
  }
}

/**
 * Whether everyone who may see `scopeUnitId` may also see `unitId`: true when every
 * RESTRICTED unit above (or at) `unitId` also lies above (or at) the scope unit. Shared
 * artefacts of a meeting (its agenda document, its stored briefing, its decisions' subjects)
 * only carry such subjects, so a company review never shows a restricted unit's items to
 * people outside it.
 */
export function audienceCanSee(tree: OrgTree, scopeUnitId: string, unitId: string): boolean {
  const chain = tree.ancestorsAndSelf(unitId);
  if (chain.length === 0) return false;
  const scopeChain = new Set(tree.ancestorsAndSelf(scopeUnitId).map((u) => u.id));
  return chain.every((u) => u.visibility !== UnitVisibility.RESTRICTED || scopeChain.has(u.id));
}

/** Units of a scope that its whole audience may see. */
export function audienceUnitIds(tree: OrgTree, scopeUnitId: string): string[] {
  return tree.subtree(scopeUnitId).filter((id) => audienceCanSee(tree, scopeUnitId, id));
}

/** What can be asked of a subject. */
export type PolicyAction =
  | 'read'
  /** Structural edits: create, update, archive, link. */
  | 'edit'
  | 'recordMeasurement'
  /** Decisions, actions and meeting notes within a meeting of this scope. */
  | 'runMeeting'
  | 'acknowledgeAlert'
  /** An alert is raised to the viewer: they own its subject, head its unit (or one above), or are an executive. */
  | 'receiveAlert'
  /** Reshaping the organisation: rename a unit, change its head or its visibility. */
  | 'restructure';

/** Every action, for tables and tests. */
export const POLICY_ACTIONS: readonly PolicyAction[] = [
  'read',
  'edit',
  'recordMeasurement',
  'runMeeting',
  'acknowledgeAlert',
  'receiveAlert',
  'restructure',
];

/** What a viewer may do with a co-edited document. */
export type DocumentAccess = 'none' | 'read' | 'write';

/** A co-edited document's owning subject as the policy sees it. */
export interface DocumentPolicySubject extends PolicySubject {
  kind: DocumentKind;
  /** False when the subject no longer takes edits (archived, or a closed meeting). */
  writable: boolean;
}

/** A subject of the strategy graph as the policy sees it. */
export interface PolicySubject {
  unitId: string;
  ownerId?: string | null;
  /** People with a part in the subject beyond its owner (e.g. a meeting's chair and participants). */
  participantIds?: readonly string[];
}

/**
 * The one policy. GraphQL resolvers, subscription filters, the collaboration server and
 * webhooks all ask it; nothing decides visibility anywhere else.
 *
 * - Executives see and may edit everything.
 * - Everyone else sees every unit except RESTRICTED ones (and their subtrees) they are not
 *   a member or head of.
 * - Structural edits: executives, heads of the subject's unit or an ancestor, and the
 *   subject's owner.
 * - Partner tokens act as their owner, narrowed by scopes: `read` reads; only
 *   `write:measurements` may write, and only measurements.
 */
export class Policy {
  private readonly visibleCache = new Map<string, boolean>();

  constructor(
    readonly viewer: Viewer,
    readonly tree: OrgTree,
  ) {}

  get isExecutive(): boolean {
    return this.viewer.role === Role.EXECUTIVE;
  }

  /** Whether the token may write at all (sessions may; partner tokens only with write:measurements). */
  hasScope(scope: TokenScope): boolean {
    return this.viewer.scopes === null || this.viewer.scopes.has(scope);
  }

  /** True when the viewer may see objects of this unit. */
  canSeeUnit(unitId: string | null | undefined): boolean {
    if (!unitId) return false;
    if (this.isExecutive) return this.tree.byId.has(unitId);
    const cached = this.visibleCache.get(unitId);
    if (cached !== undefined) return cached;
    const chain = this.tree.ancestorsAndSelf(unitId);
    const ok =
      chain.length > 0 &&
      chain.every(
        (u) =>
          u.visibility !== UnitVisibility.RESTRICTED ||
          u.headId === this.viewer.personId ||
          this.tree.isWithin(this.viewer.unitId, u.id),
      );
    this.visibleCache.set(unitId, ok);
    return ok;
  }

  /** Every unit the viewer may see, for SQL filters (`unit_id = ANY($1)`). */
  visibleUnitIds(): string[] {
    return [...this.tree.byId.keys()].filter((id) => this.canSeeUnit(id));
  }

  /** True when the viewer heads this unit or one above it. */
  headsUnit(unitId: string): boolean {
    return this.tree.ancestorsAndSelf(unitId).some((u) => u.headId === this.viewer.personId);
  }

  /** Units the viewer heads, with everything below them. */
  headedSubtreeIds(): string[] {
    const out = new Set<string>();
    for (const id of this.unitsHeadedBy(this.viewer.personId))
      for (const below of this.tree.subtree(id)) out.add(below);
    return [...out];
  }

  /** Units this person heads that the viewer may see. */
  visibleUnitsHeadedBy(personId: string): string[] {
    return this.unitsHeadedBy(personId).filter((id) => this.canSeeUnit(id));
  }

  private unitsHeadedBy(personId: string): string[] {
    return [...this.tree.byId.values()].filter((u) => u.headId === personId).map((u) => u.id);
  }

  /**
   * Who may register and manage webhooks scoped to `unitId` (null = every unit the owner may see):
   * executives for any unit or none; heads of the unit (or one above it) that they may see, for
   * that unit only. People in their sessions only: a partner token never manages webhooks.
   */
  canManageWebhooks(unitId: string | null): boolean {
    if (this.viewer.via !== 'session') return false;
    if (this.isExecutive) return unitId === null || this.tree.byId.has(unitId);
    return unitId !== null && this.canSeeUnit(unitId) && this.headsUnit(unitId);
  }

  /** The visible part of a unit's subtree. */
  visibleSubtree(unitId: string): string[] {
    return this.tree.subtree(unitId).filter((u) => this.canSeeUnit(u));
  }

  /** The single decision: may the viewer do `action` on `subject`? */
  can(action: PolicyAction, subject: PolicySubject): boolean {
    if (!this.canSeeUnit(subject.unitId)) return false;
    const isOwner = !!subject.ownerId && subject.ownerId === this.viewer.personId;
    const isParticipant = !!subject.participantIds?.includes(this.viewer.personId);
    switch (action) {
      case 'read':
        return this.hasScope(TokenScope.READ) || this.hasScope(TokenScope.WRITE_MEASUREMENTS);
      case 'recordMeasurement':
        if (!this.hasScope(TokenScope.WRITE_MEASUREMENTS)) return false;
        // A partner feed writes any measurement its owner can see: source systems report for the whole organisation.
        if (this.viewer.via === 'partner') return true;
        return this.isExecutive || isOwner || this.headsUnit(subject.unitId);
      case 'edit':
        if (this.viewer.via === 'partner') return false;
        return this.isExecutive || isOwner || this.headsUnit(subject.unitId);
      case 'runMeeting':
        if (this.viewer.via === 'partner') return false;
        return this.isExecutive || isOwner || isParticipant || this.headsUnit(subject.unitId);
      case 'acknowledgeAlert':
        if (this.viewer.via === 'partner') return false;
        return this.isExecutive || isOwner || this.headsUnit(subject.unitId);
      case 'receiveAlert':
        // Partner tokens act as their owner here: a feed may watch its owner's alerts.
        if (!this.can('read', subject)) return false;
        return this.isExecutive || isOwner || this.headsUnit(subject.unitId);
      case 'restructure':
        return this.viewer.via === 'session' && this.isExecutive;
      default:
        return false;
    }
  }

  /**
   * The collaboration question. Reading a document is reading its subject; writing is `edit`
   * for plans, objectives and initiatives (structural editors of the subject) and `runMeeting`
   * for meetings (chair, participants, heads of the unit, executives). Partner tokens never
   * write (`edit`/`runMeeting` refuse them). A subject that no longer takes edits (archived,
   * closed meeting) is read-only for everyone.
   */
  documentAccess(subject: DocumentPolicySubject): DocumentAccess {
    const s = { unitId: subject.unitId, ownerId: subject.ownerId, participantIds: subject.participantIds };
    if (!this.can('read', s)) return 'none';
    return subject.writable && this.can(subject.kind === 'meeting' ? 'runMeeting' : 'edit', s)
      ? 'write'
      : 'read';
  }
}
