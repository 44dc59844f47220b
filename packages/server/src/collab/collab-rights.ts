import type { Policy } from '../auth/policy';
import type { DocumentSubject } from './document-subjects';

/** What a viewer may do with a document. */
export type CollabAccess = 'none' | 'read' | 'write';

/**
 * The one policy, asked the collaboration question. Reading a document is reading its subject;
 * writing is `edit` for plans, objectives and initiatives (structural editors of the subject)
 * and `runMeeting` for meetings (chair, participants, heads of the unit, executives).
 * Partner tokens never write (`edit`/`runMeeting` refuse them). A subject that no longer takes
 * edits (archived, closed meeting) is read-only for everyone.
 */
export function collabAccess(policy: Policy, subject: DocumentSubject): CollabAccess {
  const s = { unitId: subject.unitId, ownerId: subject.ownerId, participantIds: subject.participantIds };
  if (!policy.can('read', s)) return 'none';
  const action = subject.kind === 'meeting' ? 'runMeeting' : 'edit';
  return subject.writable && policy.can(action, s) ? 'write' : 'read';
}
