import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../../shared/http/response';
import { surveyMail } from '../../../shared/surveys/mails/survey';
import { defaultQuestions, defaultSurvey, SurveyInput, type Answers } from '../../../shared/surveys/model';
import type { SurveyOverview } from '../../../shared/surveys/overview';
import { surveyResults } from '../../../shared/surveys/results';
import { BarChart } from '../../../shared/web/console/survey-chart';
import { surveyEditPage } from '../../../shared/web/console/survey-edit';
import { readSurveyForm, surveyFormValues } from '../../../shared/web/console/survey-input';
import { surveyResultsPage } from '../../../shared/web/console/survey-results';
import {
  surveyAlreadyAnsweredPage,
  surveyCancelledPage,
  surveyLinkProblemPage,
  surveyPage,
  surveyThanksPage,
} from '../../../shared/web/pages/survey';
import { renderToString } from 'preact-render-to-string';
import { hostileTitle, renderEnvironment, surveyCounters, workshop } from './fixtures';
import { attributes, byId, mainOf, openTags, text } from './html';

renderEnvironment({ baseUrl: 'https://hearth.example.org' });

const questions = defaultQuestions();
const w = workshop();
const token = 'tok.en&"<x>';
const body = (page: HttpResult) => page.body ?? '';
const organizer = { email: 'sam@example.org', role: 'organizer' as const };

const everyPublicPage = (): [string, () => HttpResult][] => [
  ['survey', () => surveyPage({ workshop: w, questions, token })],
  ['survey with errors', () => surveyPage({ workshop: w, questions, token, values: { 'q-safe': 'maybe' }, errors: { 'q-supported': 'Choose a number from 1 to 5' } })],
  ['thanks', () => surveyThanksPage(w)],
  ['already answered', () => surveyAlreadyAnsweredPage(w, 409)],
  ['cancelled', () => surveyCancelledPage(w)],
  ['expired link', () => surveyLinkProblemPage('expired')],
  ['invalid link', () => surveyLinkProblemPage('invalid')],
];

