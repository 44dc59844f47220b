import { describe, expect, it } from 'vitest';
import { dueLine, linksOf, validateCheckIn } from './check-in-text';

describe('check-in form rules', () => {
  const ok = { confidence: '7', happened: 'Shipped.', next: '', blockers: '', links: '' };
  it('accepts a plain check-in', () => expect(validateCheckIn(ok)).toEqual({}));
  it('names the field at fault', () => {
    expect(validateCheckIn({ ...ok, confidence: '11' })).toHaveProperty('confidence');
    expect(validateCheckIn({ ...ok, confidence: '6.5' })).toHaveProperty('confidence');
    expect(validateCheckIn({ ...ok, happened: ' ' })).toHaveProperty('happened');
    expect(validateCheckIn({ ...ok, links: 'https://a.example\nftp://b.example' }).links).toBe(
      '“ftp://b.example” is not a web address (http:// or https://).',
    );
  });
  it('reads links one per line', () =>
    expect(linksOf(' https://a.example \n\nhttps://b.example')).toEqual([
      'https://a.example',
      'https://b.example',
    ]));
  it('says when the next check-in is due, or that it is overdue', () => {
    expect(dueLine({ dueAt: '2027-03-08T10:00:00Z', overdue: false, lastAt: '2027-03-01T10:00:00Z' })).toBe(
      'Next check-in due 8 Mar 2027. Last check-in 1 Mar 2027.',
    );
    expect(dueLine({ dueAt: '2027-03-08T10:00:00Z', overdue: true, lastAt: null })).toBe(
      'Check-in overdue: it was due 8 Mar 2027. No check-in yet.',
    );
  });
});
