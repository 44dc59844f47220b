/** Which home a person gets. */
export type HomeKind = 'executive' | 'department' | 'member';

/**
 * Executives get the enterprise view; anyone who heads a unit gets that unit's dashboard
 * (department before team, so a head of both sees the wider one); everyone else gets "my work".
 */
export function selectHome(viewer: { role: string; heads: { id: string; kind?: string }[] }): {
  kind: HomeKind;
  unitId?: string;
} {
  if (viewer.role === 'EXECUTIVE') return { kind: 'executive' };
  if (viewer.heads.length > 0) {
    const rank = (k?: string) => (k === 'COMPANY' ? 0 : k === 'DEPARTMENT' ? 1 : 2);
    const unit = [...viewer.heads].sort((a, b) => rank(a.kind) - rank(b.kind))[0];
    return { kind: 'department', unitId: unit.id };
  }
  return { kind: 'member' };
}
