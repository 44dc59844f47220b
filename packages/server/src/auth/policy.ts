import { Role, TokenScope } from '@throughline/shared';
import { OrgTree } from './org-tree';

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

/** What can be asked of a subject. */
export type PolicyAction =
  | 'read'
  /** Structural edits: create, update, archive, link. */
  | 'edit'
  | 'recordMeasurement'
  /** Decisions, actions and meeting notes within a meeting of this scope. */
  | 'runMeeting'
  | 'acknowledgeAlert';

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
      chain.every((u) => u.visibility !== 'RESTRICTED' || u.headId === this.viewer.personId || this.tree.isWithin(this.viewer.unitId, u.id));
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
    for (const u of this.tree.byId.values()) if (u.headId === this.viewer.personId) for (const id of this.tree.subtree(u.id)) out.add(id);
    return [...out];
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
      default:
        return false;
    }
  }
}
