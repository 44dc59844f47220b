import { Health } from '@throughline/shared';
import { SubjectType } from '@throughline/shared';
import type { BriefingContent, BriefingLine, WhyNote } from './briefing.content.js';

const HEALTH_LABEL: Record<Health, string> = {
  [Health.ON_TRACK]: 'on track',
  [Health.AT_RISK]: 'at risk',
  [Health.OFF_TRACK]: 'off track',
  [Health.NO_DATA]: 'no data',
};
const label = (h: Health | null) => (h ? HEALTH_LABEL[h] : '—');
const day = (iso: string) => iso.slice(0, 10);

/** Escapes text for Markdown inline content (titles and names are user text). */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** How a briefing is rendered: with `appUrl`, subjects link to their pages in the app (pre-reads). */
export interface RenderOptions {
  appUrl?: string | null;
}

interface Section {
  title: string;
  empty: string;
  lines: BriefingLine[];
  describe(l: BriefingLine): { main: string; owner: string | null; extra: string | null };
}

const SUBJECT_PATH: Partial<Record<SubjectType, string>> = {
  [SubjectType.OBJECTIVE]: 'objectives',
  [SubjectType.KPI]: 'kpis',
  [SubjectType.INITIATIVE]: 'initiatives',
};

/** The subject's page in the app, when it has one and links are wanted. */
function subjectUrl(l: BriefingLine, o: RenderOptions): string | null {
  const path = SUBJECT_PATH[l.subjectType];
  return o.appUrl && path
    ? `${o.appUrl.replace(/\/+$/, '')}/${path}/${encodeURIComponent(l.subjectId)}`
    : null;
}

/** A note of the "why" as a line (its KPI is the subject). */
const whyLine = (n: WhyNote): BriefingLine => ({
  subjectType: SubjectType.KPI,
  subjectId: n.kpiId,
  title: n.kpiName,
  health: null,
  previousHealth: null,
  ownerId: null,
  ownerName: n.authorName,
  detail: n.text,
  dueDate: n.at,
});

/** A pre-read puts first what the review must discuss: revisits, what is off track, what moved and why. */
function preReadSections(c: BriefingContent, all: Section[]): Section[] {
  const [objectives, moved, offTrack, decisions, ...rest] = all;
  return [
    {
      title: `Decisions due for revisit by ${day(`${c.preRead!.revisitBy}T00:00:00Z`)}`,
      empty: 'No decision is due for revisit.',
      lines: c.revisitDue ?? [],
      describe: (l) => ({ main: l.title, owner: l.ownerName, extra: l.detail }),
    },
    offTrack,
    moved,
    {
      title: 'Why: notes on what moved or is off track',
      empty: 'Nobody left a note on these KPIs in the period.',
      lines: (c.why ?? []).map(whyLine),
      describe: (l) => ({
        main: `${l.title}, ${day(l.dueDate!)}: ${l.detail}`,
        owner: null,
        extra: l.ownerName ? `noted by ${l.ownerName}` : null,
      }),
    },
    objectives,
    decisions,
    ...rest,
  ];
}

function sections(c: BriefingContent): Section[] {
  const all = baseSections(c);
  return c.preRead ? preReadSections(c, all) : all;
}

function baseSections(c: BriefingContent): Section[] {
  return [
    {
      title: 'Objectives and their health',
      empty: 'No objectives in this scope.',
      lines: c.objectives,
      describe: (l) => ({ main: `${l.title}: ${label(l.health)}`, owner: l.ownerName, extra: null }),
    },
    {
      title:
        c.comparedWith === 'PREVIOUS_BRIEFING'
          ? `What moved since the last briefing (${day(c.comparedAt)})`
          : `What moved since ${day(c.comparedAt)}`,
      empty: 'No KPI changed health.',
      lines: c.moved,
      describe: (l) => ({
        main: `${l.title}: ${label(l.previousHealth)} → ${label(l.health)}`,
        owner: l.ownerName,
        extra: l.detail,
      }),
    },
    {
      title: 'Off track, and who owns it',
      empty: 'Nothing is off track.',
      lines: c.offTrack,
      describe: (l) => ({
        main: `${l.title} (${l.subjectType === 'KPI' ? 'KPI' : 'initiative'})`,
        owner: l.ownerName,
        extra: l.detail,
      }),
    },
    {
      title: 'Decisions taken',
      empty: 'No decisions in this period.',
      lines: c.decisions,
      describe: (l) => ({ main: l.title, owner: l.ownerName, extra: l.detail }),
    },
    ...(c.meeting
      ? [
          {
            title: 'New actions agreed',
            empty: 'No new actions were agreed.',
            lines: c.newActions ?? [],
            describe: actionLine,
          },
          {
            title: 'Actions carried over from earlier reviews',
            empty: 'No action was carried over.',
            lines: c.carriedActions ?? [],
            describe: actionLine,
          },
        ]
      : []),
    {
      title: c.meeting ? 'Other actions overdue' : 'Actions overdue',
      empty: 'No action is overdue.',
      lines: c.overdueActions,
      describe: actionLine,
    },
  ];
}

