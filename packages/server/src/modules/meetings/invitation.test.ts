import { describe, expect, it } from 'vitest';
import { buildInvitation, foldLine, icsText, type Invitation } from './invitation.js';

const base: Invitation = {
  method: 'REQUEST',
  meetingId: '4f1c2a9e-0000-4000-8000-000000000001',
  domain: 'throughline.example',
  sequence: 0,
  start: new Date('2027-01-05T08:00:00Z'),
  durationMinutes: 60,
  summary: 'Operations monthly review — 5 Jan 2027',
  description: 'Chair: Ada Lovelace; scope: Operations, and below.\nhttps://app.example/meetings/x',
  url: 'https://app.example/meetings/x',
  organizer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  attendees: [
    { name: 'Grace Hopper', email: 'grace@example.com' },
    { name: 'Alan "Al" Turing', email: 'alan@example.com' },
  ],
  stamp: new Date('2026-11-28T20:45:00.123Z'),
};

describe('review invitations (.ics)', () => {
  it('writes the invitation exactly (lines of 75 octets at most): UTC times, UID, SEQUENCE, organizer and attendees, CRLF', () => {
    expect(buildInvitation(base)).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Throughline//Reviews//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:REQUEST',
        'BEGIN:VEVENT',
        'UID:meeting-4f1c2a9e-0000-4000-8000-000000000001@throughline.example',
        'SEQUENCE:0',
        'DTSTAMP:20261128T204500Z',
        'DTSTART:20270105T080000Z',
        'DTEND:20270105T090000Z',
        'SUMMARY:Operations monthly review — 5 Jan 2027',
        'DESCRIPTION:Chair: Ada Lovelace\\; scope: Operations\\, and below.\\nhttps://a',
        ' pp.example/meetings/x',
        'URL:https://app.example/meetings/x',
        'STATUS:CONFIRMED',
        'ORGANIZER;CN="Ada Lovelace":mailto:ada@example.com',
        'ATTENDEE;CN="Grace Hopper";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=',
        ' FALSE:mailto:grace@example.com',
        'ATTENDEE;CN="Alan Al Turing";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSV',
        ' P=FALSE:mailto:alan@example.com',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('cancels with the same UID, a higher SEQUENCE, METHOD:CANCEL and STATUS:CANCELLED', () => {
    const text = buildInvitation({ ...base, method: 'CANCEL', sequence: 3 });
    expect(text).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(text).toContain('\r\nUID:meeting-4f1c2a9e-0000-4000-8000-000000000001@throughline.example\r\n');
    expect(text).toContain('\r\nSEQUENCE:3\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
  });

  it('escapes text values and folds long lines at 75 octets without splitting a character', () => {
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'ø'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'ø'.repeat(60)}`);
  });
});
