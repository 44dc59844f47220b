/**
 * Calendar invitations for reviews (RFC 5545). One UID per meeting for its whole life; SEQUENCE
 * grows with every change the participants are told about, so calendars replace the entry;
 * METHOD:REQUEST invites (and updates), METHOD:CANCEL takes it off their calendars. Times in UTC.
 */
export interface InvitationPerson {
  name: string;
  email: string;
}

export interface Invitation {
  method: 'REQUEST' | 'CANCEL';
  meetingId: string;
  /** The domain part of the UID, e.g. the app's host name. */
  domain: string;
  sequence: number;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  url: string;
  organizer: InvitationPerson;
  attendees: InvitationPerson[];
  /** When this version was produced (DTSTAMP). */
  stamp: Date;
}

/** 20261128T204500Z */
export function icsTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A quoted parameter value (CN="…"): no quotes, no control characters. */
const param = (s: string) =>
  `"${[...s].filter((c) => c !== '"' && c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('')}"`;

/** Folds a content line at 75 octets (UTF-8), continuation lines starting with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** The invitation as iCalendar text (CRLF line ends, folded). */
export function buildInvitation(i: Invitation): string {
  const end = new Date(i.start.getTime() + i.durationMinutes * 60_000);
  const cancel = i.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Throughline//Reviews//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${i.method}`,
    'BEGIN:VEVENT',
    `UID:meeting-${i.meetingId}@${i.domain}`,
    `SEQUENCE:${i.sequence}`,
    `DTSTAMP:${icsTime(i.stamp)}`,
    `DTSTART:${icsTime(i.start)}`,
    `DTEND:${icsTime(end)}`,
    `SUMMARY:${icsText(i.summary)}`,
    `DESCRIPTION:${icsText(i.description)}`,
    `URL:${i.url}`,
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${param(i.organizer.name)}:mailto:${i.organizer.email}`,
    ...i.attendees.map(
      (a) =>
        `ATTENDEE;CN=${param(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a.email}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
