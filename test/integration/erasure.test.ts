import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignState, confirmedSubscriber, createTopic, draftCampaign, importSubscribers, waitForCampaign } from '../support/campaigns';
import { clockNow, setClock } from '../support/clock';
import {
  api,
  cancelLinkIn,
  cancelThroughLink,
  cli,
  createApiKey,
  form,
  mailsTo,
  publishedWorkshop,
  registered,
  registerJson,
  roster,
  tokenInForm,
  tokenLinkIn,
} from '../support/hearth';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { emailHashIn, startLocal, type LocalHandle } from '../support/local';
import { rawItemsOf } from '../support/raw-table';

/**
 * Erasure (issue 13 §3 step 5, GDPR Art. 17) through the local runtime: a person with a place to
 * come (someone waiting behind it), a cancelled place, a past place, list membership and a copy in
 * a sent campaign asks on /my-data, confirms once, and afterwards the raw table holds the address
 * nowhere and its keyed hash only where suppression needs it; the waitlist moved up as after any
 * cancellation, and the counts still add up. An admin does the same with `hearth person erase`.
 */
const PERSON = 'erase-me@example.org';
const OTHER = 'erase-waiting@example.org';
const CALLER = 'erase-by-phone@example.org';
const LETTER = 'erase-by-letter@example.org';
const ADMIN = 'admin@hearth.localhost';
const ORGANIZER = 'erase-organizer@example.org';
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

let hearth: LocalHandle;
let key: string;
let comingId: string;
let cancelledId: string;
let pastId: string;
let campaignId: string;

/** Every raw item holding this text anywhere (a name or a value, however deep), any case. */
const holding = async (text: string) => (await rawItemsOf(hearth)).filter((item) => JSON.stringify(item).toLowerCase().includes(text.toLowerCase()));
const kinds = (items: Record<string, unknown>[]) => items.map((item) => `${String(item.pk).replace(/#.*/, '#')} ${String(item.sk).replace(/#.*/, '#')}`).sort();

/** Asks for the /my-data link and presses its button, as the person does: answers the data page. */
const openData = async (email: string) => {
  expect((await api(hearth, 'POST', '/api/my-data', { email })).status).toBe(202);
  await hearth.waitForIdle();
  const mail = (await mailsTo(hearth, email, 'Your link to see your data')).at(-1)!;
  const opened = await form(hearth, '/my-data/open', { token: new URL(tokenLinkIn(mail, '/my-data/open')).searchParams.get('token')! });
  expect(opened.status).toBe(200);
  return opened.html;
};

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
  const now = Date.parse(await clockNow(hearth));
  await createTopic(hearth, key, 'Housing');
  await confirmedSubscriber(hearth, PERSON, ['housing']);
  campaignId = await draftCampaign(hearth, key, { subject: 'Housing news', bodyMarkdown: 'Hello,\n\nNews.' });
  expect((await api(hearth, 'POST', `/api/organizer/campaigns/${campaignId}/send`, {}, key)).status).toBeLessThan(300);
  expect((await waitForCampaign(hearth, key, campaignId, ['sent'])).counts).toMatchObject({ recipients: 1, sent: 1 });

  // A place to come, one seat, with someone waiting behind it.
  comingId = (await publishedWorkshop(hearth, key, { title: 'Coming circle', capacity: 1 })).id;
  await registered(hearth, key, comingId, PERSON);
  await registered(hearth, key, comingId, OTHER, 'waitlisted');
  // A place the person cancelled themselves (its claim is gone: only the person index finds it).
  cancelledId = (await publishedWorkshop(hearth, key, { title: 'Cancelled circle' })).id;
  expect((await registerJson(hearth, cancelledId, PERSON, { displayName: 'Robin' })).status).toBe(202);
  await hearth.waitForIdle();
  const confirmation = (await mailsTo(hearth, PERSON, 'Your place is confirmed')).at(-1)!;
  expect(confirmation.body.text).toContain('Cancelled circle');
  expect((await cancelThroughLink(hearth, cancelLinkIn(confirmation))).status).toBe(200);
  // A place in a workshop that has since ended.
  pastId = (await publishedWorkshop(hearth, key, { title: 'Past circle', startsAt: iso(now + 2 * HOUR), endsAt: iso(now + 3 * HOUR) })).id;
  expect((await registerJson(hearth, pastId, PERSON, { displayName: 'Robin', accessibilityNeeds: 'Large print' })).status).toBe(202);
  await hearth.waitForIdle();
  await setClock(hearth, iso(now + 4 * HOUR));
});

afterAll(async () => {
  await hearth?.stop();
});

