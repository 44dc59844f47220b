import { companySignInMessage } from '@throughline/shared';
import { SignInMethodsDocument, type SignInMethodsQuery } from '@throughline/shared/graphql';
import { print } from 'graphql';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import './company-sign-in.css';

type CompanySignInMethod = NonNullable<SignInMethodsQuery['signInMethods']['companySignIn']>;

/** Asks the server whether company sign-in is configured (a public query; no session yet). */
async function fetchCompanySignIn(signal: AbortSignal): Promise<CompanySignInMethod | null> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(SignInMethodsDocument) }),
    signal,
  });
  const body = (await res.json()) as { data?: SignInMethodsQuery };
  return body.data?.signInMethods.companySignIn ?? null;
}

/**
 * Above the sign-in form: "Sign in with <company>" when company sign-in (OpenID Connect) is
 * configured — a plain link, the server sends the browser to the identity provider — and, after
 * a refused company sign-in (`?companySignIn=<reason>`), the sentence that says why.
 */
export function CompanySignIn() {
  const [params] = useSearchParams();
  const reason = params.get('companySignIn');
  const [method, setMethod] = useState<CompanySignInMethod | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    // Without an answer the form alone is shown: password sign-in always works.
    fetchCompanySignIn(ctl.signal).then(setMethod, () => undefined);
    return () => ctl.abort();
  }, []);

  if (!method && !reason) return null;
  return (
    <div className="company-sign-in">
      {reason && (
        <div className="banner banner-error" role="alert">
          {companySignInMessage(reason)}
        </div>
      )}
      {method && (
        <>
          <a className="btn company-sign-in-button" href={method.startPath}>
            Sign in with {method.name}
          </a>
          <div className="company-sign-in-or small faint" aria-hidden="true">
            or with your email and password
          </div>
        </>
      )}
    </div>
  );
}
