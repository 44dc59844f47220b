import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { approvalRequired } from './approval-error';
import { approversInWords, STATUS } from './status';

describe('approvals on the web', () => {
  it('recognises the APPROVAL_REQUIRED refusal and nothing else', () => {
    const refusal = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'Needs the approval of Ingrid Halvorsen or an executive.',
          extensions: { code: 'APPROVAL_REQUIRED', field: 'input.target', approvers: ['Ingrid Halvorsen'] },
        },
      ],
    });
    expect(approvalRequired(refusal)).toEqual({
      message: 'Needs the approval of Ingrid Halvorsen or an executive.',
    });
    const other = new CombinedGraphQLErrors({
      errors: [{ message: 'Stale', extensions: { code: 'CONFLICT', field: 'version' } }],
    });
    expect(approvalRequired(other)).toBeNull();
    expect(approvalRequired(new Error('offline'))).toBeNull();
  });

  it('names the approvers, executives always among them', () => {
    expect(approversInWords([])).toBe('an executive');
    expect(approversInWords(['Ingrid Halvorsen'])).toBe('Ingrid Halvorsen or an executive');
    expect(approversInWords(['A', 'B'])).toBe('A, B or an executive');
  });

  it('labels every status', () => {
    expect(Object.keys(STATUS).sort()).toEqual(['APPROVED', 'OUTDATED', 'PENDING', 'REJECTED', 'WITHDRAWN']);
    expect(STATUS.OUTDATED.label).toBe('Not applied');
  });
});
