/** Someone else on the same plan, and what they are editing (a label such as "Objective “Grow …”"). */
export interface PlanPresent {
  clientId: number;
  name: string;
  color: string;
  editing: string | null;
}

/**
 * Who else has this plan open and what each is editing; `setEditing` tells the others what the
 * viewer is editing now (null when nothing).
 * SEAM (issue 12): this first version knows nobody; the presence part of issue 12 replaces it
 * with the plan's awareness. Keep this signature.
 */
export function usePlanPresence(planId: string | undefined): {
  others: PlanPresent[];
  setEditing: (label: string | null) => void;
} {
  void planId;
  return { others: [], setEditing: () => undefined };
}