/** An action: what, its owner, when it is due and its state. */
function actionLine(l: BriefingLine) {
  return {
    main: l.title,
    owner: l.ownerName,
    extra: [l.dueDate ? `due ${day(l.dueDate)}` : null, l.detail].filter(Boolean).join('; ') || null,
  };
}

const heading = (c: BriefingContent) =>
  c.preRead
    ? `Pre-read: ${c.preRead.meetingTitle}`
    : c.meeting
      ? `Briefing: ${c.meeting.title}, closed ${day(c.meeting.closedAt)}`
      : `Briefing: ${c.unitName}, ${day(c.from)} to ${day(c.to)}`;

/** The line under the heading: when it was generated, and for a pre-read which period it covers. */
const generatedLine = (c: BriefingContent) =>
  `${c.preRead ? `Covers ${day(c.from)} to ${day(c.to)}. ` : ''}Generated ${c.generatedAt.slice(0, 16).replace('T', ' ')} UTC from live data.`;

const MINUTES_EMPTY = 'No minutes were taken.';

/** The briefing as Markdown. */
export function briefingToMarkdown(c: BriefingContent, o: RenderOptions = {}): string {
  const out = [`# ${escapeMarkdown(heading(c))}`, '', `_${escapeMarkdown(generatedLine(c))}_`, ''];
  for (const s of sections(c)) {
    out.push(`## ${escapeMarkdown(s.title)}`, '');
    if (s.lines.length === 0) out.push(s.empty);
    for (const l of s.lines) {
      const d = s.describe(l);
      const url = subjectUrl(l, o);
      const main = url ? `[${escapeMarkdown(d.main)}](${url})` : escapeMarkdown(d.main);
      out.push(
        `- ${main}${d.owner ? `. Owner: ${escapeMarkdown(d.owner)}` : ''}${d.extra ? `. ${escapeMarkdown(d.extra)}` : ''}`,
      );
    }
    out.push('');
  }
  if (c.meeting) {
    out.push('## Minutes', '');
    const minutes = c.meeting.minutes.trim();
    out.push(
      minutes
        ? minutes
            .split(/\r?\n+/)
            .filter((l) => l.trim())
            .map((l) => escapeMarkdown(l))
            .join('\n\n')
        : MINUTES_EMPTY,
      '',
    );
  }
  return out.join('\n');
}

// Printing: page breaks fall between sections (never inside one, never right after a heading), and
// every link is printed after its text so the paper copy still says where each subject lives.
const CSS = `body{font:14px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#111}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
li{margin:.2rem 0}.owner{color:#444}.h-OFF_TRACK{color:#b00020}.h-AT_RISK{color:#9a6700}.h-ON_TRACK{color:#1a7f37}
@media print{@page{margin:16mm 14mm}body{margin:0;max-width:none}section{break-inside:avoid-page}h2{break-after:avoid-page}
a{color:inherit;text-decoration:none}a[href]::after{content:" (" attr(href) ")";font-size:.8em;color:#444;word-break:break-all}}`;

/** The briefing as a printable, self-contained HTML page; every piece of text is escaped. */
export function briefingToHtml(c: BriefingContent, o: RenderOptions = {}): string {
  const body: string[] = [
    `<h1>${escapeHtml(heading(c))}</h1>`,
    `<p><em>${escapeHtml(generatedLine(c))}</em></p>`,
  ];
  for (const s of sections(c)) {
    body.push('<section>', `<h2>${escapeHtml(s.title)}</h2>`);
    if (s.lines.length === 0) {
      body.push(`<p>${escapeHtml(s.empty)}</p>`, '</section>');
      continue;
    }
    body.push('<ul>');
    for (const l of s.lines) {
      const d = s.describe(l);
      const cls = l.health ? ` class="h-${escapeHtml(l.health)}"` : '';
      const url = subjectUrl(l, o);
      const main = url ? `<a href="${escapeHtml(url)}">${escapeHtml(d.main)}</a>` : escapeHtml(d.main);
      body.push(
        `<li${cls}>${main}${d.owner ? ` <span class="owner">Owner: ${escapeHtml(d.owner)}</span>` : ''}${d.extra ? ` ${escapeHtml(d.extra)}` : ''}</li>`,
      );
    }
    body.push('</ul>', '</section>');
  }
  if (c.meeting) {
    body.push('<section>', '<h2>Minutes</h2>');
    const paragraphs = c.meeting.minutes
      .trim()
      .split(/\r?\n+/)
      .filter((p) => p.trim());
    body.push(
      paragraphs.length
        ? paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')
        : `<p>${escapeHtml(MINUTES_EMPTY)}</p>`,
      '</section>',
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading(c))}</title><style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
