import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompanySignIn } from './CompanySignIn';

/** The server's answer to `signInMethods` (the one request this component makes). */
function serverAnswers(companySignIn: { name: string; startPath: string } | null) {
  const fetch = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify({ data: { signInMethods: { companySignIn } } }), { status: 200 }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <CompanySignIn />
    </MemoryRouter>,
  );
}

describe('CompanySignIn', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('links to the server’s start when company sign-in is configured', async () => {
    const fetch = serverAnswers({ name: 'Halden SSO', startPath: '/auth/oidc/start' });
    renderAt('/login');
    const link = await screen.findByRole('link', { name: 'Sign in with Halden SSO' });
    expect(link).toHaveAttribute('href', '/auth/oidc/start');
    expect(fetch).toHaveBeenCalledWith('/graphql', expect.objectContaining({ method: 'POST' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows nothing when it is not configured', async () => {
    const fetch = serverAnswers(null);
    const { container } = renderAt('/login');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(container).toBeEmptyDOMElement();
  });

  it('says why a company sign-in was refused', async () => {
    serverAnswers({ name: 'Halden SSO', startPath: '/auth/oidc/start' });
    renderAt('/login?companySignIn=unverified_email');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your identity provider does not confirm your email address as verified',
    );
    // And offers to try again.
    expect(await screen.findByRole('link', { name: 'Sign in with Halden SSO' })).toBeInTheDocument();
  });

  it('says something sensible for an unknown reason, also when company sign-in is off', async () => {
    serverAnswers(null);
    renderAt('/login?companySignIn=whatever');
    expect(await screen.findByRole('alert')).toHaveTextContent('Company sign-in did not complete.');
  });
});
