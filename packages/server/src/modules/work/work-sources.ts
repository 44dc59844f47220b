import { actionWork } from './action.work.js';
import { decisionWork } from './decision.work.js';
import { approvalWork } from '../approvals/approval.work.js';
import { checkInWork } from '../checkins/checkin.work.js';
import type { WorkSource } from './work-item.js';
import { proposalsWaiting } from '../planning/negotiation.work.js';

/**
 * Every source of the "what I must do" list, in the order the list shows their kinds when due dates
 * are equal. A module that makes someone wait adds its source here (one import, one entry).
 */
export const WORK_SOURCES: WorkSource[] = [
  checkInWork,
  actionWork,
  decisionWork,
  proposalsWaiting,
  approvalWork,
];
