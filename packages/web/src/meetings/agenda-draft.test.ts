import { describe, expect, it } from 'vitest';
import { draftItemsHtml, missingItems } from './agenda-draft';

const item = (title: string, section = 'Off-track KPIs') => ({
  kind: 'OFF_TRACK_KPI',
  title,
  detail: 'Latest 60 against target 50.',
  ownerName: 'Ana <Ops>',
  section,
});

describe('missingItems', () => {
  it('keeps only the drafted items whose title the agenda does not hold, whatever the spacing', () => {
    const items = [item('QC queue'), item('Test-bench  capture'), item('Scrap rate')];
    const agenda =
      'Review\nOff-track KPIs\nQC queue (owner: Ana): Latest 60\nTest-bench capture (owner: Ana)';
    expect(missingItems(items, agenda).map((i) => i.title)).toEqual(['Scrap rate']);
    expect(missingItems(items, '')).toHaveLength(3);
  });
});

describe('draftItemsHtml', () => {
  it("writes the items in the agenda's own structure: a dated note, a heading per section, bold titles, escaped text", () => {
    const html = draftItemsHtml(
      [item('QC queue'), item('Overdue & late', 'Overdue milestones')],
      '28 Nov 2026, 09:05',
    );
    expect(html).toBe(
      '<p><em>Figures as drafted from live data at 28 Nov 2026, 09:05; the live data panel shows them now.</em></p>' +
        '<h2>Off-track KPIs</h2><ul><li><p><strong>QC queue</strong> (owner: Ana &lt;Ops&gt;): Latest 60 against target 50.</p></li></ul>' +
        '<h2>Overdue milestones</h2><ul><li><p><strong>Overdue &amp; late</strong> (owner: Ana &lt;Ops&gt;): Latest 60 against target 50.</p></li></ul>',
    );
    expect(draftItemsHtml([], 'now')).toBe('');
  });
});
