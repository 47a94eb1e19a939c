import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTools, devSchedules } from '../support/clock';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { parseCsv } from '../support/csv';
import { api, createApiKey, form, page, surveyLinkIn, tokenInForm, type PublishedWorkshop } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Feedback surveys through the local runtime, with the one clock moved by POST /dev/clock (which
 * fires the one-time schedules that fell due and answers once their deliveries are done): the
 * survey goes to those checked in (or every confirmed registrant when nobody was), people answer
 * from the link in the mail, once, the one reminder reaches only those who have not answered, and
 * organizers see results only from 3 answers on. The clock only moves forward, so the tests run in
 * the order of their workshops' dates (2027), each with workshops and addresses of its own.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

const INVITATION = 'How was your session?';
const REMINDER = 'A reminder: how was your session?';

/** The organizer who looks after the surveys' workshops in the console. */
const SURVEY_LEAD = 'survey-lead@example.org';

/** The file's helpers; with a `lead`, every workshop published has them among its organizers (to use the console on it). */
const tools = (hearth: () => LocalHandle, key: () => string, lead?: string) => {
  const shared = clockTools(hearth, key, { capacity: 20 });
  const { mailsTo } = shared;

  const surveyMails = async (email: string) =>
    (await mailsTo(email)).filter((mail) => mail.subject === INVITATION || mail.subject === REMINDER).map((mail) => mail.subject);

  /** The personal survey link in the latest mail with this subject. */
  const surveyLink = async (email: string, subject = INVITATION): Promise<string> => {
    const mail = (await mailsTo(email, subject)).at(-1);
    if (!mail) throw new Error(`No mail "${subject}" to ${email}`);
    return surveyLinkIn(mail);
  };

  /** Opens the link as a person does and sends the form with these answers (by question id). */
  const answer = async (link: string, answers: Record<string, string>) => {
    const opened = await page(hearth(), link);
    expect(opened.status, opened.html).toBe(200);
    const token = tokenInForm(opened.html)!;
    expect(token).toBeTruthy();
    const fields = Object.fromEntries(Object.entries(answers).map(([id, value]) => [`q-${id}`, value]));
    return form(hearth(), '/survey', { token, ...fields });
  };

  const survey = async (workshopId: string) => {
    const response = await api(hearth(), 'GET', `/api/organizer/workshops/${workshopId}/survey`, undefined, key());
    expect(response.status, response.text).toBe(200);
    return response.json as { survey: Record<string, unknown>; results: Record<string, any> };
  };

  /** Publishes a workshop; its organizers include the lead, if any, who then works on it in the console. */
  const published = async (...args: Parameters<typeof shared.published>) => {
    const workshop = await shared.published(...args);
    if (!lead) return workshop;
    const set = await api(hearth(), 'PUT', `/api/organizer/workshops/${workshop.id}/organizers`, { organizers: [lead] }, key());
    expect(set.status, set.text).toBe(200);
    return workshop;
  };

  return { ...shared, published, surveyMails, surveyLink, answer, survey };
};

const documentsOf = (hearth: LocalHandle) =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

