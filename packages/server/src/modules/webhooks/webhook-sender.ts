import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { AllowList, checkedAddress, RefusedAddressError, Resolve, systemResolve } from './address-guard.js';

/** What one attempt produced, as the delivery log keeps it. */
export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  /** The first 500 characters of the response body. */
  responseExcerpt: string | null;
  /** Null when the receiver answered 2xx. */
  error: string | null;
}

export const RESPONSE_EXCERPT_CHARS = 500;
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOptions {
  allow: AllowList;
  /** DNS resolution (tests pass a stub); called once per attempt. */
  resolve?: Resolve;
  timeoutMs: number;
}

/**
 * POSTs one webhook body. The host is resolved here, every address checked, and the socket
 * connects to that checked address (a `lookup` that answers it, so nothing resolves twice and a
 * DNS change between check and connect cannot redirect the request). Redirects are not followed:
 * a 3xx is a failed attempt. A refused address fails the attempt before any connection is made.
 */
export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: SendOptions,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  let target: URL;
  let pinned: { address: string; family: number };
  try {
    target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new RefusedAddressError('not http(s)');
    pinned = await checkedAddress(target, opts.allow, opts.resolve ?? systemResolve);
  } catch (e) {
    const msg = e instanceof RefusedAddressError ? e.message : `could not resolve: ${(e as Error).message}`;
    return { statusCode: null, latencyMs: latency(), responseExcerpt: null, error: msg.slice(0, 500) };
  }
  const lookup: LookupFunction = (_host, options, cb) => {
    const all = typeof options === 'object' && (options as { all?: boolean }).all;
    if (all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    // The whole attempt has one deadline (the socket's idle timeout alone would let a receiver trickle forever).
    const deadline = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    const done = (o: Omit<AttemptOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...o, latencyMs: latency() });
    };
    const req = request(
      target,
      {
        method: 'POST',
        lookup,
        agent: false,
        timeout: opts.timeoutMs,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          const excerpt = text ? text.slice(0, RESPONSE_EXCERPT_CHARS) : null;
          let error: string | null = null;
          if (status >= 300 && status < 400)
            error = `HTTP ${status}: redirects are not followed (deliver to the final URL)`;
          else if (status < 200 || status >= 300) error = `HTTP ${status}`;
          done({ statusCode: status, responseExcerpt: excerpt, error });
        };
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          // Enough for the log: stop reading a long answer (the status is known already).
          if (size >= MAX_RESPONSE_BYTES) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', (e) => done({ statusCode: status(res), responseExcerpt: null, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (e) =>
      done({ statusCode: null, responseExcerpt: null, error: String(e.message ?? e).slice(0, 500) }),
    );
    req.end(body);
  });
}

const status = (res: IncomingMessage) => res.statusCode ?? null;
