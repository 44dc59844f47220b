import { Health } from '@throughline/shared';
import type { BriefingContent, BriefingLine } from './briefing.content.js';

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

interface Section {
  title: string;
  empty: string;
  lines: BriefingLine[];
  describe(l: BriefingLine): { main: string; owner: string | null; extra: string | null };
}

function sections(c: BriefingContent): Section[] {
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
  c.meeting
    ? `Briefing: ${c.meeting.title}, closed ${day(c.meeting.closedAt)}`
    : `Briefing: ${c.unitName}, ${day(c.from)} to ${day(c.to)}`;

const MINUTES_EMPTY = 'No minutes were taken.';

/** The briefing as Markdown. */
export function briefingToMarkdown(c: BriefingContent): string {
  const out = [
    `# ${escapeMarkdown(heading(c))}`,
    '',
    `_Generated ${c.generatedAt.slice(0, 16).replace('T', ' ')} UTC from live data._`,
    '',
  ];
  for (const s of sections(c)) {
    out.push(`## ${escapeMarkdown(s.title)}`, '');
    if (s.lines.length === 0) out.push(s.empty);
    for (const l of s.lines) {
      const d = s.describe(l);
      out.push(
        `- ${escapeMarkdown(d.main)}${d.owner ? `. Owner: ${escapeMarkdown(d.owner)}` : ''}${d.extra ? `. ${escapeMarkdown(d.extra)}` : ''}`,
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

const CSS = `body{font:14px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#111}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
li{margin:.2rem 0}.owner{color:#444}.h-OFF_TRACK{color:#b00020}.h-AT_RISK{color:#9a6700}.h-ON_TRACK{color:#1a7f37}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}`;

/** The briefing as a printable, self-contained HTML page; every piece of text is escaped. */
export function briefingToHtml(c: BriefingContent): string {
  const body: string[] = [
    `<h1>${escapeHtml(heading(c))}</h1>`,
    `<p><em>Generated ${escapeHtml(c.generatedAt.slice(0, 16).replace('T', ' '))} UTC from live data.</em></p>`,
  ];
  for (const s of sections(c)) {
    body.push(`<h2>${escapeHtml(s.title)}</h2>`);
    if (s.lines.length === 0) {
      body.push(`<p>${escapeHtml(s.empty)}</p>`);
      continue;
    }
    body.push('<ul>');
    for (const l of s.lines) {
      const d = s.describe(l);
      const cls = l.health ? ` class="h-${escapeHtml(l.health)}"` : '';
      body.push(
        `<li${cls}>${escapeHtml(d.main)}${d.owner ? ` <span class="owner">Owner: ${escapeHtml(d.owner)}</span>` : ''}${d.extra ? ` ${escapeHtml(d.extra)}` : ''}</li>`,
      );
    }
    body.push('</ul>');
  }
  if (c.meeting) {
    body.push('<h2>Minutes</h2>');
    const paragraphs = c.meeting.minutes
      .trim()
      .split(/\r?\n+/)
      .filter((p) => p.trim());
    body.push(
      paragraphs.length
        ? paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')
        : `<p>${escapeHtml(MINUTES_EMPTY)}</p>`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading(c))}</title><style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
