/** A unit as the token form needs it. */
export interface ScopeUnit {
  id: string;
  name: string;
  parentId?: string | null;
}

/** A choice of the unit select: the unit, indented by its depth below the top of the list. */
export interface ScopeUnitOption {
  id: string;
  label: string;
  depth: number;
}

/**
 * The units a viewer may limit a new token to, in tree order: executives any unit; unit heads
 * the units they head and everything below them (the server enforces the same rule).
 */
export function scopeUnitOptions(
  units: readonly ScopeUnit[],
  viewer: { role: string; heads: readonly { id: string }[] },
): ScopeUnitOption[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string | null, ScopeUnit[]>();
  for (const u of units) {
    const parent = u.parentId && byId.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: ScopeUnitOption[] = [];
  const seen = new Set<string>();
  const walk = (u: ScopeUnit, depth: number) => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    out.push({ id: u.id, label: u.name, depth });
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  if (viewer.role === 'EXECUTIVE') {
    for (const root of children.get(null) ?? []) walk(root, 0);
    return out;
  }
  const headed = new Set(viewer.heads.map((h) => h.id));
  // Top-most headed units first (a head of a department and of one of its teams gets the department's tree once).
  const tops = units
    .filter((u) => headed.has(u.id))
    .filter((u) => {
      for (
        let p = u.parentId ? byId.get(u.parentId) : undefined;
        p;
        p = p.parentId ? byId.get(p.parentId) : undefined
      )
        if (headed.has(p.id)) return false;
      return true;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const t of tops) walk(t, 0);
  return out;
}

/** The instant a token chosen to expire on `day` (YYYY-MM-DD) stops working: the end of that UTC day. */
export function expiryOfDay(day: string): string {
  return `${day}T23:59:59.999Z`;
}