describe('survey pages', () => {
  it.each(everyPublicPage())('%s has the crisis footer, the CSP, one h1 and no script or style attribute', (_name, render) => {
    const page = render();
    const html = body(page);
    expect(html).toContain('Test Crisis Line');
    expect(html).toContain('Peer support is not crisis care');
    expect(String(page.headers?.['content-security-policy'])).toContain("default-src 'none'");
    expect(mainOf(html).match(/<h1\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|\sstyle="/i);
  });

  it('answers with the status each case deserves', () => {
    expect(everyPublicPage().map(([name, render]) => [name, render().statusCode])).toEqual([
      ['survey', 200],
      ['survey with errors', 400],
      ['thanks', 200],
      ['already answered', 409],
      ['cancelled', 410],
      ['expired link', 410],
      ['invalid link', 400],
    ]);
  });

  it('shows the workshop’s title and date, and posts the token back in a hidden field', () => {
    const html = body(surveyPage({ workshop: w, questions, token }));
    expect(text(mainOf(html))).toContain('Grief circle Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
    const form = openTags(html, 'form').map(attributes)[0]!;
    expect(form).toMatchObject({ method: 'post', action: '/survey' });
    const hidden = openTags(html, 'input').map(attributes).find((a) => a.name === 'token');
    expect(hidden).toMatchObject({ type: 'hidden', value: 'tok.en&amp;&quot;&lt;x>' });
  });

  it('groups each question’s radios in a fieldset whose legend is the question, every radio with its label', () => {
    const html = body(surveyPage({ workshop: w, questions, token }));
    const fieldsets = html.match(/<fieldset[\s\S]*?<\/fieldset>/g)!;
    expect(fieldsets).toHaveLength(3);
    expect(fieldsets.map((f) => text(/<legend>([\s\S]*?)<\/legend>/.exec(f)![1]!))).toEqual([
      '1. How supported did you feel?',
      '2. Did you feel safe and respected?',
      '3. How likely are you to recommend this group to someone like you?',
    ]);
    const radios = openTags(html, 'input').map(attributes).filter((a) => a.type === 'radio');
    expect(radios).toHaveLength(5 + 3 + 11);
    for (const radio of radios) {
      expect(html).toContain(`<label for="${radio.id}">`);
      expect('required' in radio).toBe(true);
    }
    expect(radios.filter((r) => r.name === 'q-recommend').map((r) => r.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(text(html)).toContain('0 – Not at all likely');
    expect(text(html)).toContain('5 – Very supported');
    // The error summary links to the field's name: the first radio of each group carries it as its id.
    expect(radios.filter((r) => r.id === 'q-supported')).toHaveLength(1);
    const textarea = attributes(openTags(html, 'textarea')[0]!);
    expect(textarea).toMatchObject({ id: 'q-better', name: 'q-better', maxlength: '2000' });
    expect('required' in textarea).toBe(false);
    expect(html).toContain('<label for="q-better">4. What could be better? (optional)</label>');
  });

  it('shows errors in a summary that links to each question and next to it, and keeps what was chosen and typed', () => {
    const html = body(
      surveyPage({
        workshop: w,
        questions,
        token,
        values: { 'q-supported': '9', 'q-safe': 'somewhat', 'q-recommend': '7', 'q-better': 'Kept <words>' },
        errors: { 'q-supported': 'Choose a number from 1 to 5', 'q-better': 'At most 2000 characters; this answer has 2001' },
      }),
    );
    const summary = html.slice(html.indexOf('class="error-summary"'), html.indexOf('</div>', html.indexOf('class="error-summary"')));
    expect(summary).toContain('<a href="#q-supported">How supported did you feel?: Choose a number from 1 to 5</a>');
    expect(summary).toContain('<a href="#q-better">What could be better?: At most 2000 characters; this answer has 2001</a>');
    expect(html.indexOf('error-summary')).toBeLessThan(html.indexOf('<h1'));
    const fieldset = html.match(/<fieldset[^>]*>/)![0];
    expect(attributes(fieldset)['aria-describedby']).toBe('q-supported-hint q-supported-error');
    expect(byId(html, 'q-supported-error').tag).toContain('field-error');
    const checked = openTags(html, 'input').map(attributes).filter((a) => 'checked' in a);
    expect(checked.map((a) => [a.name, a.value])).toEqual([
      ['q-safe', 'somewhat'],
      ['q-recommend', '7'],
    ]);
    expect(html).toContain('Kept &lt;words>');
    expect(attributes(openTags(html, 'textarea')[0]!)['aria-invalid']).toBe('true');
    expect(body(surveyPage({ workshop: w, questions, token, errors: { 'q-safe': 'x' } }))).toContain('<title>Error: How was the session for you?');
  });

  it('escapes a hostile workshop title', () => {
    const html = body(surveyPage({ workshop: workshop({ title: hostileTitle }), questions, token }));
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('tells people plainly what is stored and that they can answer once', () => {
    const main = text(mainOf(body(surveyPage({ workshop: w, questions, token }))));
    expect(main).toContain('without your name, your email address or the time you answered');
    expect(main).toContain('you can answer once');
    expect(text(mainOf(body(surveyAlreadyAnsweredPage(w))))).toContain('Nothing was changed');
    expect(text(mainOf(body(surveyCancelledPage(w))))).toContain('nothing was saved');
    expect(text(mainOf(body(surveyLinkProblemPage('expired'))))).toContain('30 days');
  });
});

describe('the bar chart', () => {
  const bars = [
    { label: 'Yes', count: 5, percent: 63 },
    { label: 'Somewhat', count: 3, percent: 38 },
    { label: 'No', count: 0, percent: 0 },
  ];
  const html = () => renderToString(BarChart({ id: 'chart-safe', title: '2. Did you feel safe and respected?', bars, answered: 8 }));

  it('is one image named by its title and described by every value, readable without colour', () => {
    const svg = attributes(openTags(html(), 'svg')[0]!);
    expect(svg).toMatchObject({ role: 'img', 'aria-labelledby': 'chart-safe-title chart-safe-desc', width: '100%' });
    expect(textOfTag(html(), 'title')).toBe('2. Did you feel safe and respected?');
    expect(textOfTag(html(), 'desc')).toBe('8 answers. Yes: 5 people (63%); Somewhat: 3 people (38%); No: 0 people (0%).');
    // Every bar has its label and numbers written next to it.
    const labels = [...html().matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Yes: 5 people (63%)', 'Somewhat: 3 people (38%)', 'No: 0 people (0%)']);
  });

  it('draws bars in per cent of the width (no sideways scrolling), none for zero, and no style attributes', () => {
    const widths = openTags(html(), 'rect').map((tag) => attributes(tag).width);
    expect(widths).toEqual(['100%', '63%', '100%', '38%', '100%']);
    expect(html()).not.toMatch(/\sstyle=/);
  });

  it('has the same numbers as a table with headers', () => {
    const table = html().slice(html().indexOf('<table'));
    expect(table).toContain('<caption>2. Did you feel safe and respected?</caption>');
    expect(table).toContain('<th scope="row">Yes</th><td>5</td><td>63%</td>');
    expect(table).toContain('<th scope="col">People</th>');
  });
});

const textOfTag = (html: string, tag: string) => text(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(html)![1]!);

const overviewOf = (responses: Answers[], invited: number): SurveyOverview => ({
  survey: defaultSurvey(),
  sendsAt: '2026-12-02T01:30:00.000Z',
  remindsAt: '2026-12-05T01:30:00.000Z',
  lockedReason: 'The survey can only be changed before the workshop ends.',
  results: surveyResults({ questions }, surveyCounters(responses, invited, questions), responses),
});

describe('the results page', () => {
  const at = new Date('2026-12-03T00:00:00Z');
  const answers: Answers[] = [
    { supported: 5, safe: 'yes', recommend: 10, better: 'More tea, please.' },
    { supported: 4, safe: 'yes', recommend: 9 },
    { supported: 2, safe: 'no', recommend: 3, better: 'Quieter room.' },
  ];

  it('below 3 answers says how many answered and that results show from 3, with no chart and no CSV link', () => {
    const html = body(surveyResultsPage({ organizer, csrfToken: 'c', workshop: w, overview: overviewOf(answers.slice(0, 2), 4), at }));
    const main = text(mainOf(html));
    expect(main).toContain('2 people have answered. Results show once at least 3 people have answered');
    expect(main).toContain('Invited 4 people Answered 2 people Response rate 50%');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('survey.csv');
    expect(main).toContain('How supported did you feel? (Rating from 1 to 5)');
    expect(main).toContain('The survey can only be changed before the workshop ends.');
    expect(html).not.toContain('/survey/edit');
  });

  it('from 3 answers shows a chart per rating and choice question, the NPS with its counts, and the free text', () => {
    const html = body(surveyResultsPage({ organizer, csrfToken: 'c', workshop: w, overview: overviewOf(answers, 4), at }));
    const main = text(mainOf(html));
    expect(main).toContain('Response rate 75%');
    expect(openTags(html, 'svg')).toHaveLength(3);
    expect(main).toContain('3 answers; average 3.7 of 5');
    expect(main).toContain('Net Promoter Score: +33');
    expect(main).toContain('Promoters (9–10) 2 people Passives (7–8) 0 people Detractors (0–6) 1 person');
    expect(main).toContain('More tea, please.');
    expect(main).toContain('Quieter room.');
    expect(html).toContain('href="/console/workshops/wk_123/survey.csv"');
    expect(main).toContain('Sent 1 hour after the end: Tuesday, December 1, 2026, 8:30 PM Eastern Standard Time');
    expect(main).toContain('One, 72 hours later, to those who have not answered');
    expect(html).toContain('<meta name="robots" content="noindex"');
  });
  it('says plainly that nothing is sent for a cancelled workshop', () => {
    const html = body(surveyResultsPage({ organizer, csrfToken: 'c', workshop: workshop({ status: 'cancelled' }), overview: overviewOf([], 0), at }));
    const main = text(mainOf(html));
    expect(main).toContain('This workshop is cancelled, so no survey is sent.');
    expect(main).toContain('When Not sent: the workshop is cancelled Reminder None');
    expect(main).toContain('Response rate Nobody invited yet');
  });
});

describe('the survey edit form', () => {
  it('shows every question in its own group, two empty groups to add, and the timing', () => {
    const html = body(surveyEditPage({ organizer, csrfToken: 'csrf-1', workshop: w, values: surveyFormValues(defaultSurvey()) }));
    const legends = [...html.matchAll(/<legend>([\s\S]*?)<\/legend>/g)].map((m) => text(m[1]!));
    expect(legends).toEqual(['Question 1', 'Question 2', 'Question 3', 'Question 4', 'New question (optional)', 'New question (optional)']);
    expect(html).toContain('name="csrf" value="csrf-1"');
    expect(attributes(openTags(html, 'textarea').find((t) => t.includes('q1-options'))!)).toMatchObject({ name: 'q1-options' });
    expect(html).toContain('Yes\nSomewhat\nNo');
    expect(attributes(openTags(html, 'input').find((t) => t.includes('name="delayMinutes"'))!).value).toBe('60');
    expect('checked' in attributes(openTags(html, 'input').find((t) => t.includes('name="reminder"'))!)).toBe(true);
    for (const select of openTags(html, 'select')) expect(html).toContain(`<label for="${attributes(select).id}">`);
  });

  it('reads the form into the organizer API’s shape: removed and empty groups left out, options one per line', () => {
    const values = { ...surveyFormValues(defaultSurvey()), 'q0-remove': 'on', 'q4-text': 'Anything else?', 'q4-type': 'text', 'q4-required': '', reminder: '' };
    const read = readSurveyForm(values);
    const parsed = SurveyInput.parse(read.input);
    expect(parsed.questions.map((q) => q.id ?? q.text)).toEqual(['safe', 'recommend', 'better', 'Anything else?']);
    expect(parsed.questions[0]).toMatchObject({ type: 'choice', options: ['Yes', 'Somewhat', 'No'] });
    expect(parsed).toMatchObject({ delayMinutes: 60, reminderAfterHours: null });
    expect(read.errors).toEqual({});
  });

  it('maps errors back to the group they came from', () => {
    const values = { ...surveyFormValues(defaultSurvey()), 'q0-remove': 'on', 'q1-options': 'Only one', delayMinutes: 'soon' };
    const read = readSurveyForm(values);
    expect(read.errors).toEqual({ delayMinutes: 'Enter a whole number of minutes from 0 to 10080' });
    const parsed = SurveyInput.safeParse(read.input);
    expect(parsed.success).toBe(false);
    expect(read.fieldOf(parsed.error!.issues[0]!.path.join('.'))).toBe('q1-options');
  });
});

describe('the survey mails', () => {
  const url = 'https://hearth.example.org/survey?token=abc.def';
  const render = (kind: 'invitation' | 'reminder', title = 'Grief circle') =>
    surveyMail({ workshop: workshop({ title }), url, expiresAt: new Date('2026-12-31T12:00:00Z'), kind });

  it.each(['invitation', 'reminder'] as const)('the %s has a neutral subject and opening, the personal link and the crisis footer', (kind) => {
    const mail = render(kind);
    expect(mail.subject).toBe(kind === 'invitation' ? 'How was your session?' : 'A reminder: how was your session?');
    expect(mail.subject).not.toMatch(/grief|circle|workshop|support|mental|therapy/i);
    expect(mail.text.slice(0, 120)).not.toMatch(/grief|circle/i);
    expect(mail.text).toContain(`Answer the questions: ${url}`);
    expect(mail.text).toContain('works until Thursday, December 31, 2026');
    expect(mail.text).toContain('without your name, your email address or the time you answered');
    expect(mail.text).toContain('Workshop: Grief circle');
    expect(mail.text.trimEnd()).toMatch(/- Test Crisis Line: Call 000-TEST \(https:\/\/crisis\.example\.org\/help\)$/);
    expect(mail.html).toContain(`<a href="${url}" style="color:#0b57a4;text-decoration:underline;">Answer the questions</a>`);
    expect(mail.html).not.toContain('room-secret-42');
  });

  it('escapes a hostile title', () => {
    expect(render('invitation', hostileTitle).html).not.toContain('<script>alert(1)</script>');
  });
});
