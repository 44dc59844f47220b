const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name an object (and must never reach SQL as a uuid). */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}
