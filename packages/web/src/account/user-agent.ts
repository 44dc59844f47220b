import { browserOnSystem } from '../ui/user-agent';

/**
 * A session's device in words, from its User-Agent: "Chrome on macOS", "Safari on iPhone",
 * "Script (curl)". Only for recognising one's own sessions; never for a decision.
 */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = browserOnSystem(ua);
  if (browser) return browser;
  const tool = /^([A-Za-z][\w.-]*)\//.exec(ua)?.[1];
  return tool ? `Script (${tool})` : 'Unknown device';
}
