import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { queryAll, queryPages } from '../db/query';
import { transact, type TransactItem } from '../db/transact';
import { expiresAfter, retentionDays } from '../kernel/retention';
import { Workshops } from '../workshops/port';
import { SURVEY_LINK_DAYS } from './links';
import { INVITEE_PREFIX, RESPONSE_PREFIX, answeredCounter, inviteeKey, responseKey, resultsKey, surveyKey, valueCounter } from './keys';
import type { Answers, Question, Survey } from './model';

/**
 * DynamoDB access for surveys, their results counters, invitee markers and anonymous responses
 * (keys: ./keys.ts). Counts change only inside the transaction that makes their reason true (a new
 * invitee marker, a first answer through a link), so they are atomic and never counted twice, and
 * nothing ever scans responses to count them.
 */

export interface Invitee {
  registrationId: string;
  invitedAt: string;
  /** The link was used. When, or what was answered, is not kept. */
  answered: boolean;
}

/** The results item's counters as stored: `invited`, `responses`, `a:<q>`, `n:<q>:<value>`. */
export type Counters = Record<string, number>;

export type SaveOutcome = 'saved' | 'closed' | 'invitations-sent';
export type AnswerWriteOutcome = 'answered' | 'already-answered' | 'not-invited' | 'closed';

const table = () => config.tableName;

const toInvitee = (item: Record<string, unknown>): Invitee => ({
  registrationId: String(item.registrationId),
  invitedAt: String(item.invitedAt),
  answered: item.answered === true,
});

const toSurvey = (item: Record<string, unknown>): Survey => ({
  questions: item.questions as Question[],
  delayMinutes: Number(item.delayMinutes),
  reminderAfterHours: item.reminderAfterHours === null || item.reminderAfterHours === undefined ? null : Number(item.reminderAfterHours),
  ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
});

const get = async (key: Record<string, string>) =>
  (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;

/** The counter updates one set of answers makes, as one UpdateExpression on the results item. */
const countAnswers = (workshopId: string, questions: readonly Question[], answers: Answers): TransactItem => {
  const names: Record<string, string> = { '#responses': 'responses' };
  const adds = ['#responses :one'];
  let n = 0;
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    names[`#c${n}`] = answeredCounter(question.id);
    adds.push(`#c${n} :one`);
    n++;
    if (question.type !== 'text') {
      names[`#c${n}`] = valueCounter(question.id, value);
      adds.push(`#c${n} :one`);
      n++;
    }
  }
  return {
    Update: {
      TableName: table(),
      Key: resultsKey(workshopId),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
};

export const SurveyStore = {
  /** The workshop's own survey, or undefined when it has the default one. */
  async get(workshopId: string): Promise<Survey | undefined> {
    const item = await get(surveyKey(workshopId));
    return item ? toSurvey(item) : undefined;
  },

  /**
   * Saves the survey, in one transaction with its two rules: the workshop has not ended and is not
   * cancelled, and no invitation has gone out (a workshop moved later after its survey was sent
   * keeps the questions its answers were given to).
   */
  async put(workshopId: string, survey: Survey, at: Date): Promise<SaveOutcome> {
    const outcome = await transact([
      Workshops.notEndedNorCancelled(workshopId, at),
      {
        ConditionCheck: {
          TableName: table(),
          Key: resultsKey(workshopId),
          ConditionExpression: 'attribute_not_exists(invited) OR invited = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      {
        Put: {
          TableName: table(),
          Item: {
            ...surveyKey(workshopId),
            questions: survey.questions,
            delayMinutes: survey.delayMinutes,
            reminderAfterHours: survey.reminderAfterHours,
            updatedAt: at.toISOString(),
          },
        },
      },
    ]);
    if (outcome.ok) return 'saved';
    return outcome.failed[0] ? 'closed' : 'invitations-sent';
  },

  /** The results counters; an empty object before anyone was invited. */
  async counters(workshopId: string): Promise<Counters> {
    const item = await get(resultsKey(workshopId));
    const counters: Counters = {};
    for (const [name, value] of Object.entries(item ?? {})) {
      if (name === 'pk' || name === 'sk') continue;
      if (typeof value === 'number') counters[name] = value;
    }
    return counters;
  },

  async invitee(workshopId: string, registrationId: string): Promise<Invitee | undefined> {
    const item = await get(inviteeKey(workshopId, registrationId));
    return item ? toInvitee(item) : undefined;
  },

  /**
   * Marks a person invited and counts them, in one transaction that only succeeds while the marker
   * is new: a repeated delivery finds the marker and counts nothing. Answers the marker. The marker
   * goes by TTL when its links lapse (SURVEY_LINK_DAYS after the invitation): the survey is closed
   * for that person then, and nothing needs to know they were invited any more.
   */
  async invite(workshopId: string, registrationId: string, at: Date): Promise<{ invitee: Invitee; created: boolean }> {
    const invitee: Invitee = { registrationId, invitedAt: at.toISOString(), answered: false };
    const outcome = await transact([
      {
        Put: {
          TableName: table(),
          Item: { ...inviteeKey(workshopId, registrationId), registrationId, invitedAt: invitee.invitedAt, expiresAt: expiresAfter(at, SURVEY_LINK_DAYS) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: table(),
          Key: resultsKey(workshopId),
          UpdateExpression: 'ADD invited :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    if (outcome.ok) return { invitee, created: true };
    const existing = await this.invitee(workshopId, registrationId);
    if (!existing) throw new Error('The invitee marker was neither written nor found; retry');
    return { invitee: existing, created: false };
  },

  /** The registration ids of invitees who have not answered, a page at a time (the reminder's fan-out). */
  async *unansweredPages(workshopId: string): AsyncGenerator<string[]> {
    const pages = queryPages({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_not_exists(answered)',
      ProjectionExpression: 'registrationId',
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': INVITEE_PREFIX },
      ConsistentRead: true,
    });
    for await (const page of pages) yield page.map((item) => String(item.registrationId));
  },

  /**
   * One person's answers, in one transaction: the workshop is still published, their marker is
   * set to answered if it was not (the only trace of them), a response with a random id and the
   * answers alone is put, and the counters are added to. If the link was used already, nothing
   * changes at all. The response goes by TTL HEARTH_RETENTION_SURVEY_RESPONSE_DAYS after the
   * workshop ended: the same instant for every response of a workshop, so it says nothing of when
   * anyone answered.
   */
  async answer(workshop: { id: string; endsAt: string }, registrationId: string, questions: readonly Question[], answers: Answers): Promise<AnswerWriteOutcome> {
    const workshopId = workshop.id;
    const outcome = await transact([
      Workshops.published(workshopId),
      {
        Update: {
          TableName: table(),
          Key: inviteeKey(workshopId, registrationId),
          UpdateExpression: 'SET answered = :true',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answered)',
          ExpressionAttributeValues: { ':true': true },
        },
      },
      {
        Put: {
          TableName: table(),
          Item: { ...responseKey(workshopId, randomUUID()), answers, expiresAt: expiresAfter(workshop.endsAt, retentionDays('surveyResponses')) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      countAnswers(workshopId, questions, answers),
    ]);
    if (outcome.ok) return 'answered';
    if (outcome.failed[0]) return 'closed';
    const invitee = await this.invitee(workshopId, registrationId);
    return invitee?.answered ? 'already-answered' : 'not-invited';
  },

  /** Every response's answers, in the order of their random ids (which says nothing about who or when). */
  async responses(workshopId: string): Promise<Answers[]> {
    const { items } = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ProjectionExpression: 'answers',
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': RESPONSE_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => (item.answers ?? {}) as Answers);
  },
};
