import type { EntityManager } from 'typeorm';
import { OrgTree } from '../auth/org-tree';
import { UnitVisibility } from '@throughline/shared';

/** The meetings module's agenda drafter, when it exports one (`draftAgenda` + `agendaToMarkdown`). */
interface AgendaDrafter {
  draftAgenda(db: EntityManager, meetingId: string): Promise<unknown[]>;
  agendaToMarkdown(items: unknown[]): string;
}

/**
 * Units of a meeting's scope that everyone who may see the meeting may see: the subtree minus
 * anything under a RESTRICTED unit below the scope (the agenda is shared with the whole audience).
 */
function audienceUnitIds(tree: OrgTree, scopeUnitId: string): string[] {
  return tree.subtree(scopeUnitId).filter((id) => {
    for (const u of tree.ancestorsAndSelf(id)) {
      if (u.id === scopeUnitId) return true;
      if (u.visibility === UnitVisibility.RESTRICTED) return false;
    }
    return false;
  });
}

let drafter: AgendaDrafter | null | undefined;

/**
 * Finds the meetings module's drafter at run time. It is built by another module in parallel;
 * until it exports `draftAgenda`, the fallback below drafts a simpler agenda from the same live data.
 */
function meetingsDrafter(): AgendaDrafter | null {
  if (drafter !== undefined) return drafter;
  drafter = null;
  for (const path of ['../modules/meetings/meeting-agenda', '../modules/meetings/agenda', '../modules/meetings/meeting.service']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path) as Partial<AgendaDrafter>;
      if (typeof mod.draftAgenda === 'function' && typeof mod.agendaToMarkdown === 'function') {
        drafter = mod as AgendaDrafter;
        break;
      }
    } catch {
      // not there (yet)
    }
  }
  return drafter;
}

/**
 * Markdown of a new meeting's agenda, drafted from live data: the meetings module's drafter
 * when present, else a fallback (open actions, overdue milestones and the initiatives of the
 * scope — only what the whole audience of the meeting may see).
 */
export async function draftMeetingAgendaMarkdown(m: EntityManager, meetingId: string): Promise<string> {
  const d = meetingsDrafter();
  if (d) return d.agendaToMarkdown(await d.draftAgenda(m, meetingId));
  const [meeting] = await m.query(`SELECT title, unit_id AS "unitId" FROM meeting WHERE id = $1`, [meetingId]);
  if (!meeting) return '';
  const units = audienceUnitIds(await OrgTree.load(m), meeting.unitId);
  const overdue: { title: string; initiative: string; dueDate: string }[] = await m.query(
    `SELECT ms.title, i.title AS initiative, ms.due_date::text AS "dueDate"
       FROM milestone ms JOIN initiative i ON i.id = ms.initiative_id
      WHERE i.unit_id = ANY($1) AND i.archived_at IS NULL AND ms.archived_at IS NULL AND ms.completed_at IS NULL AND ms.due_date < current_date
      ORDER BY ms.due_date LIMIT 20`,
    [units],
  );
  const initiatives: { title: string; status: string }[] = await m.query(
    `SELECT title, status FROM initiative WHERE unit_id = ANY($1) AND archived_at IS NULL AND status IN ('ACTIVE','PAUSED') ORDER BY title LIMIT 20`,
    [units],
  );
  const lines = [`# ${meeting.title}`, '', '## Open actions from the last review', '- Check each open action: done, or why not', ''];
  lines.push('## Overdue milestones');
  lines.push(...(overdue.length ? overdue.map((o) => `- ${o.initiative}: ${o.title} (due ${o.dueDate})`) : ['- None overdue']));
  lines.push('', '## Initiatives in flight');
  lines.push(...(initiatives.length ? initiatives.map((i) => `- ${i.title} (${i.status.toLowerCase()})`) : ['- None']));
  lines.push('', '## Decisions and actions', '');
  return lines.join('\n');
}
