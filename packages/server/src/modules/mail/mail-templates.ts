/** What an email says: rendered to a plain-text part and an HTML part with the same content. */
export interface MailContent {
  /** First line, e.g. "Hello Ada,". */
  greeting: string;
  /** Paragraphs before the button. */
  paragraphs: string[];
  /** Headed lists after the paragraphs (a digest's sections), each item with an optional link. */
  sections?: MailSection[];
  /** The one thing to do: a button in HTML, the bare link in text. */
  action?: { label: string; url: string };
  /** Small print after the button (why they got it, what if it was not them). */
  footer?: string[];
}

/** A headed list of a message: e.g. "Overdue actions" and one line per action. */
export interface MailSection {
  title: string;
  items: { text: string; detail?: string; url?: string }[];
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The plain-text and HTML parts of a message (every dynamic value escaped in HTML). */
export function renderMail(c: MailContent): { text: string; html: string } {
  const text = [
    c.greeting,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.sections ?? []).flatMap((s) => [
      s.title.toUpperCase(),
      ...s.items.map((i) => `- ${i.text}${i.detail ? ` (${i.detail})` : ''}${i.url ? `\n  ${i.url}` : ''}`),
      '',
    ]),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ''] : []),
    ...(c.footer ?? []).flatMap((p) => [p, '']),
    '— Throughline',
  ].join('\n');
  const p = (s: string, style = 'margin:0 0 16px') => `<p style="${style}">${escape(s)}</p>`;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2430;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:600;font-size:16px">Throughline</p>
${p(c.greeting)}
${c.paragraphs.map((x) => p(x)).join('\n')}
${(c.sections ?? []).map(renderSection).join('\n')}
${
  c.action
    ? `<p style="margin:24px 0"><a href="${escape(c.action.url)}" style="display:inline-block;background:#2f5bd3;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escape(c.action.label)}</a></p>
${p(`Or open this link: ${c.action.url}`, 'margin:0 0 16px;font-size:13px;color:#5a6172;word-break:break-all')}`
    : ''
}
${(c.footer ?? []).map((x) => p(x, 'margin:0 0 8px;font-size:13px;color:#5a6172')).join('\n')}
</div></body></html>`;
  return { text, html };
}

function renderSection(s: MailSection): string {
  const item = (i: MailSection['items'][number]) => {
    const text = i.url
      ? `<a href="${escape(i.url)}" style="color:#2f5bd3;text-decoration:none;font-weight:600">${escape(i.text)}</a>`
      : `<span style="font-weight:600">${escape(i.text)}</span>`;
    const detail = i.detail
      ? `<br><span style="font-size:13px;color:#5a6172">${escape(i.detail)}</span>`
      : '';
    return `<li style="margin:0 0 10px">${text}${detail}</li>`;
  };
  return `<h2 style="margin:24px 0 8px;font-size:15px;font-weight:600">${escape(s.title)}</h2>
<ul style="margin:0 0 16px;padding-left:20px">${s.items.map(item).join('')}</ul>`;
}
