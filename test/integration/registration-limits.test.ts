import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockNow, setClock } from '../support/clock';
import { createApiKey, form, mailsTo, publishedWorkshop, registerForm, registerJson, registeredLine, roster, shownForm } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * The abuse limits of registration, with small limits and the default minimum fill time (3 s).
 * Windows are fixed 10-minute windows on the runtime's clock: each test moves the clock to the start
 * of a window at least 10 minutes on, so it has a whole window of its own however slow the machine
 * (the clock only moves forward: the tests run in order).
 */
const PER_CLIENT = 12;
const PER_ADDRESS = 3;
let hearth: LocalHandle;
let key: string;

beforeAll(async () => {
  hearth = await startLocal({
    env: { HEARTH_REGISTRATION_LIMIT_PER_CLIENT: String(PER_CLIENT), HEARTH_REGISTRATION_LIMIT_PER_ADDRESS: String(PER_ADDRESS) },
  });
  key = await createApiKey(hearth);
});

afterAll(async () => {
  await hearth?.stop();
});

const laterBy = async (ms: number) => setClock(hearth, new Date(Date.parse(await clockNow(hearth)) + ms).toISOString());
const WINDOW_MS = 10 * 60 * 1000;
/**
 * One second into a window that starts at least 10 minutes from now: the repeat-mail interval has
 * passed, and the test has a whole window (a test that began near a window's end would otherwise
 * see its counts reset halfway, as CI once did).
 */
const nextWindow = async () => {
  const now = Date.parse(await clockNow(hearth));
  await setClock(hearth, new Date((Math.floor(now / WINDOW_MS) + 2) * WINDOW_MS + 1000).toISOString());
};
const answer = async (workshopId: string, email: string) => {
  const response = await registerJson(hearth, workshopId, email);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: response.text };
};

describe('registration limits', () => {
  it(`per address: ${PER_ADDRESS} requests per 10 minutes, then the same 429 with Retry-After for a known address and an unknown one`, async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const other = await publishedWorkshop(hearth, key, { capacity: 5 });
    await registeredLine(hearth, key, workshop.id, 'known@example.org', 'confirmed');
    // Across workshops: the address is counted, not the registration.
    for (let i = 1; i < PER_ADDRESS; i++) expect((await answer(other.id, 'Known@example.org')).status).toBe(202);
    for (let i = 0; i < PER_ADDRESS; i++) expect((await answer(workshop.id, 'stranger@example.org')).status).toBe(202);

    const known = await answer(workshop.id, 'known@example.org');
    const unknown = await answer(workshop.id, 'stranger@example.org');
    expect(known.status).toBe(429);
    expect(unknown.status).toBe(429);
    expect(known.body).toBe(unknown.body);
    expect(JSON.parse(known.body)).toEqual({ error: { message: expect.stringMatching(/too many registration requests/) } });
    for (const seconds of [Number(known.retryAfter), Number(unknown.retryAfter)]) {
      expect(Number.isInteger(seconds)).toBe(true);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(600);
    }
    // Refused means refused: nothing was stored for the stranger past the limit, and another
    // address from the same client still gets through.
    expect((await roster(hearth, key, workshop.id)).map((line) => line.email).sort()).toEqual(['known@example.org', 'stranger@example.org']);
    expect((await answer(workshop.id, 'someone-else@example.org')).status).toBe(202);

    // The form answers a plain page with the same header.
    const page = await registerForm(hearth, workshop.id, { email: 'stranger@example.org', consent: 'true' });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(page.html).toContain('too many registration requests');

    // A new window, a new count.
    await nextWindow();
    expect((await answer(workshop.id, 'stranger@example.org')).status).toBe(202);
  });

  it(`per client: ${PER_CLIENT} requests per 10 minutes, whatever the addresses, then 429`, async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 30 });
    for (let i = 0; i < PER_CLIENT; i++) expect((await answer(workshop.id, `crowd${i}@example.org`)).status).toBe(202);
    const refused = await answer(workshop.id, 'one-more@example.org');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(await roster(hearth, key, workshop.id)).toHaveLength(PER_CLIENT);
    await nextWindow();
    expect((await answer(workshop.id, 'one-more@example.org')).status).toBe(202);
  });
});

