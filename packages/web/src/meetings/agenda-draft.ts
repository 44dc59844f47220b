/** An agenda item drafted from live data, as the draft query returns it. */
export interface DraftItem {
  kind: string;
  title: string;
  detail: string;
  ownerName?: string | null;
  section: string;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The drafted items the agenda does not hold yet (matched by title in the agenda's text). */
export function missingItems<T extends DraftItem>(items: T[], agendaText: string): T[] {
  const text = squash(agendaText);
  return items.filter((i) => !text.includes(squash(i.title)));
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Draft items as the co-edited agenda holds them (the structure the server seeds a new agenda
 * with: a dated note, a heading per section, one bullet per item with its title in bold, its
 * owner and its detail), for Tiptap's `insertContent`.
 */
export function draftItemsHtml(items: DraftItem[], draftedAt: string): string {
  if (items.length === 0) return '';
  const sections = new Map<string, DraftItem[]>();
  for (const i of items) sections.set(i.section, [...(sections.get(i.section) ?? []), i]);
  const body = [...sections.entries()]
    .map(
      ([section, list]) =>
        `<h2>${esc(section)}</h2><ul>${list
          .map(
            (i) =>
              `<li><p><strong>${esc(i.title)}</strong>${i.ownerName ? ` (owner: ${esc(i.ownerName)})` : ''}: ${esc(i.detail)}</p></li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  return `<p><em>Figures as drafted from live data at ${esc(draftedAt)}; the live data panel shows them now.</em></p>${body}`;
}
