import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import { WebhookFormat } from './webhook.entity.js';

/** An event as a person reads it: one line, and where to open it in the app. */
export interface EventSummary {
  /** e.g. "Alert raised: On-time delivery is red (Operations)". */
  text: string;
  /** Absolute link into the web app. */
  link: string;
  /** Short label of the link, e.g. "Open the KPI". */
  linkLabel: string;
  /** Attention level: alerts raised are red, resolved ones green, the rest neutral. */
  tone: 'alert' | 'good' | 'info';
}

const SUBJECT_PATHS: Record<string, { path: string; label: string }> = {
  KPI: { path: '/kpis/', label: 'Open the KPI' },
  OBJECTIVE: { path: '/objectives/', label: 'Open the objective' },
  INITIATIVE: { path: '/initiatives/', label: 'Open the initiative' },
  PLAN: { path: '/plan/', label: 'Open the plan' },
  MEETING: { path: '/meetings/', label: 'Open the meeting' },
};

const TOPIC_WORDS: Record<string, string> = {
  kpiChanged: 'KPI updated',
  objectiveChanged: 'Objective updated',
  initiativeChanged: 'Initiative updated',
  planChanged: 'Plan updated',
  alertRaised: 'Alert raised',
  alertResolved: 'Alert resolved',
  alertAcknowledged: 'Alert acknowledged',
  decisionRecorded: 'Decision recorded',
  actionChanged: 'Action updated',
  meetingChanged: 'Meeting updated',
};

export interface SummarisedEvent {
  topic: string;
  subjectId: string | null;
  unitId: string | null;
}

/** Reads what a person needs to recognise the event's subject (its name, its unit). */
export async function summariseEvent(
  db: DataSource | EntityManager,
  e: SummarisedEvent,
  publicUrl: string,
): Promise<EventSummary> {
  const one = async (sql: string): Promise<Record<string, string | null> | undefined> =>
    e.subjectId ? (await db.query(sql, [e.subjectId]))[0] : undefined;
  let name: string | null = null;
  let subject: { type: string; id: string } | null = null;
  switch (e.topic) {
    case 'kpiChanged':
      name = (await one(`SELECT name FROM kpi WHERE id = $1`))?.name ?? null;
      subject = e.subjectId ? { type: 'KPI', id: e.subjectId } : null;
      break;
    case 'objectiveChanged':
      name = (await one(`SELECT title AS name FROM objective WHERE id = $1`))?.name ?? null;
      subject = e.subjectId ? { type: 'OBJECTIVE', id: e.subjectId } : null;
      break;
    case 'initiativeChanged':
      name = (await one(`SELECT title AS name FROM initiative WHERE id = $1`))?.name ?? null;
      subject = e.subjectId ? { type: 'INITIATIVE', id: e.subjectId } : null;
      break;
    case 'planChanged':
      name = (await one(`SELECT name FROM plan WHERE id = $1`))?.name ?? null;
      subject = e.subjectId ? { type: 'PLAN', id: e.subjectId } : null;
      break;
    case 'meetingChanged':
      name = (await one(`SELECT title AS name FROM meeting WHERE id = $1`))?.name ?? null;
      subject = e.subjectId ? { type: 'MEETING', id: e.subjectId } : null;
      break;
    case 'alertRaised':
    case 'alertResolved':
    case 'alertAcknowledged': {
      const a = await one(`SELECT message AS name, subject_type, subject_id FROM alert WHERE id = $1`);
      name = a?.name ?? null;
      if (a?.subject_type && a.subject_id) subject = { type: a.subject_type, id: a.subject_id };
      break;
    }
    case 'decisionRecorded':
    case 'actionChanged': {
      const table = e.topic === 'decisionRecorded' ? 'decision' : 'action';
      const r = await one(`SELECT text AS name, meeting_id FROM ${table} WHERE id = $1`);
      name = r?.name ?? null;
      if (r?.meeting_id) subject = { type: 'MEETING', id: r.meeting_id };
      break;
    }
  }
  const unit = e.unitId
    ? ((await db.query(`SELECT name FROM unit WHERE id = $1`, [e.unitId]))[0]?.name as string | undefined)
    : undefined;
  const target = subject ? SUBJECT_PATHS[subject.type] : undefined;
  const words = TOPIC_WORDS[e.topic] ?? e.topic;
  const clipped = name ? (name.length > 200 ? `${name.slice(0, 199)}…` : name) : null;
  return {
    text: `${words}${clipped ? `: ${clipped}` : ''}${unit ? ` (${unit})` : ''}`,
    link: target && subject ? `${publicUrl}${target.path}${subject.id}` : `${publicUrl}/`,
    linkLabel: target?.label ?? 'Open Throughline',
    tone: e.topic === 'alertRaised' ? 'alert' : e.topic === 'alertResolved' ? 'good' : 'info',
  };
}

/** Slack's mrkdwn needs &, < and > escaped in text. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TONE_EMOJI = { alert: ':red_circle:', good: ':large_green_circle:', info: ':small_blue_diamond:' };
const TONE_COLOUR = { alert: 'C0392B', good: '2E7D32', info: '3A5A8C' };

/**
 * The body a webhook of `format` receives for a summarised event. JSON hooks get the event
 * itself (`jsonBody`), built by the caller; Slack and Teams get a message a channel can show.
 */
export function messageBody(format: WebhookFormat, s: EventSummary): string {
  if (format === WebhookFormat.SLACK) {
    const text = `${TONE_EMOJI[s.tone]} ${slackEscape(s.text)} — <${s.link}|${slackEscape(s.linkLabel)}>`;
    return JSON.stringify({ text, unfurl_links: false });
  }
  // Microsoft Teams incoming webhook: a legacy MessageCard (accepted by Teams connectors and Workflows).
  return JSON.stringify({
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: s.text,
    themeColor: TONE_COLOUR[s.tone],
    title: 'Throughline',
    text: s.text,
    potentialAction: [{ '@type': 'OpenUri', name: s.linkLabel, targets: [{ os: 'default', uri: s.link }] }],
  });
}

/** A ping as a person reads it in the channel. */
export function pingSummary(publicUrl: string, hookDescription: string): EventSummary {
  return {
    text: `Test message from Throughline${hookDescription ? ` for “${hookDescription}”` : ''}: this channel will hear about the events you chose.`,
    link: `${publicUrl}/integrations`,
    linkLabel: 'Open Integrations',
    tone: 'info',
  };
}
