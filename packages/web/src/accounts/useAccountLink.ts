import { AccountLinkDocument, type AccountLinkQuery } from '@throughline/shared/graphql';
import { useEffect, useState } from 'react';
import { publicRequest } from './public-request';

type Link = AccountLinkQuery['accountLink'];

/** What an invitation or reset link is worth, asked once when its page opens. */
export function useAccountLink(kind: 'INVITATION' | 'PASSWORD_RESET', token: string) {
  const [state, setState] = useState<{ link: Link | null; error: string | null }>({
    link: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    publicRequest(AccountLinkDocument, { kind, token })
      .then((d) => live && setState({ link: d.accountLink, error: null }))
      .catch((e: Error) => live && setState({ link: null, error: e.message }));
    return () => {
      live = false;
    };
  }, [kind, token]);
  return state;
}
