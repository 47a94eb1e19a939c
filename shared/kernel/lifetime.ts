/**
 * The lifetime of a sign-in link or a session, as stored on its item: reads check `validUntil`
 * (milliseconds), and DynamoDB's TTL (`expiresAt`, seconds) removes the item a day after it lapsed,
 * since TTL deletes late and is never what decides whether the item still works.
 */
export const lifetime = (at: Date, ttlMs: number): { validUntil: number; expiresAt: number } => {
  const validUntil = at.getTime() + ttlMs;
  return { validUntil, expiresAt: Math.floor(validUntil / 1000) + 24 * 3600 };
};
