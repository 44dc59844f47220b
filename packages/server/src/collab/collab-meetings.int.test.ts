import { CollabCloseCode, meetingDocumentName, MeetingStatus } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildOrg } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { publishGraphEvent } from '../modules/events/graph-events.js';
import { collabServerOf } from './collab.extension.js';
import {
  buildMeeting,
  openEditor,
  TestEditor,
  textOf,
  typeCharacters,
  typeParagraph,
} from './testing/collab-clients.js';

let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
let opsMeeting: string;
let secretMeeting: string;
const editors: TestEditor[] = [];
const open = (name: string, token: string) => {
  const e = openEditor(t.url, name, token);
  editors.push(e);
  return e;
};

beforeAll(async () => {
  t = await startTestServer({
    seed: async (db) => {
      org = await buildOrg(db);
      opsMeeting = await buildMeeting(db, {
        unitId: org.units.ops,
        chairId: org.people.opsHead.id,
        participantIds: [org.people.member.id],
        title: 'Operations monthly review',
      });
      secretMeeting = await buildMeeting(db, {
        unitId: org.units.secret,
        chairId: org.people.insider.id,
        title: 'SensorCo deal review',
      });
    },
  });
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  await t?.close();
});

describe('meeting documents', () => {
  it('start from the agenda drafted from live data, once', async () => {
    const chair = open(meetingDocumentName(opsMeeting), org.people.opsHead.token);
    await eventually(() => chair.provider.isSynced);
    const agenda = textOf(chair.doc, 'agenda');
    expect(agenda.split('\n')[0]).toBe('Operations monthly review'); // the drafted agenda's title heading
    expect((chair.doc.getXmlFragment('agenda').get(0) as Y.XmlElement).nodeName).toBe('heading');
    expect(textOf(chair.doc, 'minutes')).toBe('');
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, max(version) AS v FROM collab_document WHERE name = $1`,
      [meetingDocumentName(opsMeeting)],
    );
    expect(row).toEqual({ n: 1, v: 1 });
  });

  it('many people opening a new company-scope meeting document at once all sync; the agenda (objectives and their descendants) is seeded once', async () => {
    const id = await buildMeeting(t.db, {
      unitId: org.units.company,
      chairId: org.people.exec.id,
      title: 'Crowded review',
    });
    const tokens = [
      org.people.opsHead.token,
      org.people.member.token,
      org.people.exec.token,
      org.people.salesHead.token,
    ];
    const crowd = Array.from({ length: 16 }, (_, i) =>
      open(meetingDocumentName(id), tokens[i % tokens.length]),
    );
    await eventually(() => crowd.every((e) => e.provider.isSynced), 15_000, 'every client synced');
    const agendas = new Set(crowd.map((e) => textOf(e.doc, 'agenda')));
    expect(agendas.size).toBe(1);
    expect([...agendas][0].split('\n')[0]).toBe('Crowded review');
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM collab_document WHERE name = $1`, [
      meetingDocumentName(id),
    ]);
    expect(row.n).toBe(1);
  });

  it('two people typing into the same agenda at once converge', async () => {
    const name = meetingDocumentName(opsMeeting);
    const chair = open(name, org.people.opsHead.token);
    const participant = open(name, org.people.member.token);
    await eventually(
      () =>
        chair.provider.isSynced &&
        participant.provider.isSynced &&
        chair.scope() === 'read-write' &&
        participant.scope() === 'read-write',
    );
    typeParagraph(chair.doc, 'agenda', '');
    const blocks = chair.doc.getXmlFragment('agenda').length;
    await eventually(
      () => participant.doc.getXmlFragment('agenda').length === blocks,
      5_000,
      'empty paragraph relayed',
    );
    for (let i = 0; i < 30; i++) {
      typeCharacters(chair.doc, 'agenda', 'C');
      typeCharacters(participant.doc, 'agenda', 'p');
    }
    await eventually(
      () =>
        chair.allSynced() &&
        participant.allSynced() &&
        textOf(chair.doc, 'agenda') === textOf(participant.doc, 'agenda'),
      10_000,
      'agenda convergence',
    );
    const last = textOf(chair.doc, 'agenda').split('\n').at(-1)!;
    expect(last.length).toBe(60);
    expect(last.replace(/p/g, '')).toBe('C'.repeat(30));
  });

  it('refuses sales.head a meeting of a restricted unit; reading an Operations meeting is read-only and their edits are dropped', async () => {
    const restricted = open(meetingDocumentName(secretMeeting), org.people.salesHead.token);
    await eventually(() => restricted.refused());
    expect(restricted.refused()).toBe(`${CollabCloseCode.FORBIDDEN} forbidden`);

    const name = meetingDocumentName(opsMeeting);
    const chair = open(name, org.people.opsHead.token);
    const sales = open(name, org.people.salesHead.token);
    const ceo = open(name, org.people.exec.token);
    await eventually(() => chair.provider.isSynced && sales.provider.isSynced && ceo.scope());
    expect(sales.scope()).toBe('readonly');
    expect(ceo.scope()).toBe('read-write'); // executives may run any meeting
    const before = textOf(chair.doc, 'minutes');
    typeParagraph(sales.doc, 'minutes', 'Sales rewrites the minutes');
    typeParagraph(chair.doc, 'minutes', 'Decision: second shift at Plant Nord');
    await eventually(() => chair.allSynced() && textOf(sales.doc, 'minutes').includes('Plant Nord'));
    const live = collabServerOf(t.server.httpServer)!.hocuspocus.documents.get(name)!;
    expect(textOf(live, 'minutes')).toBe(
      (before ? before + '\n' : '') + 'Decision: second shift at Plant Nord',
    );
    expect(textOf(chair.doc, 'minutes')).not.toContain('Sales rewrites');
  });

  it('minutes show up through GraphQL after an edit, and in search', async () => {
    const name = meetingDocumentName(opsMeeting);
    const chair = open(name, org.people.opsHead.token);
    await eventually(() => chair.provider.isSynced);
    typeParagraph(chair.doc, 'minutes', 'Action: Otto to book the overhaul crew');
    await eventually(() => chair.allSynced());
    const q = `query($id: ID!) { meeting(id: $id) { minutesText agendaText } }`;
    await eventually(
      async () =>
        (await t.gql(q, { id: opsMeeting }, org.people.member.token)).data?.meeting?.minutesText?.includes(
          'overhaul crew',
        ),
      3_000,
      'minutesText',
    );
    const hits = (
      await t.gql(
        `query { searchDocuments(query: "overhaul crew") { kind id field } }`,
        {},
        org.people.salesHead.token,
      )
    ).data.searchDocuments;
    expect(hits).toEqual([{ kind: 'meeting', id: opsMeeting, field: 'minutes' }]);
  });

  it('a meeting whose agenda and minutes were written before its document existed opens with them, not a fresh draft', async () => {
    const id = await buildMeeting(t.db, {
      unitId: org.units.ops,
      chairId: org.people.opsHead.id,
      title: 'Imported review',
      status: MeetingStatus.CLOSED,
    });
    await t.db.query(`UPDATE meeting SET agenda_text = $2, minutes_text = $3 WHERE id = $1`, [
      id,
      'Imported review\nQC queue',
      'Agreed to rent a test rig',
    ]);
    const reader = open(meetingDocumentName(id), org.people.opsHead.token);
    await eventually(() => reader.provider.isSynced);
    expect(textOf(reader.doc, 'agenda')).toBe('Imported review\nQC queue');
    expect(textOf(reader.doc, 'minutes')).toBe('Agreed to rent a test rig');
  });

  it('closing a meeting right after the last keystroke keeps the whole minutes (folded before the close reads them)', async () => {
    const id = await buildMeeting(t.db, {
      unitId: org.units.ops,
      chairId: org.people.opsHead.id,
      title: 'Quick close review',
    });
    const chair = open(meetingDocumentName(id), org.people.opsHead.token);
    await eventually(() => chair.provider.isSynced && chair.scope() === 'read-write');
    typeParagraph(chair.doc, 'minutes', 'Decided: fund the second QC station now');
    await eventually(() => chair.allSynced(), 5_000, 'stored');
    const closed = await t.gql(
      `mutation($id: ID!) { closeMeeting(id: $id) { status minutesText } }`,
      { id },
      org.people.opsHead.token,
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeMeeting).toMatchObject({ status: 'CLOSED' });
    expect(closed.data.closeMeeting.minutesText).toContain('fund the second QC station now');
  });

  it('a meeting closed during editing turns its document read-only (RIGHTS_CHANGED, then readonly)', async () => {
    const name = meetingDocumentName(opsMeeting);
    const participant = open(name, org.people.member.token);
    await eventually(() => participant.scope() === 'read-write');
    await t.db.transaction(async (m) => {
      await m.query(`UPDATE meeting SET status = $2, closed_at = now() WHERE id = $1`, [
        opsMeeting,
        MeetingStatus.CLOSED,
      ]);
      await publishGraphEvent(m, { topic: 'meetingChanged', subjectId: opsMeeting, unitId: org.units.ops });
    });
    await eventually(
      () => participant.closes.length > 0 && participant.scope() === 'readonly',
      5_000,
      'read-only after close',
    );
  });
});
