import { describe, expect, it } from 'vitest';
import {
  FREE_TEXT_MAX,
  SurveyInput,
  defaultQuestions,
  defaultSurvey,
  normalizeQuestions,
  readAnswers,
  type Question,
} from '../../../shared/surveys/model';
import { surveyLockedReason } from '../../../shared/surveys/settings';

const questions = defaultQuestions();
const valid = { 'q-supported': '4', 'q-safe': 'somewhat', 'q-recommend': '9', 'q-better': 'More time to talk.' };

describe('the default survey', () => {
  it('asks the four peer-support questions with stable ids, one of each type, free text optional', () => {
    expect(questions.map((q) => [q.id, q.type, q.required])).toEqual([
      ['supported', 'rating', true],
      ['safe', 'choice', true],
      ['recommend', 'nps', true],
      ['better', 'text', false],
    ]);
    expect(questions.map((q) => q.text)).toEqual([
      'How supported did you feel?',
      'Did you feel safe and respected?',
      'How likely are you to recommend this group to someone like you?',
      'What could be better?',
    ]);
    expect((questions[1] as Extract<Question, { type: 'choice' }>).options.map((o) => o.id)).toEqual(['yes', 'somewhat', 'no']);
    expect(defaultSurvey()).toMatchObject({ delayMinutes: 60, reminderAfterHours: 72 });
  });
});

describe('reading one person’s answers', () => {
  it('accepts valid answers: numbers for ratings and NPS, the option id, trimmed free text with line breaks kept', () => {
    const outcome = readAnswers(questions, { ...valid, 'q-better': '  Line one\r\nline two  ', token: 'ignored', extra: 'ignored' });
    expect(outcome).toEqual({ ok: true, answers: { supported: 4, safe: 'somewhat', recommend: 9, better: 'Line one\nline two' } });
  });

  it('leaves an optional question out when it is empty or blank', () => {
    expect(readAnswers(questions, { ...valid, 'q-better': '   ' })).toEqual({ ok: true, answers: { supported: 4, safe: 'somewhat', recommend: 9 } });
  });

  it('accepts the ends of each scale: 1 and 5, 0 and 10', () => {
    for (const [supported, recommend] of [['1', '0'], ['5', '10']]) {
      const outcome = readAnswers(questions, { ...valid, 'q-supported': supported!, 'q-recommend': recommend! });
      expect(outcome.ok).toBe(true);
    }
  });

  it.each([
    ['a rating above the scale', { 'q-supported': '6' }, 'q-supported', 'Choose a number from 1 to 5'],
    ['a rating of 0', { 'q-supported': '0' }, 'q-supported', 'Choose a number from 1 to 5'],
    ['a fractional rating', { 'q-supported': '4.5' }, 'q-supported', 'Choose a number from 1 to 5'],
    ['a rating that is not a number', { 'q-supported': 'five' }, 'q-supported', 'Choose a number from 1 to 5'],
    ['an NPS of 11', { 'q-recommend': '11' }, 'q-recommend', 'Choose a number from 0 to 10'],
    ['a negative NPS', { 'q-recommend': '-1' }, 'q-recommend', 'Choose a number from 0 to 10'],
    ['an unknown option', { 'q-safe': 'maybe' }, 'q-safe', 'Choose one of the options'],
    ['an option label instead of its id', { 'q-safe': 'Yes' }, 'q-safe', 'Choose one of the options'],
    ['free text over the limit', { 'q-better': 'x'.repeat(FREE_TEXT_MAX + 1) }, 'q-better', `At most ${FREE_TEXT_MAX} characters; this answer has ${FREE_TEXT_MAX + 1}`],
    ['free text with control characters', { 'q-better': 'hello\u0007' }, 'q-better', 'Must not contain control characters'],
    ['a missing required rating', { 'q-supported': '' }, 'q-supported', 'Choose a number from 1 to 5'],
    ['a missing required choice', { 'q-safe': undefined }, 'q-safe', 'Choose one of the options'],
  ])('refuses %s with a message for that question', (_name, change, field, message) => {
    const outcome = readAnswers(questions, { ...valid, ...change });
    expect(outcome).toEqual({ ok: false, errors: { [field]: message } });
  });

  it('accepts free text of exactly the limit, counting a line break as one character', () => {
    const text = `${'x'.repeat(FREE_TEXT_MAX - 2)}\r\ny`;
    expect(readAnswers(questions, { ...valid, 'q-better': text }).ok).toBe(true);
  });

  it('reports every problem at once, keyed by form field', () => {
    const outcome = readAnswers(questions, {});
    expect(outcome.ok).toBe(false);
    expect(Object.keys((outcome as { errors: object }).errors)).toEqual(['q-supported', 'q-safe', 'q-recommend']);
  });

  it('asks for words when free text is required', () => {
    const required: Question[] = [{ id: 'story', type: 'text', text: 'Tell us', required: true }];
    expect(readAnswers(required, {})).toEqual({ ok: false, errors: { 'q-story': 'Write an answer' } });
    expect(readAnswers(required, { 'q-story': 'Fine' })).toEqual({ ok: true, answers: { story: 'Fine' } });
  });

  it('follows a rating scale other than 5', () => {
    const seven: Question[] = [{ id: 'calm', type: 'rating', text: 'Calm?', required: true, max: 7 }];
    expect(readAnswers(seven, { 'q-calm': '7' })).toEqual({ ok: true, answers: { calm: 7 } });
    expect(readAnswers(seven, { 'q-calm': '8' })).toEqual({ ok: false, errors: { 'q-calm': 'Choose a number from 1 to 7' } });
  });
});

