import { afterAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalHandle } from '../support/local';
import { api, calendarOf, cancelLinkIn, cancelThroughLink, createApiKey, mails, publishedWorkshop, registerJson } from '../support/hearth';

/**
 * The hardest case of registration: a burst of concurrent registrations on a small workshop,
 * repeats of the same emails among them, then cancellations through the mailed links. Run once on
 * a plain runtime and once with the chaos switches on (duplicate deliveries, failed attempts
 * before and after the handler ran): the outcome must be the same.
 */
const CAPACITY = 20;
const DISTINCT = 300;
const REPEATS = 20;

const scenario = (name: string, options: Parameters<typeof startLocal>[0]) =>
  describe(name, () => {
    let hearth: LocalHandle;
    afterAll(async () => {
      await hearth?.stop();
    });

    it(`${DISTINCT} concurrent registrations plus ${REPEATS} repeats: ${CAPACITY} confirmed, the rest waitlisted 1..${DISTINCT - CAPACITY}, one mail each`, async () => {
      hearth = await startLocal(options);
      const key = await createApiKey(hearth);
      const workshop = await publishedWorkshop(hearth, key, { capacity: CAPACITY, waitlist: true });
      const emails = Array.from({ length: DISTINCT }, (_, i) => `member${i}@example.org`);
      const repeats = Array.from({ length: REPEATS }, (_, i) => emails[(i * 37) % DISTINCT]!.toUpperCase());

      const responses = await Promise.all([...emails, ...repeats].map((email) => registerJson(hearth, workshop.id, email).then((response) => ({ email: email.toLowerCase(), response }))));
      const failures = responses.filter(({ response }) => response.status >= 500);
      const failureLog = hearth.output().split('\n').filter((line) => /failed|did not answer/.test(line)).slice(-15).join('\n');
      expect(failures.map(({ response }) => response.status), failureLog).toEqual([]);
      expect(responses.filter(({ response }) => response.status === 201)).toHaveLength(DISTINCT);
      expect(responses.filter(({ response }) => response.status === 200)).toHaveLength(REPEATS);
      // Every answer for the same email names the same registration.
      const idsByEmail = new Map<string, Set<string>>();
      for (const { email, response } of responses) idsByEmail.set(email, (idsByEmail.get(email) ?? new Set()).add(response.json.id));
      expect([...idsByEmail.values()].every((ids) => ids.size === 1)).toBe(true);

      const created = responses.filter(({ response }) => response.status === 201).map(({ response }) => response.json);
      expect(created.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
      const positions = created.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: DISTINCT - CAPACITY }, (_, i) => i + 1));

      const roster = (await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key)).json.registrations as {
        id: string;
        email: string;
        status: string;
        waitlistPosition: number | null;
      }[];
      expect(roster).toHaveLength(DISTINCT);
      expect(roster.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
      expect(roster.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(positions);

      await hearth.waitForIdle(240_000);
      const all = await mails(hearth);
      const confirmations = all.filter((mail) => calendarOf(mail));
      expect(confirmations).toHaveLength(CAPACITY);
      expect(new Set(confirmations.map((mail) => mail.destination.to[0])).size).toBe(CAPACITY);
      const perAddress = new Map<string, number>();
      for (const mail of all) perAddress.set(mail.destination.to[0]!, (perAddress.get(mail.destination.to[0]!) ?? 0) + 1);
      expect([...perAddress.values()].every((count) => count === 1)).toBe(true);
      expect(perAddress.size).toBe(DISTINCT);
      expect((await hearth.bus()).deadLetters).toEqual([]);

      // Five confirmed members cancel through the link in their mail: the five earliest waitlisted move up.
      const confirmedEmails = roster.filter((r) => r.status === 'confirmed').slice(0, 5).map((r) => r.email);
      const earliest = roster
        .filter((r) => r.status === 'waitlisted')
        .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
        .slice(0, 5)
        .map((r) => r.email);
      for (const email of confirmedEmails) {
        const mail = all.find((m) => m.destination.to[0] === email)!;
        expect((await cancelThroughLink(hearth, cancelLinkIn(mail))).status).toBe(200);
      }
      await hearth.waitForIdle(240_000);
      const after = (await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key)).json.registrations as typeof roster;
      expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
      expect(after.filter((r) => r.status === 'confirmed').map((r) => r.email)).toEqual(expect.arrayContaining(earliest));
      expect(after.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: DISTINCT - CAPACITY - 5 }, (_, i) => i + 1),
      );
      const finalMails = await mails(hearth);
      for (const email of earliest) {
        const theirs = finalMails.filter((m) => m.destination.to[0] === email);
        expect(theirs).toHaveLength(2); // the waitlist notice, then the confirmation with the calendar file
        expect(theirs.filter((m) => calendarOf(m))).toHaveLength(1);
      }
      for (const email of confirmedEmails) {
        expect(finalMails.filter((m) => m.destination.to[0] === email)).toHaveLength(2); // confirmation, cancellation receipt
      }
      expect(finalMails).toHaveLength(DISTINCT + 10);
      expect((await hearth.bus()).deadLetters).toEqual([]);
    }, 600_000);

    it('fan-out mails (reschedule, then cancel) reach each active registrant exactly once', async () => {
      const key = await createApiKey(hearth);
      const workshop = await publishedWorkshop(hearth, key, { capacity: 6, waitlist: true });
      const people = Array.from({ length: 10 }, (_, i) => `fan${i}@example.org`);
      for (const email of people) expect((await registerJson(hearth, workshop.id, email)).status).toBe(201);
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