describe('erasure on /my-data', () => {
  it('shows every registration, the cancelled one too, and an erase button that asks for confirmation first', async () => {
    const html = await openData(PERSON);
    for (const title of ['Coming circle', 'Cancelled circle', 'Past circle']) expect(html).toContain(title);
    expect(html).toMatch(/Erase everything/);
    const token = tokenInForm(html)!;
    const asked = await form(hearth, '/my-data/erase', { token });
    expect(asked.status).toBe(200);
    expect(asked.html).toMatch(/Erase everything we hold about you\?/);
    expect(asked.html).toMatch(/cannot be undone/);
    // The confirmation step changed nothing.
    expect((await roster(hearth, key, comingId)).find((line) => line.email === PERSON)?.status).toBe('confirmed');
    expect((await holding(PERSON)).length).toBeGreaterThan(3);
  });

  it('erases everything at the confirmation: the place to come goes to the waitlist, the list is left, and only keyed hashes stay', async () => {
    const html = await openData(PERSON);
    const token = tokenInForm(html)!;
    const subscriberId = String((await rawItemsOf(hearth)).find((item) => String(item.pk).startsWith('SUB#') && item.email === PERSON)!.id);
    const mailsBefore = (await mailsTo(hearth, PERSON)).length;

    const erased = await form(hearth, '/my-data/erase/confirm', { token });
    expect(erased.status, erased.html).toBe(200);
    expect(erased.html).toMatch(/Your data has been erased/);
    expect(erased.html).toMatch(/1 place still to come was cancelled/);
    expect(erased.html).toMatch(/3 registrations no longer hold/);
    expect(erased.html).not.toContain(PERSON);
    await hearth.waitForIdle();

    // The freed seat went to the first on the waitlist, who was told; the person was mailed nothing.
    expect((await roster(hearth, key, comingId)).find((line) => line.email === OTHER)?.status).toBe('confirmed');
    expect((await mailsTo(hearth, OTHER, 'Your place is confirmed')).map((mail) => mail.body.text)).toEqual([expect.stringContaining('A place opened up and it is yours')]);
    expect(await mailsTo(hearth, PERSON)).toHaveLength(mailsBefore);

    // The raw table: the address nowhere; its keyed hash only in the suppression list (which keeps an import from adding it back).
    expect(await holding(PERSON)).toEqual([]);
    expect(kinds(await holding(emailHashIn(hearth, PERSON)))).toEqual(['SUPPRESS# SUPPRESS']);
    expect((await holding(emailHashIn(hearth, PERSON)))[0]).toEqual({ pk: `SUPPRESS#${emailHashIn(hearth, PERSON)}`, sk: 'SUPPRESS', erasedAt: expect.any(String) });
    // What stays names nobody, and the counts add up.
    const items = await rawItemsOf(hearth);
    const registrations = items.filter((item) => item.erasedAt && String(item.sk).startsWith('REG#'));
    expect(registrations.map((item) => item.status).sort()).toEqual(['cancelled', 'cancelled', 'confirmed']);
    for (const item of registrations) for (const field of ['email', 'displayName', 'accessibilityNeeds', 'gsi1pk']) expect(item, field).not.toHaveProperty(field);
    expect(items.find((item) => item.pk === `WS#${comingId}` && item.sk === 'WORKSHOP')).toMatchObject({ confirmedCount: 1 });
    expect(items.find((item) => item.pk === `SUB#${subscriberId}`)).toMatchObject({ status: 'unsubscribed', erasedAt: expect.any(String) });
    const batch = items.find((item) => item.pk === `CAMPAIGN#${campaignId}` && String(item.sk).startsWith('BATCH#'))!;
    expect((batch.recipients as Record<string, unknown>)[subscriberId]).toEqual({ state: 'sent', at: expect.any(String) });
    expect((await campaignState(hearth, key, campaignId)).counts).toMatchObject({ recipients: 1, sent: 1 });
    const audit = items.filter((item) => item.action === 'person-erased');
    expect(audit).toMatchObject([{ actorId: 'self-service' }]);
    expect(audit[0]).not.toHaveProperty('target');
  });

  it('uses the erasure token once, and afterwards the data page shows nothing held', async () => {
    const html = await openData(PERSON);
    expect(html).toMatch(/This address is not on the mailing list/);
    expect(html).not.toMatch(/Coming circle|Past circle|Cancelled circle/);
    const token = tokenInForm(html)!;
    expect((await form(hearth, '/my-data/erase/confirm', { token })).status).toBe(200);
    // The erasure deleted the token with the address's other links: pressing again finds no such link.
    const again = await form(hearth, '/my-data/erase/confirm', { token });
    expect(again.status).toBe(400);
    expect(again.html).toMatch(/This link does not work/);
    expect((await form(hearth, '/my-data/erase', { token })).status).toBe(400);
    expect((await form(hearth, '/my-data/erase', { token: 'short' })).status).toBe(400);
    // The links and tokens of /my-data went with the rest.
    expect(await holding(PERSON)).toEqual([]);
  });

  it('keeps an import from adding the erased address back, and still mails it when the person registers again of their own wish', async () => {
    const subscribers = async () => (await rawItemsOf(hearth)).filter((item) => String(item.pk).startsWith('SUB#')).length;
    const before = await subscribers();
    expect(await importSubscribers(hearth, [{ email: PERSON }, { email: 'erase-new-reader@example.org' }])).toMatch(
      /Imported 1, already there 0, not added back \(erased at their request\) 1, refused 0\./,
    );
    expect(await subscribers()).toBe(before + 1);
    expect(await holding(PERSON)).toEqual([]);
    // Erasure is no bounce: a registration the person makes later is confirmed by mail as anyone's is.
    const later = (await publishedWorkshop(hearth, key, { title: 'Later circle' })).id;
    await registered(hearth, key, later, PERSON);
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, PERSON, 'Your place is confirmed')).at(-1)!.body.text).toContain('Later circle');
  });
});

