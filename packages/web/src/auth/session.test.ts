import { describe, expect, it } from 'vitest';
import { fetchSignedInPerson, requestSignIn } from './session';

/** A fetch that answers one JSON body and records what it was asked. */
function fakeFetch(body: unknown, status = 200) {
  const calls: RequestInit[] = [];
  const f = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('the browser session (HttpOnly cookie, asked of the server)', () => {
  it('learns who is signed in from the server, sending the cookie and no token', async () => {
    const person = { id: 'p1', name: 'Ada', email: 'ada@x.test' };
    const { f, calls } = fakeFetch({ data: { viewer: person } });
    expect(await fetchSignedInPerson(f)).toEqual(person);
    expect(calls[0].credentials).toBe('same-origin');
    expect(JSON.stringify(calls[0].headers)).not.toMatch(/authorization/i);
  });

  it('answers null when the cookie signs in nobody, and throws on other failures', async () => {
    const none = fakeFetch({
      errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(await fetchSignedInPerson(none.f)).toBeNull();
    const broken = fakeFetch(
      { errors: [{ message: 'Database down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
      503,
    );
    await expect(fetchSignedInPerson(broken.f)).rejects.toThrow('Database down');
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(fetchSignedInPerson(offline)).rejects.toThrow(/cannot be reached/);
  });

  it('signs in with signIn (the server sets the cookie) and keeps nothing in storage', async () => {
    const person = { id: 'p1', name: 'Ada', email: 'ada@x.test' };
    const { f, calls } = fakeFetch({ data: { signIn: person } });
    expect(await requestSignIn('ada@x.test', 'pw', f)).toEqual(person);
    expect(String(calls[0].body)).toContain('signIn(');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    const wrong = fakeFetch({ errors: [{ message: 'Wrong email or password.' }] });
    await expect(requestSignIn('ada@x.test', 'nope', wrong.f)).rejects.toThrow('Wrong email or password.');
  });
});
