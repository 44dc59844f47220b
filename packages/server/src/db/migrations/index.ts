import { ApprovalRulesAndChangeRequests1795911070949 } from './1795911070949-ApprovalRulesAndChangeRequests.js';
import { Catchball1795910930220 } from './1795910930220-Catchball.js';
import { CheckIns1795910931026 } from './1795910931026-CheckIns.js';
import { PreReads1795899348647 } from './1795899348647-PreReads.js';
import { AlertEscalationAndNotes1795899229195 } from './1795899229195-AlertEscalationAndNotes.js';
import { DecisionSupersession1795899260593 } from './1795899260593-DecisionSupersession.js';
import { AddNotifications1795899196073 } from './1795899196073-AddNotifications.js';
import { ReviewRhythmsAndCancellations1795899521851 } from './1795899521851-ReviewRhythmsAndCancellations.js';
import { StrategicReserve1795887465924 } from './1795887465924-StrategicReserve.js';
import { ObjectiveCauseLinks1795887607822 } from './1795887607822-ObjectiveCauseLinks.js';
import { SecurityLog1795875761152 } from './1795875761152-SecurityLog.js';
import { BrowserSessions1795875763600 } from './1795875763600-BrowserSessions.js';
import { AccountTokens1795875935760 } from './1795875935760-AccountTokens.js';
import { PartnerTokenScopesAndUse1795865694538 } from './1795865694538-PartnerTokenScopesAndUse.js';
import { WebhookScopesFormatsAndLog1795865556412 } from './1795865556412-WebhookScopesFormatsAndLog.js';
import { LoginThrottle1795857875961 } from './1795857875961-LoginThrottle.js';
import { LiveReviews1795271957388 } from './1795271957388-LiveReviews.js';
import { AlertsAndWebhooks1795271927985 } from './1795271927985-AlertsAndWebhooks.js';
import { Collaboration1795271683060 } from './1795271683060-Collaboration.js';
import { InitialStrategyGraph1795270997772 } from './1795270997772-InitialStrategyGraph.js';
/** Every migration, oldest first. `pnpm migration:generate <Name>` appends here. */
export const migrations: Function[] = [
  InitialStrategyGraph1795270997772,
  Collaboration1795271683060,
  AlertsAndWebhooks1795271927985,
  LiveReviews1795271957388,
  LoginThrottle1795857875961,
  PartnerTokenScopesAndUse1795865694538,
  WebhookScopesFormatsAndLog1795865556412,
  SecurityLog1795875761152,
  BrowserSessions1795875763600,
  AccountTokens1795875935760,
  StrategicReserve1795887465924,
  ObjectiveCauseLinks1795887607822,
  AddNotifications1795899196073,
  AlertEscalationAndNotes1795899229195,
  DecisionSupersession1795899260593,
  PreReads1795899348647,
  ReviewRhythmsAndCancellations1795899521851,
  Catchball1795910930220,
  CheckIns1795910931026,
  ApprovalRulesAndChangeRequests1795911070949,
  // (generated entries are appended above this line)
];
