/** Topics the alerts module publishes (subject: the alert; unit: the subject's unit). */
export const ALERT_TOPICS = {
  raised: 'alertRaised',
  resolved: 'alertResolved',
  acknowledged: 'alertAcknowledged',
  escalated: 'alertEscalated',
} as const;

/** Every state change of an alert, for `alertChanged`. */
export const ALERT_CHANGE_TOPICS = Object.values(ALERT_TOPICS);