describe('what organizers send', () => {
  it('gives questions and options ids, keeps given ones, and reuses an option id for the same label', () => {
    const input = SurveyInput.parse({
      questions: [
        { type: 'choice', text: 'Which part helped?', options: ['Sharing', 'Listening', { id: 'quiet', label: 'Quiet time' }] },
        { type: 'rating', text: 'How calm?', max: 7 },
        { id: 'q1', type: 'text', text: 'Anything else?' },
      ],
    });
    const first = normalizeQuestions(input.questions);
    expect(first).toEqual({
      ok: true,
      value: [
        { id: 'q2', type: 'choice', text: 'Which part helped?', required: true, options: [{ id: 'o1', label: 'Sharing' }, { id: 'o2', label: 'Listening' }, { id: 'quiet', label: 'Quiet time' }] },
        { id: 'q3', type: 'rating', text: 'How calm?', required: true, max: 7 },
        { id: 'q1', type: 'text', text: 'Anything else?', required: false },
      ],
    });
    // Edited later: the labels that stay keep their ids.
    const again = normalizeQuestions(SurveyInput.parse({ questions: [{ id: 'q2', type: 'choice', text: 'Which part helped?', options: ['Listening', 'Sharing', 'Tea'] }] }).questions, first.ok ? first.value : []);
    expect(again.ok && again.value[0]).toMatchObject({ options: [{ id: 'o2', label: 'Listening' }, { id: 'o1', label: 'Sharing' }, { id: 'o3', label: 'Tea' }] });
  });

  it('refuses a question id used twice and an option given twice', () => {
    const ids = normalizeQuestions(SurveyInput.parse({ questions: [{ id: 'a', type: 'nps', text: 'One' }, { id: 'a', type: 'text', text: 'Two' }] }).questions);
    expect(ids).toEqual({ ok: false, errors: { 'questions.1.id': 'This id is used by another question' } });
    const options = normalizeQuestions(SurveyInput.parse({ questions: [{ type: 'choice', text: 'Pick', options: ['Yes', 'yes'] }] }).questions);
    expect(options).toEqual({ ok: false, errors: { 'questions.0.options': '“yes” is there twice' } });
  });

  it.each([
    ['no questions', { questions: [] }, 'questions', 'Ask at least one question'],
    ['an unknown type', { questions: [{ type: 'slider', text: 'Hm' }] }, 'questions.0.type', 'Each question needs a type: rating, choice, nps or text'],
    ['a choice with one option', { questions: [{ type: 'choice', text: 'Pick', options: ['Only'] }] }, 'questions.0.options', 'Give at least 2 options'],
    ['an empty question', { questions: [{ type: 'nps', text: '  ' }] }, 'questions.0.text', 'Required'],
    ['markup in a question', { questions: [{ type: 'nps', text: '<b>Hi</b>' }] }, 'questions.0.text', 'Must not contain < or >'],
    ['a negative delay', { questions: [{ type: 'nps', text: 'Hi' }], delayMinutes: -5 }, 'delayMinutes', 'At least 0 minutes'],
    ['a reminder after three weeks', { questions: [{ type: 'nps', text: 'Hi' }], reminderAfterHours: 504 }, 'reminderAfterHours', 'At most 336 hours'],
    ['an unknown field', { questions: [{ type: 'nps', text: 'Hi' }], colour: 'blue' }, '', 'Unrecognized key: "colour"'],
  ])('refuses %s', (_name, body, path, message) => {
    const parsed = SurveyInput.safeParse(body);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toBe(message);
  });

  it('switches the reminder off with null and keeps timing that is left out', () => {
    expect(SurveyInput.parse({ questions: [{ type: 'nps', text: 'Hi' }], reminderAfterHours: null }).reminderAfterHours).toBeNull();
    expect('delayMinutes' in SurveyInput.parse({ questions: [{ type: 'nps', text: 'Hi' }] })).toBe(false);
  });
});

describe('when a survey can be changed', () => {
  const at = new Date('2026-12-01T12:00:00Z');
  it('before the end, while nobody is invited; not after the end, when cancelled, or once invitations went out', () => {
    expect(surveyLockedReason({ status: 'published', endsAt: '2026-12-01T12:00:01Z' }, 0, at)).toBeUndefined();
    expect(surveyLockedReason({ status: 'draft', endsAt: '2026-12-02T12:00:00Z' }, 0, at)).toBeUndefined();
    expect(surveyLockedReason({ status: 'published', endsAt: '2026-12-01T12:00:00Z' }, 0, at)).toMatch(/before the workshop ends/);
    expect(surveyLockedReason({ status: 'cancelled', endsAt: '2026-12-02T12:00:00Z' }, 0, at)).toMatch(/cancelled/);
    expect(surveyLockedReason({ status: 'published', endsAt: '2026-12-02T12:00:00Z' }, 1, at)).toMatch(/Invitations/);
  });
});