describe('`hearth person erase`', () => {
  it('erases by address for a request made by phone or letter only with --yes, audited as the CLI', async () => {
    await confirmedSubscriber(hearth, CALLER);
    const workshop = await publishedWorkshop(hearth, key, { title: 'Phone circle' });
    await registered(hearth, key, workshop.id, CALLER);
    const refused = await cli(hearth, 'person', 'erase', '--email', CALLER).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in refused && refused.code).toBe(1);
    expect((refused as { stderr: string }).stderr).toMatch(/--yes/);
    expect((await holding(CALLER)).length).toBeGreaterThan(0);

    const { stdout } = await cli(hearth, 'person', 'erase', '--email', CALLER.toUpperCase(), '--yes');
    expect(JSON.parse(stdout)).toMatchObject({ placesCancelled: 1, registrationsErased: 1, leftList: true });
    expect(await holding(CALLER)).toEqual([]);
    const audit = (await rawItemsOf(hearth)).filter((item) => item.action === 'person-erased' && item.actorId === 'cli');
    expect(audit).toHaveLength(1);
  });
});

describe('the console’s People’s data page', () => {
  it('is for admins only; exports by address as a JSON download and erases after a confirmation page, audited by the admin’s id', async () => {
    await confirmedSubscriber(hearth, LETTER);
    const workshop = await publishedWorkshop(hearth, key, { title: 'Letter circle' });
    await registered(hearth, key, workshop.id, LETTER);
    const cookie = await signIn(hearth, ADMIN);
    const csrf = await csrfOf(hearth, cookie);
    await addOrganizer(hearth, ORGANIZER, 'organizer');
    const organizerCookie = await signIn(hearth, ORGANIZER);
    expect((await get(hearth, '/console/people', organizerCookie)).status).toBe(403);
    expect((await post(hearth, '/console/people/erase', { csrf: await csrfOf(hearth, organizerCookie), email: LETTER, confirm: 'yes' }, { cookie: organizerCookie })).status).toBe(403);
    // The roster of a past workshop keeps the place of the person erased on /my-data, naming nobody.
    const pastRoster = await (await get(hearth, `/console/workshops/${pastId}/roster`, cookie)).text();
    expect(pastRoster).toContain('Erased at the person’s request');
    expect(pastRoster).not.toContain(PERSON);
    const shown = await get(hearth, '/console/people', cookie);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/People’s data/);

    const refused = await post(hearth, '/console/people/export', { csrf, email: 'nope' }, { cookie });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Enter an email address like name@example.org/);
    const exported = await post(hearth, '/console/people/export', { csrf, email: LETTER }, { cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="person-data.json"');
    expect(exported.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(await exported.text())).toMatchObject({ email: LETTER, registrations: [{ workshop: { title: 'Letter circle' } }], mailingList: { status: 'confirmed' } });

    const asked = await post(hearth, '/console/people/erase', { csrf, email: LETTER }, { cookie });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/This cannot be undone/);
    expect((await holding(LETTER)).length).toBeGreaterThan(0);
    const erased = await post(hearth, '/console/people/erase', { csrf, email: LETTER, confirm: 'yes' }, { cookie });
    expect(erased.status).toBe(200);
    expect(await erased.text()).toMatch(/Erased\. 1 place still to come was cancelled/);
    expect(await holding(LETTER)).toEqual([]);
    const adminId = String((await rawItemsOf(hearth)).find((item) => String(item.pk).startsWith('ORG#') && item.email === ADMIN)!.id);
    const audit = (await rawItemsOf(hearth)).filter((item) => item.actorId === adminId && String(item.action).startsWith('person-'));
    expect(audit.map((item) => item.action).sort()).toEqual(['person-erased', 'person-exported']);
  });
});
