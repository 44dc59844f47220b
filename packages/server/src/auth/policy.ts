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
  /**
   * A partner token's unit scope: it sees and writes only this unit's subtree (within what its
   * owner may see). Null: no narrowing (sessions, and tokens for every unit their owner sees).
   */
  unitScopeId: string | null;
  /** When a partner token stops working (refused like a revoked one from then on); null: never. */
  expiresAt: Date | null;
  /** The sign-in session acting (its id, stable across token rotations); null/absent otherwise. */
  sessionId?: string | null;
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
  token?: {
    via: 'partner';
    tokenId: string;
    scopes: Iterable<string>;
    unitId?: string | null;
    expiresAt?: Date | null;
  },
): Viewer {
  const base = {
    personId: person.id,
    name: person.name,
    email: person.email,
    role: person.role as Role,
    unitId: person.unitId,
  };
  if (token)
    return {
      ...base,
      via: 'partner',
      tokenId: token.tokenId,
      scopes: new Set(token.scopes),
      unitScopeId: token.unitId ?? null,
      expiresAt: token.expiresAt ?? null,
    };
  return { ...base, via: 'session', tokenId: null, scopes: null, unitScopeId: null, expiresAt: null };
}

/** Coarse requirements of a root field, checked before any object is read (no organisation tree needed). */
export type Need = 'EXECUTIVE' | 'SESSION' | 'WRITE_MEASUREMENTS' | 'WRITE_INITIATIVES';

