import { afterEach, beforeEach } from 'vitest';
import type { CrisisResource } from '../../../shared/config';
import type { PublicWorkshop, Registration, Workshop } from '../../../shared/workshops/model';
import { answeredCounter, valueCounter } from '../../../shared/surveys/keys';
import { defaultQuestions, type Answers, type Question } from '../../../shared/surveys/model';
import type { WorkshopFormValues } from '../../../shared/web/console/workshop-input';

export const hostileTitle = `Grief circle <script>alert(1)</script> "quoted" & more`;

export const workshop = (overrides: Partial<Workshop> = {}): Workshop => ({
  id: 'wk_123',
  title: 'Grief circle',
  description: 'A gentle evening.\nBring yourself.',
  startsAt: '2026-12-01T18:00:00-05:00',
  endsAt: '2026-12-01T19:30:00-05:00',
  timezone: 'America/New_York',
  capacity: 10,
  waitlist: true,
  discreet: false,
  location: '12 Elm Street, Room 3',
  onlineUrl: 'https://meet.example.org/room-secret-42',
  facilitator: 'Sam',
  status: 'published',
  confirmedCount: 4,
  waitlistCount: 0,
  sequence: 0,
  reminderOffsetsMinutes: [1440, 60],
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  ...overrides,
});

export const registration = (overrides: Partial<Registration> = {}): Registration => ({
  id: 'rg_456',
  workshopId: 'wk_123',
  email: 'person@example.org',
  displayName: 'Kim',
  status: 'confirmed',
  createdAt: '2026-11-02T10:00:00Z',
  confirmedAt: '2026-11-02T10:00:00Z',
  ...overrides,
});

export const publicWorkshop = (overrides: Partial<PublicWorkshop> = {}): PublicWorkshop => ({
  id: 'wk_123',
  title: 'Grief circle',
  description: 'A gentle evening.',
  startsAt: '2026-12-01T18:00:00-05:00',
  endsAt: '2026-12-01T19:30:00-05:00',
  timezone: 'America/New_York',
  facilitator: 'Sam',
  format: 'online',
  seatsLeft: 6,
  waitlistOpen: true,
  full: false,
  cancelled: false,
  ...overrides,
});

/** A complete, valid workshop as the JSON API takes it (NewWorkshop). */
export const newWorkshopInput = {
  title: 'Peer circle',
  description: 'A circle',
  startsAt: '2027-01-05T18:00:00-05:00',
  endsAt: '2027-01-05T19:30:00-05:00',
  timezone: 'America/New_York',
  capacity: 10,
  waitlist: true,
  onlineUrl: 'https://meet.example.org/x',
};

/** The console's workshop form, filled in completely and validly (no reminder fields: the defaults). */
export const filledWorkshopForm = (overrides: WorkshopFormValues = {}): WorkshopFormValues => ({
  title: 'Grief circle',
  description: 'A gentle evening.',
  facilitator: 'Sam',
  date: '2030-01-15',
  startTime: '18:00',
  endTime: '19:30',
  timezone: 'America/New_York',
  capacity: '12',
  waitlist: 'true',
  location: '',
  onlineUrl: 'https://meet.example.org/room',
  ...overrides,
});

/** A survey's counters (the results item) as the answer transaction adds them up, answer by answer. */
export const surveyCounters = (responses: readonly Answers[], invited: number, questions: readonly Question[] = defaultQuestions()) => {
  const counters: Record<string, number> = { invited, responses: responses.length };
  for (const response of responses) {
    for (const question of questions) {
      const value = response[question.id];
      if (value === undefined) continue;
      counters[answeredCounter(question.id)] = (counters[answeredCounter(question.id)] ?? 0) + 1;
      if (question.type !== 'text') counters[valueCounter(question.id, value)] = (counters[valueCounter(question.id, value)] ?? 0) + 1;
    }
  }
  return counters;
};

/** The crisis line the page and mail tests expect in every footer. */
export const testCrisisLine: CrisisResource = { name: 'Test Crisis Line', contact: 'Call 000-TEST', url: 'https://crisis.example.org/help' };

/**
 * The environment pages and mails read as they render, set before each test of the file (or the
 * describe) that calls this and removed after it: HEARTH_CRISIS_RESOURCES (the test line unless
 * `crisis` says otherwise), and HEARTH_BASE_URL and ORG_NAME when given.
 */
export const renderEnvironment = (options: { crisis?: CrisisResource[]; baseUrl?: string; orgName?: string } = {}) => {
  const env: Record<string, string> = { HEARTH_CRISIS_RESOURCES: JSON.stringify(options.crisis ?? [testCrisisLine]) };
  if (options.baseUrl !== undefined) env.HEARTH_BASE_URL = options.baseUrl;
  if (options.orgName !== undefined) env.ORG_NAME = options.orgName;
  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) process.env[name] = value;
  });
  afterEach(() => {
    for (const name of Object.keys(env)) delete process.env[name];
  });
};
