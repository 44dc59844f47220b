import { describe, expect, it } from 'vitest';
import { isForeignRequest } from './request-origin.js';

const PUBLIC = 'https://app.example.com';

describe('isForeignRequest', () => {
  it.each([
    ['our public origin', { origin: 'https://app.example.com', host: 'internal:4000' }, false],
    ['the host being served (dev proxy)', { origin: 'http://localhost:5173', host: 'localhost:5173' }, false],
    ['a script without Origin or Sec-Fetch-Site', { host: 'app.example.com' }, false],
    ['a same-origin GET without Origin', { host: 'app.example.com', 'sec-fetch-site': 'same-origin' }, false],
    ['a typed address', { 'sec-fetch-site': 'none' }, false],
    ['another site', { origin: 'https://evil.example', host: 'app.example.com' }, true],
    ['another port of our host', { origin: 'https://app.example.com:8443', host: 'app.example.com' }, true],
    ['a sandboxed page (Origin: null)', { origin: 'null', host: 'app.example.com' }, true],
    ['a malformed Origin', { origin: 'not a url', host: 'app.example.com' }, true],
    [
      'a cross-site request without Origin',
      { host: 'app.example.com', 'sec-fetch-site': 'cross-site' },
      true,
    ],
    ['a sibling subdomain without Origin', { host: 'app.example.com', 'sec-fetch-site': 'same-site' }, true],
  ])('%s', (_what, headers, foreign) => {
    expect(isForeignRequest(headers, PUBLIC)).toBe(foreign);
  });
});
