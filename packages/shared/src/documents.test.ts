import { describe, expect, it } from 'vitest';
import {
  CollabCloseCode,
  DOCUMENT_FIELDS,
  DOCUMENT_KINDS,
  type DocumentKind,
  documentName,
  initiativeDocumentName,
  meetingDocumentName,
  objectiveDocumentName,
  parseDocumentName,
  planDocumentName,
} from './documents';

const ID = '3f2b8c4e-9a1d-4e7f-b6c2-0d5e8a7f1b23';
const ID_UPPER = ID.toUpperCase();

describe('document name builders', () => {
  it.each<[string, (id: string) => string, string]>([
    ['plan', planDocumentName, `plan/${ID}`],
    ['meeting', meetingDocumentName, `meeting/${ID}`],
    ['objective', objectiveDocumentName, `objective/${ID}`],
    ['initiative', initiativeDocumentName, `initiative/${ID}`],
  ])('%s', (kind, build, expected) => {
    expect(build(ID)).toBe(expected);
    expect(documentName(kind as DocumentKind, ID)).toBe(expected);
  });
});

describe('parseDocumentName', () => {
  it.each<[string, { kind: DocumentKind; id: string } | null]>([
    [`plan/${ID}`, { kind: 'plan', id: ID }],
    [`meeting/${ID}`, { kind: 'meeting', id: ID }],
    [`objective/${ID}`, { kind: 'objective', id: ID }],
    [`initiative/${ID}`, { kind: 'initiative', id: ID }],
    [`plan/${ID_UPPER}`, { kind: 'plan', id: ID_UPPER }],
    ['plan/not-a-uuid', null],
    [`plan/${ID.replace(/-/g, '')}`, null],
    [`plan/${ID}x`, null],
    [`plans/${ID}`, null],
    [`kpi/${ID}`, null],
    [`Plan/${ID}`, null],
    ['plan/', null],
    [`plan/${ID}/extra`, null],
    [` plan/${ID}`, null],
    [`plan//${ID}`, null],
    [ID, null],
    ['', null],
  ])('%j', (name, expected) => {
    expect(parseDocumentName(name)).toEqual(expected);
  });

  it.each(DOCUMENT_KINDS.map((k) => [k]))('round-trips %s', (kind) => {
    expect(parseDocumentName(documentName(kind, ID))).toEqual({ kind, id: ID });
  });
});

describe('shared constants', () => {
  it('lists the collaborative fields per document kind', () => {
    expect(DOCUMENT_FIELDS).toEqual({
      plan: ['narrative'],
      meeting: ['agenda', 'minutes'],
      objective: ['description'],
      initiative: ['description'],
    });
  });

  it('uses fixed close codes', () => {
    expect(CollabCloseCode).toEqual({
      UNAUTHORIZED: 4401,
      FORBIDDEN: 4403,
      RIGHTS_CHANGED: 4409,
      INVALID_MESSAGE: 4400,
    });
  });
});
