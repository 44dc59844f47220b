/**
 * Collaborative (Yjs) document naming and WebSocket close codes. Server and web
 * must build and parse the same names, or edits land in different documents.
 */

/** Kinds of entity that own a collaborative document. */
export type DocumentKind = 'plan' | 'meeting' | 'objective' | 'initiative';

/** Every document kind, so callers can iterate or validate without re-listing them. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['plan', 'meeting', 'objective', 'initiative'];

/** Name of a plan's collaborative document (holds the narrative). */
export function planDocumentName(id: string): string {
  return 'plan/' + id;
}

/** Name of a meeting's collaborative document (holds agenda and minutes). */
export function meetingDocumentName(id: string): string {
  return 'meeting/' + id;
}

/** Name of an objective's collaborative document (holds the description). */
export function objectiveDocumentName(id: string): string {
  return 'objective/' + id;
}

/** Name of an initiative's collaborative document (holds the description). */
export function initiativeDocumentName(id: string): string {
  return 'initiative/' + id;
}

/** Name of any kind's collaborative document, for code that holds the kind as data. */
export function documentName(kind: DocumentKind, id: string): string {
  return kind + '/' + id;
}

/** A parsed document name: which entity the document belongs to. */
export interface ParsedDocumentName {
  kind: DocumentKind;
  id: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME_RE = /^(plan|meeting|objective|initiative)\/([^/]+)$/;

/**
 * Parse a document name sent by a client, so the server can load the owning
 * entity and check rights. Returns null for unknown kinds or an id that is not
 * a UUID (any case accepted; the id is returned exactly as given).
 */
export function parseDocumentName(name: string): ParsedDocumentName | null {
  const m = NAME_RE.exec(name);
  if (!m || !UUID_RE.test(m[2])) return null;
  return { kind: m[1] as DocumentKind, id: m[2] };
}

/**
 * Shared-type (Y.XmlFragment) field names inside each kind of document; both
 * sides read and write only these, and the server persists them to these columns.
 */
export const DOCUMENT_FIELDS = {
  plan: ['narrative'],
  meeting: ['agenda', 'minutes'],
  objective: ['description'],
  initiative: ['description'],
} as const satisfies Record<DocumentKind, readonly string[]>;

/**
 * WebSocket close codes the collaboration server uses (4000–4999 is the
 * application range), so the client knows whether to reconnect.
 */
export const CollabCloseCode = {
  /** No valid session or token: client should re-authenticate, not retry blindly. */
  UNAUTHORIZED: 4401,
  /** Authenticated but may not open this document: client should stop retrying. */
  FORBIDDEN: 4403,
  /** The user's rights on this document changed mid-session: client should reconnect to pick up new rights (read-only or none). */
  RIGHTS_CHANGED: 4409,
  /**
   * A message the server could not decode or that breaks the sync protocol (garbage inside valid
   * framing, truncated or oversized lengths, updates that do not apply): that one connection is
   * closed and the server logs why. Client should not resend the same message.
   */
  INVALID_MESSAGE: 4400,
} as const;

/** One of the numeric values of `CollabCloseCode`. */
export type CollabCloseCode = (typeof CollabCloseCode)[keyof typeof CollabCloseCode];