/** Why the viewer does not meet `need`, or null when they do. */
export function unmetNeed(viewer: Viewer, need: Need): string | null {
  switch (need) {
    case 'EXECUTIVE':
      return viewer.via === 'session' && viewer.role === Role.EXECUTIVE
        ? null
        : 'Only an executive may do this.';
    case 'SESSION':
      return viewer.via === 'session'
        ? null
        : 'Partner tokens may only read, record measurements and report initiative progress.';
    case 'WRITE_MEASUREMENTS':
      return viewer.scopes === null || viewer.scopes.has(TokenScope.WRITE_MEASUREMENTS)
        ? null
        : 'This token has no write:measurements scope.';
    case 'WRITE_INITIATIVES':
      return viewer.scopes === null || viewer.scopes.has(TokenScope.WRITE_INITIATIVES)
        ? null
        : 'This token has no write:initiatives scope.';
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
  /** An initiative's status and its milestones (what a delivery tracker reports). */
  | 'reportProgress'
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
  'reportProgress',
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

/** Kinds of object whose controls the app shows or hides (`Policy.permissionsFor`). */
export type PermissionKind =
  | 'plan'
  | 'objective'
  | 'kpi'
  | 'initiative'
  | 'meeting'
  | 'action'
  | 'decision'
  | 'unit';

/** An object asked about by `Policy.permissionsFor`: its policy subject, kind and state. */
export interface PermissionSubject extends PolicySubject {
  kind: PermissionKind;
  /** False when the object takes no edits (archived, or a closed meeting); archive/restore and actions stay. */
  writable: boolean;
}

/** What the viewer may do with one object: the answers the app needs to show only usable controls. */
export interface SubjectPermissions {
  /** Change its fields and co-edited text (plans, objectives, KPIs and targets, initiatives, a unit's capacity; a meeting's agenda, decisions and actions; an action's status). */
  edit: boolean;
  /** Archive or restore it. */
  archive: boolean;
  /** Add something below it: an objective to a plan, a cascaded objective or KPI below an objective, a milestone to an initiative, objectives, KPIs and initiatives in a unit. */
  addChild: boolean;
  /** Link it to other objects: KPIs to an objective, an initiative to objectives. */
  link: boolean;
  /** Record or correct a KPI's measurements. */
  recordMeasurement: boolean;
  /** Take part in running a meeting (decisions, actions, minutes). */
  runMeeting: boolean;
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
 * - Partner tokens act as their owner, narrowed by scopes and by an optional unit scope (the
 *   token sees and writes only that unit's subtree): any scope reads; `write:measurements`
 *   records measurements and `write:initiatives` reports initiative status and milestones,
 *   where the owner could; nothing else is written through a token.
 * - Tokens are managed by their owner, by executives, and by heads of the unit a token is
 *   scoped to; executives create tokens for any unit, unit heads only for units they head.
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
    const scope = this.viewer.unitScopeId;
    if (scope && !this.tree.isWithin(unitId, scope)) return false;
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

  /**
   * Whether the viewer may see more of a person than their name (which is not secret: owners and
   * participants are named everywhere). A job title names the person's unit ("Director of
   * Corporate Development"), so it shows only where that unit shows, like the person's unit itself.
   */
  canSeePersonDetails(person: { id: string; unitId: string }): boolean {
    return person.id === this.viewer.personId || this.canSeeUnit(person.unitId);
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

  /**
   * Who may set a unit's review rhythm (when its monthly and quarterly reviews fall): its heads
   * (of it or a unit above) and executives, in their own session, for units they may see.
   */
  canSetReviewRhythm(unitId: string): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(unitId)) return false;
    return this.isExecutive || this.headsUnit(unitId);
  }

  /**
   * Who may hand all open actions of a person (who leaves) to someone else in one step: the heads
   * of the person's unit (or above) and executives, in their own session. Each action moved must
   * still be one the viewer may change (`runMeeting` on it); the others stay and are counted.
   */
  canReassignActionsOf(person: { unitId: string }): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(person.unitId)) return false;
    return this.isExecutive || this.headsUnit(person.unitId);
  }

  /**
   * Who may check in on a KPI (key result) or initiative: its owner, and whoever may edit it
   * (heads of its unit or one above, executives), in their own session; never a partner token.
   */
  canCheckIn(subject: PolicySubject): boolean {
    return this.can('edit', subject);
  }

  /**
   * Who may read the security audit log (sign-ins, failures, tokens, roles of everyone): executives
   * in their own session. Never a partner token, never a unit head (the log names people of every unit).
   */
  canReadSecurityLog(): boolean {
    return this.viewer.via === 'session' && this.isExecutive;
  }

  /**
   * Who may prepare and send a review's pre-read (`meeting`: its unit, its chair as owner): its
   * chair or an executive, in their own session, and only while they may see the review's unit.
   * Participants and unit heads read it; they do not circulate it in the chair's name.
   */
  canPreparePreRead(meeting: PolicySubject): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(meeting.unitId)) return false;
    return this.isExecutive || (!!meeting.ownerId && meeting.ownerId === this.viewer.personId);
  }

  /**
   * Who may set which changes of a plan need approval (`setApprovalRules`): executives in their
   * own session.
   */
  canSetApprovalRules(): boolean {
    return this.viewer.via === 'session' && this.isExecutive;
  }

  /**
   * Whether the viewer approves changes that name these approvers (owners of the objectives
   * above the subject): executives and those named, in their own session. Their own edits of
   * such a subject apply directly; anyone else's become a change request.
   */
  isChangeApprover(approverIds: readonly string[]): boolean {
    if (this.viewer.via !== 'session') return false;
    return this.isExecutive || approverIds.includes(this.viewer.personId);
  }

  /**
   * Who may see a change request (`r.unitId`: its subject's unit): its requester, its named
   * approvers and executives, in their own session, while they may see the subject's unit
   * (restricted units stay restricted). Nobody else, not even the unit's other members.
   */
  canSeeChangeRequest(r: { unitId: string; requesterId: string; approverIds: readonly string[] }): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(r.unitId)) return false;
    return (
      this.isExecutive ||
      r.requesterId === this.viewer.personId ||
      r.approverIds.includes(this.viewer.personId)
    );
  }

  /**
   * Who may approve or reject a change request: executives and its named approvers who may see
   * it — never its requester (a requester who approves such changes made the change directly).
   */
  canDecideChangeRequest(r: {
    unitId: string;
    requesterId: string;
    approverIds: readonly string[];
  }): boolean {
    if (!this.canSeeChangeRequest(r) || r.requesterId === this.viewer.personId) return false;
    return this.isChangeApprover(r.approverIds);
  }

  /**
   * Who may open a plan (`unitId` null: the whole plan) or one unit's part of it for planning, and close
   * it: executives for any; the head of a unit (or one above it) for that unit's part. Sessions only.
   */
  canOpenPlanning(unitId: string | null): boolean {
    if (this.viewer.via !== 'session') return false;
    if (this.isExecutive) return unitId === null || this.canSeeUnit(unitId);
    return unitId !== null && this.canSeeUnit(unitId) && this.headsUnit(unitId);
  }

  /**
   * Who may propose objectives, KPIs and targets to a unit (catchball): executives, and the owner of
   * the objective the proposal serves (`objectiveOwnerId`), while they may see the unit. Sessions only.
   */
  canProposeTo(unitId: string, objectiveOwnerId: string | null): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(unitId)) return false;
    return this.isExecutive || (!!objectiveOwnerId && objectiveOwnerId === this.viewer.personId);
  }

  /**
   * Who may read a negotiation: its parties (proposer, the unit's head, people brought in), executives,
   * and the unit's own people (its members and heads of it or above) — always only while they may see
   * the unit (restricted units stay restricted). Peers in other units do not follow it. Sessions only.
   */
  canSeeNegotiation(n: { unitId: string; partyIds: readonly string[] }): boolean {
    if (this.viewer.via !== 'session' || !this.canSeeUnit(n.unitId)) return false;
    return (
      this.isExecutive ||
      n.partyIds.includes(this.viewer.personId) ||
      this.headsUnit(n.unitId) ||
      this.tree.isWithin(this.viewer.unitId, n.unitId)
    );
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
        return (
          this.hasScope(TokenScope.READ) ||
          this.hasScope(TokenScope.WRITE_MEASUREMENTS) ||
          this.hasScope(TokenScope.WRITE_INITIATIVES)
        );
      case 'recordMeasurement':
        // A partner feed writes where its owner could (an executive's: the whole organisation), within its unit scope.
        if (!this.hasScope(TokenScope.WRITE_MEASUREMENTS)) return false;
        return this.isExecutive || isOwner || this.headsUnit(subject.unitId);
      case 'reportProgress':
        if (!this.hasScope(TokenScope.WRITE_INITIATIVES)) return false;
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
   * A cause-and-effect link between two objectives (strategy map arrows): seen only when both
   * objectives may be read (an arrow never reveals a hidden end); drawn or removed by whoever may
   * `edit` the effect objective, the one the arrow claims something about.
   */
  causeLinkAccess(cause: PolicySubject, effect: PolicySubject): { read: boolean; edit: boolean } {
    const read = this.can('read', cause) && this.can('read', effect);
    return { read, edit: read && this.can('edit', effect) };
  }

  /**
   * True when the viewer may add structure somewhere in this unit's subtree (a cascaded
   * objective or KPI lands in the unit or one below it): `edit` on the unit or a visible unit below.
   */
  canEditWithin(unitId: string): boolean {
    return this.visibleSubtree(unitId).some((u) => this.can('edit', { unitId: u }));
  }

  /**
   * What the viewer may do with one object, for the app to show only the controls they can use.
   * Built only from `can` (and `canEditWithin`), the same answers the write paths give.
   */
  permissionsFor(subject: PermissionSubject): SubjectPermissions {
    const none: SubjectPermissions = {
      edit: false,
      archive: false,
      addChild: false,
      link: false,
      recordMeasurement: false,
      runMeeting: false,
    };
    if (!this.can('read', subject)) return none;
    const edit = this.can('edit', subject);
    const open = subject.writable;
    switch (subject.kind) {
      case 'plan':
        return {
          ...none,
          edit: edit && open,
          archive: edit,
          addChild: open && this.canEditWithin(subject.unitId),
        };
      case 'objective':
        return {
          ...none,
          edit: edit && open,
          archive: edit,
          addChild: open && this.canEditWithin(subject.unitId),
          link: edit && open,
        };
      case 'kpi':
        return {
          ...none,
          edit: edit && open,
          archive: edit,
          recordMeasurement: open && this.can('recordMeasurement', subject),
        };
      case 'initiative':
        return { ...none, edit: edit && open, archive: edit, addChild: edit && open, link: edit && open };
      case 'meeting': {
        const run = this.can('runMeeting', subject);
        return { ...none, edit: run && open, runMeeting: run && open };
      }
      case 'action':
        return { ...none, edit: this.can('runMeeting', subject) };
      case 'decision':
        // Edit or supersede it: the rule of actions (owner, the meeting's chair and participants, heads, executives); a superseded one stays as it was.
        return { ...none, edit: open && this.can('runMeeting', subject) };
      case 'unit':
        // Its editors set capacity and add objectives, KPIs and initiatives; renaming it is `restructure`.
        return { ...none, edit: edit && open, archive: edit, addChild: edit && open };
      default:
        return none;
    }
  }

  /**
   * True when the unit lies outside a unit-scoped token's subtree although its owner may see it:
   * a write there is FORBIDDEN (the token's limit), not NOT_FOUND, since ids hide only what the
   * owner may not see.
   */
  outsideTokenScope(unitId: string): boolean {
    const scope = this.viewer.unitScopeId;
    if (!scope || this.tree.isWithin(unitId, scope)) return false;
    return new Policy({ ...this.viewer, unitScopeId: null }, this.tree).canSeeUnit(unitId);
  }

  /** Whether the viewer may see this person in the directory: a unit-scoped token sees only its subtree's people. */
  canSeePerson(person: { unitId: string }): boolean {
    const scope = this.viewer.unitScopeId;
    return !scope || this.tree.isWithin(person.unitId, scope);
  }

  /** Why the viewer may not create partner tokens at all (null: executives and unit heads, in a session). */
  tokenCreatorRefusal(): string | null {
    if (this.viewer.via !== 'session') return 'Partner tokens cannot create tokens.';
    if (this.isExecutive || this.headedSubtreeIds().length > 0) return null;
    return 'Only executives and unit heads may create tokens.';
  }

  /**
   * Why the viewer may not create a partner token for `unitId` (null: every unit they see), or
   * null when they may: people in their own session only; executives for any unit, unit heads
   * only for a unit they head (and below).
   */
  tokenCreationRefusal(unitId: string | null): { field: string | null; message: string } | null {
    const general = this.tokenCreatorRefusal();
    if (general) return { field: null, message: general };
    if (this.isExecutive) return null;
    if (!unitId) return { field: 'unitId', message: 'Choose a unit you head: your tokens are scoped to it.' };
    if (!this.headsUnit(unitId) || !this.canSeeUnit(unitId))
      return { field: 'unitId', message: 'You may create tokens only for units you head.' };
    return null;
  }

  /**
   * Why the viewer may not invite a person into `unitId` with `role` (null: they may). People in
   * their own session only; executives into any unit with any role; heads of a unit (or of one
   * above it) into that unit, as members only: an executive's rights come from executives. The
   * same rule decides who may re-send someone's invitation and see whether they have accepted.
   */
  invitationRefusal(unitId: string, role: Role): { field: string | null; message: string } | null {
    if (this.viewer.via !== 'session')
      return { field: null, message: 'Partner tokens cannot invite people.' };
    if (this.isExecutive)
      return this.tree.byId.has(unitId) ? null : { field: 'unitId', message: 'No such unit.' };
    if (this.headedSubtreeIds().length === 0)
      return { field: null, message: 'Only executives and unit heads may invite people.' };
    if (!this.canSeeUnit(unitId) || !this.headsUnit(unitId))
      return { field: 'unitId', message: 'You may invite people only into units you head.' };
    if (role === Role.EXECUTIVE)
      return { field: 'role', message: 'Only an executive may invite an executive.' };
    return null;
  }

  /** Whether the viewer may see and revoke this partner token: its owner, executives, heads of its unit scope. */
  canManageToken(token: { ownerId: string; unitId: string | null }): boolean {
    if (this.viewer.via !== 'session') return false;
    if (this.isExecutive || token.ownerId === this.viewer.personId) return true;
    return !!token.unitId && this.canSeeUnit(token.unitId) && this.headsUnit(token.unitId);
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
