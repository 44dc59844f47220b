import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useCoalescedRefetch } from './useCoalescedRefetch';

describe('useCoalescedRefetch', () => {
  it('runs one read at a time and one more after a burst, however long', async () => {
    const pending: (() => void)[] = [];
    let calls = 0;
    const refetch = () => {
      calls++;
      return new Promise<void>((resolve) => pending.push(resolve));
    };
    const { result } = renderHook(() => useCoalescedRefetch(refetch));
    act(() => result.current());
    expect(calls).toBe(1);
    // Ten changes arrive while the first read is in flight: no read starts meanwhile.
    for (let i = 0; i < 10; i++) act(() => result.current());
    expect(calls).toBe(1);
    await act(async () => pending.shift()!());
    // …then exactly one more, which reads what those ten changed.
    expect(calls).toBe(2);
    await act(async () => pending.shift()!());
    expect(calls).toBe(2);
    // Idle again: the next change reads at once.
    act(() => result.current());
    expect(calls).toBe(3);
  });
  it('keeps going after a failed read', async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      useCoalescedRefetch(() => {
        calls++;
        return Promise.reject(new Error('network'));
      }),
    );
    await act(async () => result.current());
    await act(async () => result.current());
    expect(calls).toBe(2);
  });
});
