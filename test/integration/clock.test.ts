import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockNow, postClock } from '../support/clock';
import { api, createApiKey, publishedWorkshop, registerJson, workshopInput } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * One clock: every handler reads the time from shared/clock.ts, and the local runtime moves it
 * with POST /dev/clock (forward only), so time-driven behaviour is testable without waiting.
 */
let hearth: LocalHandle;
let key: string;

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
});

afterAll(async () => {
  await hearth?.stop();
});

describe('the local clock', () => {
  it('moves forward, and every handler sees the new time', async () => {
    const workshop = await publishedWorkshop(hearth, key);
    expect((await api(hearth, 'GET', '/api/workshops')).json.workshops.map((w: { id: string }) => w.id)).toContain(workshop.id);

    const justAfterStart = new Date(Date.parse(workshop.startsAt) + 60_000).toISOString();
    const moved = await postClock(hearth, { set: justAfterStart });
    expect(moved.status).toBe(200);
    // The clock goes on ticking from the instant it was set to.
    const answered = Date.parse(((await moved.json()) as { now: string }).now);
    expect(answered).toBeGreaterThanOrEqual(Date.parse(justAfterStart));
    expect(answered).toBeLessThan(Date.parse(justAfterStart) + 5_000);
    expect(Date.parse(await clockNow(hearth))).toBeGreaterThanOrEqual(Date.parse(justAfterStart));

    // The workshop has started as far as Hearth knows: off the public list, closed for registration.
    expect((await api(hearth, 'GET', '/api/workshops')).json.workshops.map((w: { id: string }) => w.id)).not.toContain(workshop.id);
    const late = await registerJson(hearth, workshop.id, 'late@example.org');
    expect(late.status).toBe(409);
    expect(late.json.error.message).toMatch(/already started/);
    // A workshop "in two days" by the machine's clock is in the past by Hearth's.
    const stale = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), key);
    expect(stale.status).toBe(400);
    expect(stale.json.error.fields.startsAt).toMatch(/future/);
  });

  it('refuses to move backwards, and refuses what is not an instant, with 400', async () => {
    const before = await clockNow(hearth);
    const back = await postClock(hearth, { set: '2020-01-01T00:00:00Z' });
    expect(back.status).toBe(400);
    expect(((await back.json()) as { message: string }).message).toMatch(/forward/);
    for (const body of ['{"set":', { set: 'tomorrow' }, { set: '2030-01-01T10:00:00' }, {}]) {
      expect((await postClock(hearth, body)).status).toBe(400);
    }
    const after = await clockNow(hearth);
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(60_000);
  });
});
