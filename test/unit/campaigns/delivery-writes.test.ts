import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SIZE } from '../../../shared/campaigns/delivery/plan';
import { DeliveryStore, RECORD_MAX, type Recipient } from '../../../shared/campaigns/delivery/delivery-store';

/**
 * DynamoDB refuses an expression longer than 4 KB (ValidationException), and DynamoDB Local does not:
 * a write that grew past it would pass every local test and fail every batch on AWS. So the largest
 * writes a batch makes are measured here.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
 */
const EXPRESSION_MAX = 4096;

beforeAll(() => {
  process.env.TABLE_NAME ??= 'hearth-test';
});

const recipients = (count: number): Recipient[] =>
  Array.from({ length: count }, () => ({
    subscriberId: randomUUID(),
    email: `someone.with.a.long.address+${randomUUID()}@example.org`,
    state: 'failed' as const,
    reason: 'SES refused it: Email address is not verified.',
    at: new Date().toISOString(),
  }));

describe("a batch's writes stay within DynamoDB's expression limits", () => {
  it('holds a whole batch in at most RECORD_MAX recipients per write', () => {
    expect(BATCH_SIZE).toBeLessThanOrEqual(RECORD_MAX);
  });

  it('records RECORD_MAX final states (the usual transaction) with expressions under 4 KB', () => {
    for (const finish of [false, true]) {
      const [batch, campaign] = DeliveryStore.recordActions('c0ffee00-0000-4000-8000-000000000000', '000123-04', {
        lease: Date.now(),
        renewTo: Date.now() + 60_000,
        recipients: recipients(RECORD_MAX),
        before: { sent: 12_345, suppressed: 678, failed: 9 },
        finish,
      });
      for (const action of [batch!.Update!, campaign!.Update!]) {
        expect(action.UpdateExpression!.length).toBeLessThan(EXPRESSION_MAX);
        expect((action.ConditionExpression ?? '').length).toBeLessThan(EXPRESSION_MAX);
      }
    }
  });

  it('refuses to build a write of more than RECORD_MAX', () => {
    expect(() =>
      DeliveryStore.recordActions('c', 'b', { lease: 1, renewTo: 2, recipients: recipients(RECORD_MAX + 1), before: { sent: 0, suppressed: 0, failed: 0 }, finish: false }),
    ).toThrow(`At most ${RECORD_MAX} final states in one write`);
  });
});
