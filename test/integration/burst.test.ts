import { afterAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalHandle, type StoredMail } from '../support/local';
import { api, calendarOf, cancelLinkIn, cancelThroughLink, createApiKey, mails, publishedWorkshop, registerJson, roster } from '../support/hearth';

/**
 * The hardest case of registration: a burst of concurrent registrations on a small workshop,
 * repeats of the same emails among them, then cancellations through the mailed links. Run once on
 * a plain runtime and once with the chaos switches on (duplicate deliveries, failed attempts
 * before and after the handler ran, and failed DynamoDB calls): the outcome must be the same.
 * Every answer is 202 "received", whatever happened, so the outcome is read where it shows: the
 * organizer API's roster and the mails.
 */
const CAPACITY = 20;
const DISTINCT = 300;
const REPEATS = 20;
/** All of it comes from one client (this process): its limit is raised out of the way. */
const RUNTIME_ENV = { HEARTH_REGISTRATION_LIMIT_PER_CLIENT: '100000', HEARTH_CHAOS_DYNAMODB: '0.1' };

const to = (mail: StoredMail) => mail.destination.to[0]!;
const CONFIRMED = 'Your place is confirmed';
const WAITLISTED = 'You are on the waitlist';
const DETAILS = ['You already have a place', 'You are already on the waitlist'];

