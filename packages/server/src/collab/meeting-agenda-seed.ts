import type { DataSource, EntityManager } from 'typeorm';
import { agendaToMarkdown, draftAgenda } from '../modules/meetings/meeting-agenda';

/**
 * Markdown of a new meeting's agenda, drafted from live data by the meetings module (previous
 * decisions and their actions, open actions carried over, off-track and stale KPIs, overdue
 * milestones — only what the meeting's whole audience may see), before the seeding transaction
 * that stores it exactly once.
 */
export async function draftMeetingAgendaMarkdown(m: DataSource | EntityManager, meetingId: string, now: Date): Promise<string> {
  const [meeting] = await m.query(`SELECT title FROM meeting WHERE id = $1`, [meetingId]);
  if (!meeting) return '';
  return agendaToMarkdown(await draftAgenda(m, meetingId, now), meeting.title);
}
