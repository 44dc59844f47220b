import { useMutation } from '@apollo/client/react';
import { LinkObjectiveCauseDocument, PlanMapDocument } from '@throughline/shared/graphql';
import { fieldErrors } from '../graphql/errors';

/** Draws an arrow; resolves to the server's refusal as one sentence, or null when it was drawn. */
export function useDrawArrow() {
  const [link] = useMutation(LinkObjectiveCauseDocument);
  return async (causeId: string, effectId: string): Promise<string | null> => {
    try {
      await link({
        variables: { causeId, effectId },
        refetchQueries: [PlanMapDocument],
        awaitRefetchQueries: true,
      });
      return null;
    } catch (e) {
      return Object.values(fieldErrors(e))[0] ?? 'The arrow could not be drawn.';
    }
  };
}
