import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { TypedDocumentNode } from '@apollo/client';
import { print } from 'graphql';

/**
 * Sends one operation without a session (the invitation, reset and forgot-password pages are
 * open to anyone holding the link). Server errors are thrown as Apollo's CombinedGraphQLErrors,
 * so `useForm` shows them by field as in every other form.
 */
export async function publicRequest<TData, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
): Promise<TData> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ query: print(doc), variables }),
    });
  } catch {
    throw new Error('The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => null)) as { data?: TData; errors?: never[] } | null;
  if (body?.errors?.length) throw new CombinedGraphQLErrors(body);
  if (!body?.data) throw new Error(`The server answered HTTP ${res.status}. Try again in a moment.`);
  return body.data;
}