const scenario = (name: string, options: Parameters<typeof startLocal>[0]) =>
  describe(name, () => {
    let hearth: LocalHandle;
    afterAll(async () => {
      await hearth?.stop();
    });

    it(`${DISTINCT} concurrent registrations plus ${REPEATS} repeats: ${CAPACITY} confirmed, the rest waitlisted 1..${DISTINCT - CAPACITY}, one outcome mail each`, async () => {
      hearth = await startLocal({ ...options, env: { ...RUNTIME_ENV, ...options?.env } });
      const key = await createApiKey(hearth);
      const workshop = await publishedWorkshop(hearth, key, { capacity: CAPACITY, waitlist: true });
      const emails = Array.from({ length: DISTINCT }, (_, i) => `member${i}@example.org`);
      const repeats = Array.from({ length: REPEATS }, (_, i) => emails[(i * 37) % DISTINCT]!.toUpperCase());

      const responses = await Promise.all([...emails, ...repeats].map((email) => registerJson(hearth, workshop.id, email)));
      const failures = responses.filter((response) => response.status >= 500);
      const failureLog = hearth.output().split('\n').filter((line) => /failed|did not answer/.test(line)).slice(-15).join('\n');
      expect(failures.map((response) => response.status), failureLog).toEqual([]);
      // The same answer for every request, new address or repeat.
      expect(new Set(responses.map((response) => `${response.status} ${response.text}`))).toEqual(new Set(['202 {"status":"received"}']));

      const lines = await roster(hearth, key, workshop.id);
      expect(lines).toHaveLength(DISTINCT);
      expect(new Set(lines.map((line) => line.email))).toEqual(new Set(emails));
      expect(lines.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
      const positions = lines.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a! - b!);
      expect(positions).toEqual(Array.from({ length: DISTINCT - CAPACITY }, (_, i) => i + 1));

      await hearth.waitForIdle(240_000);
      const all = await mails(hearth);
      const confirmations = all.filter((mail) => mail.subject === CONFIRMED);
      expect(confirmations).toHaveLength(CAPACITY);
      expect(confirmations.every((mail) => calendarOf(mail))).toBe(true);
      expect(new Set(confirmations.map(to))).toEqual(new Set(lines.filter((r) => r.status === 'confirmed').map((r) => r.email)));
      const waitlisted = all.filter((mail) => mail.subject === WAITLISTED);
      expect(waitlisted).toHaveLength(DISTINCT - CAPACITY);
      expect(new Set(waitlisted.map(to))).toEqual(new Set(lines.filter((r) => r.status === 'waitlisted').map((r) => r.email)));
      // Each waitlist mail gives the position the roster shows.
      const positionOf = new Map(lines.map((line) => [line.email, line.waitlistPosition]));
      for (const mail of waitlisted) expect(mail.body.text, to(mail)).toContain(`You are number ${positionOf.get(to(mail))} on the waitlist.`);
      // A repeat sends at most one mail with what the address already has, and only to its own address.
      const details = all.filter((mail) => DETAILS.includes(mail.subject));
      const repeated = new Set(repeats.map((email) => email.toLowerCase()));
      expect(details.length).toBeLessThanOrEqual(REPEATS);
      expect(details.every((mail) => repeated.has(to(mail)))).toBe(true);
      expect(new Set(details.map(to)).size).toBe(details.length);
      expect(all).toHaveLength(DISTINCT + details.length);
      expect((await hearth.bus()).deadLetters).toEqual([]);

      // Five confirmed members cancel through the link in their mail: the five earliest waitlisted move up.
      const confirmedEmails = lines.filter((r) => r.status === 'confirmed').slice(0, 5).map((r) => r.email);
      const earliest = lines
        .filter((r) => r.status === 'waitlisted')
        .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
        .slice(0, 5)
        .map((r) => r.email);
      for (const email of confirmedEmails) {
        const mail = all.find((m) => to(m) === email && m.subject === CONFIRMED)!;
        expect((await cancelThroughLink(hearth, cancelLinkIn(mail))).status).toBe(200);
      }
      await hearth.waitForIdle(240_000);
      const after = await roster(hearth, key, workshop.id);
      expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
      expect(after.filter((r) => r.status === 'confirmed').map((r) => r.email)).toEqual(expect.arrayContaining(earliest));
      expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: DISTINCT - CAPACITY - 5 }, (_, i) => i + 1),
      );
      const finalMails = await mails(hearth);
      const outcomes = (email: string) => finalMails.filter((m) => to(m) === email && !DETAILS.includes(m.subject));
      for (const email of earliest) {
        // The waitlist notice, then the confirmation with the calendar file.
        expect(outcomes(email).map((m) => m.subject).sort()).toEqual([WAITLISTED, CONFIRMED].sort());
        expect(outcomes(email).filter((m) => calendarOf(m))).toHaveLength(1);
      }
      for (const email of confirmedEmails) {
        expect(outcomes(email)).toHaveLength(2); // confirmation, cancellation receipt
      }
      expect(finalMails).toHaveLength(DISTINCT + details.length + 10);
      expect((await hearth.bus()).deadLetters).toEqual([]);
    }, 600_000);

    it('fan-out mails (reschedule, then cancel) reach each active registrant exactly once', async () => {
      const key = await createApiKey(hearth);
      const workshop = await publishedWorkshop(hearth, key, { capacity: 6, waitlist: true });
      const people = Array.from({ length: 10 }, (_, i) => `fan${i}@example.org`);
      for (const email of people) expect((await registerJson(hearth, workshop.id, email)).status).toBe(202);
      const statusOf = new Map((await roster(hearth, key, workshop.id)).map((line) => [line.email, line.status]));
      expect(people.map((email) => statusOf.get(email))).toEqual([...Array(6).fill('confirmed'), ...Array(4).fill('waitlisted')]);
      const later = new Date(Date.parse(workshop.startsAt) + 2 * 3600 * 1000);
      const moved = await api(hearth, 'PATCH', `/api/organizer/workshops/${workshop.id}`, { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3600 * 1000).toISOString() }, key);
      expect(moved.status).toBe(200);
      await hearth.waitForIdle(120_000);
      expect((await api(hearth, 'POST', `/api/organizer/workshops/${workshop.id}/cancel`, { message: 'Sorry.' }, key)).status).toBe(200);
      await hearth.waitForIdle(120_000);
      const all = await mails(hearth);
      for (const email of people) {
        const theirs = all.filter((mail) => mail.destination.to[0] === email);
        expect(theirs, email).toHaveLength(3); // registration, change, cancellation
        const calendars = theirs.map((mail) => calendarOf(mail)).filter(Boolean);
        // Confirmed people get a calendar file each time; waitlisted people never do.
        expect(calendars.length, email).toBe(people.indexOf(email) < 6 ? 3 : 0);
      }
      expect((await hearth.bus()).deadLetters).toEqual([]);
    }, 300_000);
  });

scenario('registration burst', {});
scenario('registration burst with chaos (HEARTH_CHAOS_DUPLICATE=0.5, HEARTH_CHAOS_FAILURE=0.2)', { chaosDuplicate: 0.5, chaosFailure: 0.2 });