describe('feedback surveys', () => {
  let hearth: LocalHandle;
  let key: string;
  const lead = SURVEY_LEAD;
  const { setClock, published, register, mailsTo, surveyMails, surveyLink, answer, survey } = tools(
    () => hearth,
    () => key,
    SURVEY_LEAD,
  );

  /** A console session, made anew when the clock has moved past the last one. */
  const consoleSession = async () => {
    const cookie = await signIn(hearth, lead);
    return { cookie, csrf: await csrfOf(hearth, cookie) };
  };

  beforeAll(async () => {
    hearth = await startLocal();
    key = await createApiKey(hearth);
    await addOrganizer(hearth, lead, 'organizer');
  });

  afterAll(async () => {
    await hearth?.stop();
  });

  // The first workshop: five of six are checked in. The second: nobody is, so all its confirmed get it.
  const start = Date.parse('2027-02-10T18:00:00.000Z');
  const end = start + 90 * MINUTE;
  const surveyAt = end + HOUR;
  const email = (who: string) => `${who}.flow@example.org`;
  const checkedIn = ['ana', 'ben', 'cy', 'dee', 'eli'];
  const state: { a?: PublishedWorkshop; b?: PublishedWorkshop; ids: Record<string, string> } = { ids: {} };

  it('goes one hour after the end to those checked in only; with no check-ins, to every confirmed registrant', async () => {
    const a = await published(iso(start), { capacity: 6, title: 'Grief circle survey flow' });
    const b = await published(iso(start + 2 * HOUR), { capacity: 3 });
    state.a = a;
    state.b = b;
    for (const who of [...checkedIn, 'fay']) state.ids[who] = await register(a.id, email(who));
    await register(a.id, email('gus'), 'waitlisted');
    for (const who of ['hal', 'ida', 'jo']) state.ids[who] = await register(b.id, email(who));
    // Someone who cancels gets no survey.
    const cancelled = await register(b.id, email('kim'), 'waitlisted');
    expect(cancelled).toBeTruthy();

    // At the session, the organizer checks five people in on the roster.
    await setClock(iso(start + 10 * MINUTE));
    const { cookie, csrf } = await consoleSession();
    for (const who of checkedIn) {
      const response = await post(hearth, `/console/workshops/${a.id}/registrations/${state.ids[who]}/check-in`, { csrf, attended: 'true' }, { cookie });
      expect(response.status).toBe(303);
    }

    // The survey's questions can be changed only before the end.
    await setClock(iso(end + MINUTE));
    const late = await api(hearth, 'PUT', `/api/organizer/workshops/${a.id}/survey`, { questions: [{ type: 'nps', text: 'Would you come again?' }] }, key);
    expect(late.status).toBe(409);
    expect(late.json.error.message).toBe('The survey can only be changed before the workshop ends.');

    await setClock(iso(surveyAt - MINUTE));
    for (const who of [...checkedIn, 'fay']) expect(await surveyMails(email(who))).toEqual([]);

    await setClock(iso(surveyAt + MINUTE));
    for (const who of checkedIn) expect(await surveyMails(email(who)), who).toEqual([INVITATION]);
    for (const who of ['fay', 'gus', 'hal']) expect(await surveyMails(email(who)), who).toEqual([]);

    await setClock(iso(surveyAt + 2 * HOUR + MINUTE));
    for (const who of ['hal', 'ida', 'jo']) expect(await surveyMails(email(who)), who).toEqual([INVITATION]);
    for (const who of ['fay', 'gus', 'kim']) expect(await surveyMails(email(who)), who).toEqual([]);

    const mail = (await mailsTo(email('ana'), INVITATION))[0]!;
    expect(mail.subject).not.toMatch(/grief|circle/i);
    expect(mail.body.text).toContain('Workshop: Grief circle survey flow');
    expect(mail.body.text).toContain('Need help now?');
    expect((await survey(a.id)).results).toMatchObject({ invited: 5, responses: 0, responseRate: 0, shown: false });
    expect((await survey(b.id)).results).toMatchObject({ invited: 3, responses: 0 });
  });

  it('takes answers from the link in the mail once; a second submission changes nothing', async () => {
    const a = state.a!;
    const link = await surveyLink(email('ana'));
    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Grief circle survey flow');
    expect(opened.html).toContain('Wednesday, February 10, 2027');
    expect(opened.html).toContain('How supported did you feel?');

    const first = await answer(link, { supported: '5', safe: 'yes', recommend: '10', better: 'More time to talk.' });
    expect(first.status).toBe(200);
    expect(first.html).toContain('Thank you');
    expect((await survey(a.id)).results).toMatchObject({ invited: 5, responses: 1 });
    // Answering published Survey Answered, which names the workshop and nobody else.
    const answered = (await hearth.bus()).recent.filter((event) => event.detailType === 'Survey Answered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ source: 'hearth.surveys', detail: { schemaVersion: 1, data: { workshopId: a.id } } });
    expect(Object.keys((answered[0]!.detail as { data: object }).data)).toEqual(['workshopId']);

    // The same link again: the page says so, and sending the form again stores nothing.
    const again = await page(hearth, link);
    expect(again.status).toBe(200);
    expect(again.html).toContain('You have already answered this survey');
    const token = new URL(link).searchParams.get('token')!;
    const second = await form(hearth, '/survey', { token, 'q-supported': '1', 'q-safe': 'no', 'q-recommend': '0' });
    expect(second.status).toBe(409);
    expect(second.html).toContain('You have already answered this survey');
    expect(second.html).toContain('Nothing was changed');
    expect((await survey(a.id)).results).toMatchObject({ invited: 5, responses: 1 });
    expect((await hearth.bus()).recent.filter((event) => event.detailType === 'Survey Answered')).toHaveLength(1);
  });

  it('refuses bad answers with a message next to each question, keeps what was chosen, and stores nothing', async () => {
    const a = state.a!;
    const link = await surveyLink(email('ben'));
    const token = new URL(link).searchParams.get('token')!;
    const cases: [Record<string, string>, string, string][] = [
      [{ 'q-supported': '6', 'q-safe': 'yes', 'q-recommend': '5' }, 'q-supported', 'Choose a number from 1 to 5'],
      [{ 'q-supported': '3', 'q-safe': 'perhaps', 'q-recommend': '5' }, 'q-safe', 'Choose one of the options'],
      [{ 'q-supported': '3', 'q-safe': 'yes', 'q-recommend': '11' }, 'q-recommend', 'Choose a number from 0 to 10'],
      [{ 'q-supported': '3', 'q-safe': 'yes' }, 'q-recommend', 'Choose a number from 0 to 10'],
      [{ 'q-supported': '3', 'q-safe': 'yes', 'q-recommend': '5', 'q-better': 'x'.repeat(2001) }, 'q-better', 'At most 2000 characters; this answer has 2001'],
    ];
    for (const [fields, field, message] of cases) {
      const response = await form(hearth, '/survey', { token, ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(response.html).toContain(`<a href="#${field}">`);
      expect(response.html).toContain(`id="${field}-error"`);
      expect(response.html).toContain(message);
      expect(response.html).toContain('name="token"');
    }
    const kept = await form(hearth, '/survey', { token, 'q-supported': '6', 'q-safe': 'somewhat', 'q-recommend': '8', 'q-better': 'Keep <this>' });
    expect(kept.html).toMatch(/value="somewhat"[^>]*checked/);
    expect(kept.html).toMatch(/value="8"[^>]*checked/);
    expect(kept.html).toContain('Keep &lt;this>');
    expect((await survey(a.id)).results).toMatchObject({ responses: 1 });

    // Then a good answer from the same link is taken.
    const good = await answer(link, { supported: '4', safe: 'somewhat', recommend: '8', better: '=HYPERLINK("http://evil.example")' });
    expect(good.status).toBe(200);
    expect((await survey(a.id)).results).toMatchObject({ invited: 5, responses: 2, responseRate: 40, shown: false });
  });

  it('refuses a tampered link and a cancel link with a clear page', async () => {
    const link = await surveyLink(email('cy'));
    const token = new URL(link).searchParams.get('token')!;
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of [tampered, `${token}x`, '', 'nonsense']) {
      const opened = await page(hearth, `/survey?token=${encodeURIComponent(bad)}`);
      expect(opened.status).toBe(400);
      expect(opened.html).toContain('This survey link does not work');
      const sent = await form(hearth, '/survey', { token: bad, 'q-supported': '3', 'q-safe': 'yes', 'q-recommend': '5' });
      expect(sent.status).toBe(400);
    }
    // A link of another purpose (the cancel link in the confirmation mail) opens no survey.
    const confirmation = (await mailsTo(email('cy'), 'Your place is confirmed'))[0]!;
    const cancelToken = decodeURIComponent(confirmation.body.text!.match(/cancel\?token=([A-Za-z0-9._%-]+)/)![1]!);
    expect((await page(hearth, `/survey?token=${encodeURIComponent(cancelToken)}`)).status).toBe(400);
    expect((await survey(state.a!.id)).results).toMatchObject({ responses: 2 });
  });

  it('hides results below 3 answers, in the console and the API, and refuses the CSV', async () => {
    const a = state.a!;
    const { cookie } = await consoleSession();
    const html = await (await get(hearth, `/console/workshops/${a.id}/survey`, cookie)).text();
    expect(html).toContain('2 people have answered. Results show once at least 3 people have answered');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('More time to talk.');
    expect((await survey(a.id)).results.questions).toBeUndefined();
    const csv = await get(hearth, `/console/workshops/${a.id}/survey.csv`, cookie);
    expect(csv.status).toBe(409);
    // The workshop page links to it.
    expect(await (await get(hearth, `/console/workshops/${a.id}`, cookie)).text()).toContain(`href="/console/workshops/${a.id}/survey"`);
  });

  it('reminds only those who have not answered, once, three days later; the reminder’s link works', async () => {
    const a = state.a!;
    await setClock(iso(surveyAt + 72 * HOUR - MINUTE));
    for (const who of checkedIn) expect(await surveyMails(email(who))).toEqual([INVITATION]);

    await setClock(iso(surveyAt + 72 * HOUR + MINUTE));
    for (const who of ['ana', 'ben']) expect(await surveyMails(email(who)), who).toEqual([INVITATION]);
    for (const who of ['cy', 'dee', 'eli']) expect(await surveyMails(email(who)), who).toEqual([INVITATION, REMINDER]);
    for (const who of ['fay', 'gus']) expect(await surveyMails(email(who)), who).toEqual([]);

    const reminded = await surveyLink(email('cy'), REMINDER);
    // A token of its own for the same invitation (every token has a random IV), expiring with it.
    expect(reminded).not.toBe(await surveyLink(email('cy'), INVITATION));
    const answered = await answer(reminded, { supported: '2', safe: 'no', recommend: '3' });
    expect(answered.status).toBe(200);

    // Much later nothing more comes.
    await setClock(iso(surveyAt + 10 * 24 * HOUR));
    for (const who of ['cy', 'dee', 'eli']) expect(await surveyMails(email(who)), who).toEqual([INVITATION, REMINDER]);
    for (const who of ['hal', 'ida', 'jo']) expect(await surveyMails(email(who)), who).toEqual([INVITATION, REMINDER]);
    expect((await survey(a.id)).results).toMatchObject({ invited: 5, responses: 3 });
  });

  it('shows the results from 3 answers on, with counts that match the answers given, and the CSV', async () => {
    const a = state.a!;
    const { results } = await survey(a.id);
    expect(results).toMatchObject({ invited: 5, responses: 3, responseRate: 60, threshold: 3, shown: true });
    const byId = Object.fromEntries((results.questions as { id: string }[]).map((q) => [q.id, q])) as Record<string, any>;
    const counts = (id: string) => Object.fromEntries(byId[id].options.filter((o: any) => o.count > 0).map((o: any) => [o.value, o.count]));
    expect(counts('supported')).toEqual({ '5': 1, '4': 1, '2': 1 });
    expect(byId.supported).toMatchObject({ answered: 3, average: 3.7 });
    expect(counts('safe')).toEqual({ yes: 1, somewhat: 1, no: 1 });
    expect(counts('recommend')).toEqual({ '10': 1, '8': 1, '3': 1 });
    expect(byId.recommend.nps).toEqual({ score: 0, promoters: 1, passives: 1, detractors: 1 });
    expect(byId.better.answers.sort()).toEqual(['=HYPERLINK("http://evil.example")', 'More time to talk.']);

    const { cookie } = await consoleSession();
    const html = await (await get(hearth, `/console/workshops/${a.id}/survey`, cookie)).text();
    expect(html.match(/<svg\b/g)).toHaveLength(3);
    expect(html).toContain('Response rate');
    expect(html).toContain('60%');
    expect(html).toContain('Net Promoter Score: 0');
    expect(html).toContain('More time to talk.');
    for (const who of checkedIn) expect(html).not.toContain(email(who));

    const response = await get(hearth, `/console/workshops/${a.id}/survey.csv`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="survey-2027-02-10.csv"');
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\ufeff/, ''));
    expect(header).toEqual(['How supported did you feel?', 'Did you feel safe and respected?', 'How likely are you to recommend this group to someone like you?', 'What could be better?']);
    expect(rows.map((row) => row.slice(0, 3).join('|')).sort()).toEqual(['2|No|3', '4|Somewhat|8', '5|Yes|10']);
    expect(rows.map((row) => row[3]).sort()).toEqual(['', `'=HYPERLINK("http://evil.example")`, 'More time to talk.']);
  });

  it('stores responses that nothing links to a person: no registration id, address, client detail or time', async () => {
    const a = state.a!;
    const items = (await documentsOf(hearth).send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? [];
    const responses = items.filter((item) => item.pk === `WS#${a.id}` && String(item.sk).startsWith('SURVEY#RESP#'));
    expect(responses).toHaveLength(3);
    const registrationIds = Object.values(state.ids);
    // The one time on a response is its TTL: two years after the workshop ended, the same for every
    // response of the workshop, so it says nothing of when anyone answered.
    const workshopEnd = Date.parse(String(items.find((item) => item.pk === `WS#${a.id}` && item.sk === 'WORKSHOP')!.endsAt));
    for (const response of responses) {
      expect(Object.keys(response).sort()).toEqual(['answers', 'expiresAt', 'pk', 'sk']);
      expect(response.expiresAt).toBe(Math.ceil((workshopEnd + 730 * 24 * HOUR) / 1000));
      expect(String(response.sk)).toMatch(/^SURVEY#RESP#[0-9a-f-]{36}$/);
      const { expiresAt: _ttl, ...rest } = response;
      const flat = JSON.stringify(rest);
      for (const id of registrationIds) expect(flat).not.toContain(id);
      expect(flat).not.toMatch(/@|example\.org|127\.0\.0\.1|Mozilla|node|undici/i);
      expect(flat).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no date or time
      expect(flat).not.toMatch(/1[6-9]\d{8}/); // no epoch seconds
      expect(Object.keys(response.answers).sort()).toEqual(expect.arrayContaining(['recommend', 'safe', 'supported']));
    }
    // The only trace of a person is their marker: invited, and whether the link was used. No answers on it.
    const markers = items.filter((item) => item.pk === `WS#${a.id}` && String(item.sk).startsWith('SURVEY#INV#'));
    expect(markers).toHaveLength(5);
    for (const marker of markers) expect(Object.keys(marker).sort()).toEqual(expect.arrayContaining(['invitedAt', 'registrationId']));
    for (const marker of markers) expect(Object.keys(marker).filter((name) => !['pk', 'sk', 'invitedAt', 'registrationId', 'answered', 'expiresAt'].includes(name))).toEqual([]);
    // Each marker goes by TTL when its links lapse, 30 days after the invitation.
    for (const marker of markers) expect(marker.expiresAt).toBe(Math.ceil((Date.parse(String(marker.invitedAt)) + 30 * 24 * HOUR) / 1000));
    expect(markers.filter((marker) => marker.answered === true)).toHaveLength(3);
    // The counts live on one item, added to per answer.
    const results = items.find((item) => item.pk === `WS#${a.id}` && item.sk === 'SURVEY#RESULTS')!;
    expect(results).toMatchObject({ invited: 5, responses: 3, 'a:supported': 3, 'n:safe:no': 1, 'n:recommend:10': 1, 'a:better': 2 });
  });

  it('closes a link 30 days after the invitation', async () => {
    const link = await surveyLink(email('dee'));
    await setClock(iso(surveyAt + 30 * 24 * HOUR + MINUTE));
    const opened = await page(hearth, link);
    expect(opened.status).toBe(410);
    expect(opened.html).toContain('This survey has closed');
    const token = new URL(link).searchParams.get('token')!;
    expect((await form(hearth, '/survey', { token, 'q-supported': '3', 'q-safe': 'yes', 'q-recommend': '5' })).status).toBe(410);
    expect((await survey(state.a!.id)).results).toMatchObject({ responses: 3 });
  });
  it('organizers change the survey in the console before the end: CSRF and Origin checked, errors next to fields, then saved', async () => {
    const at = Date.parse('2027-03-15T17:00:00.000Z');
    const workshop = await published(iso(at), { capacity: 5 });
    const { cookie, csrf } = await consoleSession();
    const editPath = `/console/workshops/${workshop.id}/survey/edit`;
    const postPath = `/console/workshops/${workshop.id}/survey`;
    const shown = await get(hearth, editPath, cookie);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('value="How supported did you feel?"');
    expect(html).toContain('Yes\nSomewhat\nNo');

    const fields = {
      csrf,
      'q0-id': 'supported',
      'q0-text': 'How supported did you feel?',
      'q0-type': 'rating',
      'q0-required': 'on',
      'q0-max': '5',
      'q1-id': 'safe',
      'q1-text': 'Did you feel safe and respected?',
      'q1-type': 'choice',
      'q1-required': 'on',
      'q1-options': 'Yes\r\nSomewhat\r\nNo',
      'q2-id': 'recommend',
      'q2-text': 'How likely are you to recommend this group to someone like you?',
      'q2-type': 'nps',
      'q2-required': 'on',
      'q3-id': 'better',
      'q3-text': 'What could be better?',
      'q3-type': 'text',
      'q3-remove': 'on',
      'q4-text': 'What did you take home?',
      'q4-type': 'text',
      'q5-text': '',
      'q5-type': 'rating',
      delayMinutes: '90',
      reminderAfterHours: '72',
    };
    expect((await post(hearth, postPath, { ...fields, csrf: 'wrong' }, { cookie })).status).toBe(403);
    expect((await post(hearth, postPath, fields, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(hearth, postPath, fields)).status).toBe(303); // not signed in: to the sign-in page
    expect((await survey(workshop.id)).survey.updatedAt).toBeUndefined();

    const refused = await post(hearth, postPath, { ...fields, 'q1-options': 'Only one', delayMinutes: 'soon' }, { cookie });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('<a href="#q1-options">');
    expect(refusedHtml).toContain('Give at least 2 options');
    expect(refusedHtml).toContain('<a href="#delayMinutes">');
    expect(refusedHtml).toContain('value="What did you take home?"');
    expect((await survey(workshop.id)).survey.updatedAt).toBeUndefined();

    const saved = await post(hearth, postPath, fields, { cookie });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${postPath}?done=saved`);
    await hearth.waitForIdle();
    const after = (await survey(workshop.id)).survey;
    expect((after.questions as { id: string; text: string }[]).map((q) => [q.id, q.text])).toEqual([
      ['supported', 'How supported did you feel?'],
      ['safe', 'Did you feel safe and respected?'],
      ['recommend', 'How likely are you to recommend this group to someone like you?'],
      ['q1', 'What did you take home?'],
    ]);
    expect(after).toMatchObject({ delayMinutes: 90, reminderAfterHours: null, sendsAt: iso(at + 180 * MINUTE) });
    const schedules = await devSchedules(hearth);
    expect(schedules.find((s) => s.name === `survey-${workshop.id}`)?.at).toBe(iso(at + 180 * MINUTE));
    expect(schedules.find((s) => s.name === `survey-reminder-${workshop.id}`)).toBeUndefined();
    const savedPage = await (await get(hearth, `${postPath}?done=saved`, cookie)).text();
    expect(savedPage).toContain('The survey is saved.');
    expect(savedPage).toContain('What did you take home?');

    const items = (await documentsOf(hearth).send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? [];
    // The console's own entries (the API key's creating and publishing are audited under the key).
    const console = items.filter((item) => String(item.pk).startsWith('AUDIT#') && item.target === workshop.id && !String(item.actorId).startsWith('api-key:'));
    expect(console.map((item) => item.action)).toEqual(['survey-updated']);

    await setClock(iso(at + 91 * MINUTE));
    const { cookie: later, csrf: laterCsrf } = await consoleSession();
    const closed = await get(hearth, editPath, later);
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain('The survey can only be changed before the workshop ends.');
    const tooLate = await post(hearth, postPath, { ...fields, csrf: laterCsrf }, { cookie: later });
    expect(tooLate.status).toBe(409);
    expect(await tooLate.text()).toContain('The survey can only be changed before the workshop ends.');
  });

  it('organizers change questions and timing before the end (the schedules move), not after; bad input is refused', async () => {
    const at = Date.parse('2027-03-20T17:00:00.000Z');
    const workshop = await published(iso(at), { capacity: 5 });
    const path = `/api/organizer/workshops/${workshop.id}/survey`;
    const initial = await survey(workshop.id);
    expect(initial.survey).toMatchObject({ delayMinutes: 60, reminderAfterHours: 72, editable: true, sendsAt: iso(at + 150 * MINUTE) });
    expect((initial.survey.questions as { id: string }[]).map((q) => q.id)).toEqual(['supported', 'safe', 'recommend', 'better']);

    for (const [body, field] of [
      [{ questions: [] }, 'questions'],
      [{ questions: [{ type: 'choice', text: 'Pick one', options: ['Only'] }] }, 'questions.0.options'],
      [{ questions: [{ type: 'rating', text: 'Calm?' }], delayMinutes: 20000 }, 'delayMinutes'],
      [{ questions: [{ type: 'nps', text: 'Again?' }, { type: 'nps', text: '<b>x</b>' }] }, 'questions.1.text'],
      [{ questions: [{ id: 'same', type: 'nps', text: 'A' }, { id: 'same', type: 'text', text: 'B' }] }, 'questions.1.id'],
    ] as const) {
      const refused = await api(hearth, 'PUT', path, body, key);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(refused.json.error.fields)).toContain(field);
    }
    expect((await api(hearth, 'PUT', path, { questions: [{ type: 'nps', text: 'Again?' }] })).status).toBe(401);

    const saved = await api(
      hearth,
      'PUT',
      path,
      {
        questions: [
          { id: 'calm', type: 'rating', text: 'How calm did you feel?', max: 7, lowLabel: 'Not calm', highLabel: 'Very calm' },
          { type: 'choice', text: 'Which part helped most?', options: ['Sharing', 'Listening', 'Quiet time'] },
          { type: 'text', text: 'Anything else?' },
        ],
        delayMinutes: 30,
        reminderAfterHours: null,
      },
      key,
    );
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.survey).toMatchObject({ delayMinutes: 30, reminderAfterHours: null, sendsAt: iso(at + 120 * MINUTE), remindsAt: null });
    await hearth.waitForIdle();
    const schedules = await devSchedules(hearth);
    expect(schedules.find((s) => s.name === `survey-${workshop.id}`)?.at).toBe(iso(at + 120 * MINUTE));
    expect(schedules.find((s) => s.name === `survey-reminder-${workshop.id}`)).toBeUndefined();

    const who = 'custom.flow@example.org';
    await register(workshop.id, who);
    await setClock(iso(at + 119 * MINUTE));
    expect(await surveyMails(who)).toEqual([]);
    await setClock(iso(at + 121 * MINUTE));
    expect(await surveyMails(who)).toEqual([INVITATION]);
    const opened = await page(hearth, await surveyLink(who));
    expect(opened.html).toContain('How calm did you feel?');
    expect(opened.html).toContain('7 – Very calm');
    expect(opened.html).toContain('Quiet time');
    const refused = await answer(await surveyLink(who), { calm: '8', q1: 'o1' });
    expect(refused.status).toBe(400);
    expect((await answer(await surveyLink(who), { calm: '7', q1: 'o3' })).status).toBe(200);

    const late = await api(hearth, 'PUT', path, { questions: [{ type: 'nps', text: 'Again?' }] }, key);
    expect(late.status).toBe(409);
    expect((await survey(workshop.id)).survey).toMatchObject({ editable: false, lockedReason: 'The survey can only be changed before the workshop ends.' });
    // No reminder, ever.
    await setClock(iso(at + 10 * 24 * HOUR));
    expect(await surveyMails(who)).toEqual([INVITATION]);
  });

  it('sends nothing for a cancelled workshop, and a link to a workshop cancelled since says so and stores nothing', async () => {
    const at = Date.parse('2027-04-07T17:00:00.000Z');
    const early = await published(iso(at), { capacity: 5 });
    const later = await published(iso(at + 3 * HOUR), { capacity: 5 });
    await register(early.id, 'early.cancelled@example.org');
    await register(later.id, 'later.cancelled@example.org');
    expect((await api(hearth, 'POST', `/api/organizer/workshops/${early.id}/cancel`, undefined, key)).status).toBe(200);
    await hearth.waitForIdle();

    await setClock(iso(at + 5.5 * HOUR + 2 * MINUTE));
    expect(await surveyMails('early.cancelled@example.org')).toEqual([]);
    expect(await surveyMails('later.cancelled@example.org')).toEqual([INVITATION]);

    const link = await surveyLink('later.cancelled@example.org');
    expect((await api(hearth, 'POST', `/api/organizer/workshops/${later.id}/cancel`, undefined, key)).status).toBe(200);
    await hearth.waitForIdle();
    const opened = await page(hearth, link);
    expect(opened.status).toBe(410);
    expect(opened.html).toContain('This workshop was cancelled');
    const token = new URL(link).searchParams.get('token')!;
    const sent = await form(hearth, '/survey', { token, 'q-supported': '3', 'q-safe': 'yes', 'q-recommend': '5' });
    expect(sent.status).toBe(410);
    expect(sent.html).toContain('nothing was saved');
    expect((await survey(later.id)).results).toMatchObject({ invited: 1, responses: 0 });
    // No reminder for it either.
    await setClock(iso(at + 4 * 24 * HOUR));
    expect(await surveyMails('later.cancelled@example.org')).toEqual([INVITATION]);
  });

});

describe('feedback surveys with duplicate deliveries, failed attempts and refused DynamoDB calls (chaos)', () => {
  let hearth: LocalHandle;
  let key: string;
  const { setClock, published, register, surveyMails, surveyLink, answer, survey } = tools(
    () => hearth,
    () => key,
  );

  beforeAll(async () => {
    hearth = await startLocal({ chaosDuplicate: 0.5, chaosFailure: 0.3, chaosDynamodb: 0.1 });
    key = await createApiKey(hearth);
  });

  afterAll(async () => {
    await hearth?.stop();
  });

  it('mails each survey and each reminder exactly once per person, over several batches, and counts each invitation once', async () => {
    const start = Date.parse('2027-05-12T17:00:00.000Z');
    const surveyAt = start + 90 * MINUTE + HOUR;
    const people = Array.from({ length: 30 }, (_, i) => `survey-chaos-${i}@example.org`);
    const workshop = await published(iso(start), { capacity: people.length });
    for (const who of people) await register(workshop.id, who);
    await hearth.waitForIdle();

    await setClock(iso(surveyAt + MINUTE));
    for (const who of people) expect(await surveyMails(who), who).toEqual([INVITATION]);
    expect((await survey(workshop.id)).results).toMatchObject({ invited: 30, responses: 0 });

    const answering = people.slice(0, 4);
    for (const who of answering) expect((await answer(await surveyLink(who), { supported: '4', safe: 'yes', recommend: '9' })).status).toBe(200);

    await setClock(iso(surveyAt + 72 * HOUR + MINUTE));
    const mails = await hearth.mails();
    for (const who of people) {
      const got = mails.filter((mail) => mail.destination.to.includes(who)).map((mail) => mail.subject).filter((s) => s === INVITATION || s === REMINDER);
      expect(got.sort(), who).toEqual(answering.includes(who) ? [INVITATION] : [INVITATION, REMINDER].sort());
    }
    expect((await survey(workshop.id)).results).toMatchObject({ invited: 30, responses: 4, shown: true });
    expect((await hearth.bus()).deadLetters).toEqual([]);
    expect(await hearth.dynamoRefusals()).toBeGreaterThan(0);
  });
});