describe('the form against scripts', () => {
  it('a form sent sooner than the minimum fill time gets the same page, and nothing is stored or sent', async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const fast = await registerForm(hearth, workshop.id, { email: 'fast@example.org', consent: 'true' });
    const stamp = await shownForm(hearth, workshop.id);
    await laterBy(5_000); // a person takes a few seconds to fill it in
    const person = await registerForm(hearth, workshop.id, { email: 'person@example.org', consent: 'true' }, stamp);
    expect(fast.status).toBe(200);
    expect(fast.html.replace('fast@example.org', 'ADDRESS')).toBe(person.html.replace('person@example.org', 'ADDRESS'));
    expect((await roster(hearth, key, workshop.id)).map((line) => line.email)).toEqual(['person@example.org']);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'fast@example.org')).toEqual([]);
    expect(await mailsTo(hearth, 'person@example.org')).toHaveLength(1);
  });

  it('a filled honeypot, or a missing or forged stamp, gets the same page, and nothing is stored or sent', async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const stamp = await shownForm(hearth, workshop.id);
    await laterBy(5_000);
    const reference = await registerForm(hearth, workshop.id, { email: 'real@example.org', consent: 'true' }, stamp);
    const same = (html: string, email: string) => expect(html.replace(email, 'real@example.org')).toBe(reference.html);

    const honeypot = await registerForm(hearth, workshop.id, { email: 'pot@example.org', consent: 'true', website: 'https://spam.example' }, stamp);
    same(honeypot.html, 'pot@example.org');
    const unstamped = await form(hearth, `/workshops/${workshop.id}/register`, { email: 'nostamp@example.org', consent: 'true', website: '' });
    same(unstamped.html, 'nostamp@example.org');
    const [body] = stamp.split('.');
    const forged = await registerForm(hearth, workshop.id, { email: 'forged@example.org', consent: 'true' }, `${body}.AAAA`);
    same(forged.html, 'forged@example.org');
    const otherWorkshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const elsewhere = await registerForm(hearth, workshop.id, { email: 'elsewhere@example.org', consent: 'true' }, await shownForm(hearth, otherWorkshop.id));
    same(elsewhere.html, 'elsewhere@example.org');

    expect((await roster(hearth, key, workshop.id)).map((line) => line.email)).toEqual(['real@example.org']);
    await hearth.waitForIdle();
    for (const email of ['pot@example.org', 'nostamp@example.org', 'forged@example.org', 'elsewhere@example.org']) expect(await mailsTo(hearth, email)).toEqual([]);
  });

  it('a form open for more than a day is shown again with what was typed, to be sent again', async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const stamp = await shownForm(hearth, workshop.id);
    await laterBy(24 * 3600 * 1000 + 60_000);
    const stale = await registerForm(hearth, workshop.id, { email: 'slow@example.org', consent: 'true', displayName: 'Sol' }, stamp);
    expect(stale.status).toBe(400);
    expect(stale.html).toContain('This page was open for more than a day');
    expect(stale.html).toContain('value="Sol"');
    expect(await roster(hearth, key, workshop.id)).toEqual([]);
    // The page carries a fresh stamp: sent again a few seconds later, it goes through.
    const fresh = /name="shownAt" value="([^"]+)"/.exec(stale.html)![1]!.replace(/&amp;/g, '&');
    await laterBy(5_000);
    const again = await registerForm(hearth, workshop.id, { email: 'slow@example.org', consent: 'true', displayName: 'Sol' }, fresh);
    expect(again.status).toBe(200);
    expect((await roster(hearth, key, workshop.id)).map((line) => line.email)).toEqual(['slow@example.org']);
  });
});

describe('mails for repeats', () => {
  it('at most one "you already have a place" per address and workshop per 10 minutes, with the current details', async () => {
    await nextWindow();
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    await registeredLine(hearth, key, workshop.id, 'again@example.org', 'confirmed');
    expect((await answer(workshop.id, 'again@example.org')).status).toBe(202);
    expect((await answer(workshop.id, 'AGAIN@example.org')).status).toBe(202);
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, 'again@example.org', 'You already have a place')).length).toBe(1);

    await nextWindow();
    expect((await answer(workshop.id, 'again@example.org')).status).toBe(202);
    await hearth.waitForIdle();
    const details = await mailsTo(hearth, 'again@example.org', 'You already have a place');
    expect(details).toHaveLength(2);
    expect(await mailsTo(hearth, 'again@example.org', 'Your place is confirmed')).toHaveLength(1);
    expect(details[1]!.body.text).toContain('https://meet.example.org/secret-room');
    expect((await hearth.bus()).deadLetters).toEqual([]);
  });
});
