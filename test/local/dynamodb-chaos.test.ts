import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbChaos, type DynamoDbChaos } from '../../infra/local/dynamodb-chaos';
import { ensureTable, startDynamoDb, type DynamoDbLocal } from '../../infra/local/dynamodb';
import { freePort } from '../support/local';
import { CampaignStore } from '../../shared/campaigns/campaign-store';
import { emptyCounters } from '../../shared/campaigns/model';
import { conditionally, db } from '../../shared/db/client';
import { transact } from '../../shared/db/transact';
import { RegistrationStore } from '../../shared/workshops/registration-store';
import { WorkshopStore } from '../../shared/workshops/workshop-store';
import { workshopItem } from '../support/hearth';
import { useLinkSecret } from '../../shared/link-secret';

/**
 * HEARTH_CHAOS_DYNAMODB: the proxy in front of a real DynamoDB Local refuses a share of the calls
 * the way real DynamoDB does under contention and throttling, and Hearth's one DynamoDB client
 * retries them, so the stores' conditional and transactional writes land exactly once.
 */
const TABLE = 'hearth-chaos';
let dynamo: DynamoDbLocal;
let chaos: DynamoDbChaos;
/** Through the proxy, without retries: sees every refusal. */
let once: DynamoDBClient;

/** A small seeded generator (mulberry32), so the refusals of a sequential run are the same every time. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

beforeAll(async () => {
  dynamo = await startDynamoDb({ port: await freePort(), path: null });
  await ensureTable(dynamo.client, TABLE);
  chaos = await createDynamoDbChaos({ target: dynamo.endpoint, probability: 0, random: seeded(11) });
  once = new DynamoDBClient({ endpoint: chaos.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  // Hearth's own client (shared/db/client.ts) reaches DynamoDB through the proxy, as the functions do.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: chaos.url,
    TABLE_NAME: TABLE,
  });
  // Registrations key their email claims by a keyed hash of the link secret (shared/kernel/email-hash.ts).
  useLinkSecret('chaos-test-link-secret');
});

afterAll(async () => {
  once?.destroy();
  db().destroy();
  await chaos?.close();
  await dynamo?.stop();
});

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'ITEM' } });
/** The truth, read from DynamoDB Local itself. */
const truth = async (pk: string) => (await dynamo.client.send(new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }))).Item;
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { name?: string; CancellationReasons?: { Code?: string }[] }) => error,
  );

describe('the HEARTH_CHAOS_DYNAMODB proxy in front of DynamoDB Local', () => {
  it('at 0 forwards every call, DynamoDB Local\'s own answers included', async () => {
    chaos.setProbability(0);
    const before = chaos.faults();
    await once.send(new PutItemCommand({ TableName: TABLE, Item: { ...key('p0'), n: { N: '1' } } }));
    expect((await once.send(new GetItemCommand({ TableName: TABLE, Key: key('p0'), ConsistentRead: true }))).Item?.n).toEqual({ N: '1' });
    const refused = await errorOf(
      once.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: key('p0-a') } },
            { Update: { TableName: TABLE, Key: key('p0'), UpdateExpression: 'ADD n :one', ConditionExpression: 'n > :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
          ],
        }),
      ),
    );
    expect(refused?.name).toBe('TransactionCanceledException');
    expect(refused?.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(chaos.faults()).toEqual(before);
  });

  it('at 1 refuses every data-plane call with the error real DynamoDB gives, and applies none of them', async () => {
    await dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key('p1'), n: { N: '0' } } }));
    chaos.setProbability(1);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const update = await errorOf(
        once.send(new UpdateItemCommand({ TableName: TABLE, Key: key('p1'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } })),
      );
      expect(['TransactionConflictException', 'ProvisionedThroughputExceededException']).toContain(update?.name);
      seen.add(update!.name!);
      const transaction = await errorOf(
        once.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: TABLE, Item: key(`p1-new-${i}`) } },
              { Update: { TableName: TABLE, Key: key('p1'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
              { ConditionCheck: { TableName: TABLE, Key: key('p1'), ConditionExpression: 'attribute_exists(pk)' } },
            ],
          }),
        ),
      );
      seen.add(transaction!.name!);
      if (transaction?.name === 'TransactionCanceledException') {
        const codes = transaction.CancellationReasons!.map((reason) => reason.Code);
        expect(codes).toHaveLength(3);
        expect(codes.filter((code) => code === 'TransactionConflict')).toHaveLength(1);
        expect(codes.filter((code) => code === 'None')).toHaveLength(2);
      } else expect(transaction?.name).toBe('ProvisionedThroughputExceededException');
      const read = await errorOf(once.send(new GetItemCommand({ TableName: TABLE, Key: key('p1') })));
      expect(read?.name).toBe('ProvisionedThroughputExceededException');
    }
    expect([...seen].sort()).toEqual(['ProvisionedThroughputExceededException', 'TransactionCanceledException', 'TransactionConflictException']);
    // The control plane is never refused.
    expect((await once.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableName).toBe(TABLE);
    chaos.setProbability(0);
    expect(await truth('p1')).toEqual({ ...key('p1'), n: { N: '0' } });
    expect(await truth('p1-new-0')).toBeUndefined();
  });

  it('at 0.3 refuses about that share of the calls', async () => {
    chaos.setProbability(0.3);
    const faults = () => Object.values(chaos.faults()).reduce((sum, n) => sum + n, 0);
    const before = faults();
    let refused = 0;
    for (let i = 0; i < 300; i++) if (await errorOf(once.send(new GetItemCommand({ TableName: TABLE, Key: key('p0') })))) refused++;
    chaos.setProbability(0);
    expect(faults() - before).toBe(refused);
    expect(refused).toBeGreaterThan(50);
    expect(refused).toBeLessThan(130);
  });

  it('refuses values that are not a probability', async () => {
    await expect(createDynamoDbChaos({ target: dynamo.endpoint, probability: 1.5 })).rejects.toThrow(/between 0 and 1/);
    expect(() => chaos.setProbability(-0.1)).toThrow(/between 0 and 1/);
  });
});

describe("the stores' conditional and transactional writes under HEARTH_CHAOS_DYNAMODB=0.5", () => {
  const at = new Date('2026-12-01T10:00:00Z');
  const faults = () => Object.values(chaos.faults()).reduce((sum, n) => sum + n, 0);

  it('land exactly once: campaign transitions, markSentIfComplete, counters in transactions', async () => {
    chaos.setProbability(0.5);
    const before = faults();
    const id = 'chaos-campaign';
    await CampaignStore.create({
      id,
      subject: 'News',
      bodyMarkdown: 'Hello',
      topics: [],
      status: 'draft',
      createdBy: 'organizer',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      counters: emptyCounters(),
      planned: false,
    });
    expect(await CampaignStore.update(id, { subject: 'News, edited' }, at)).toMatchObject({ subject: 'News, edited' });
    expect(await CampaignStore.transition(id, { from: ['draft'], set: { status: 'sending', updatedAt: at.toISOString() }, setIfAbsent: { startedAt: at.toISOString() } })).toMatchObject({
      status: 'sending',
    });
    // A transition from a status it is not in is an answer, under chaos too.
    expect(await CampaignStore.transition(id, { from: ['draft'], set: { status: 'cancelled', updatedAt: at.toISOString() } })).toBeUndefined();
    expect(await transact([CampaignStore.counterAction(id, { batches: 2, recipients: 7 }, { set: 'planned = :yes', values: { ':yes': true } })])).toEqual({ ok: true });
    expect(await CampaignStore.markSentIfComplete(id, at)).toBe('incomplete');
    for (let i = 0; i < 2; i++) expect(await transact([CampaignStore.counterAction(id, { batchesDone: 1, sent: i === 0 ? 4 : 3 })])).toEqual({ ok: true });
    expect(await CampaignStore.markSentIfComplete(id, at)).toBe('marked');
    expect(await CampaignStore.markSentIfComplete(id, at)).toBe('was-sent');
    chaos.setProbability(0);

    expect(faults() - before).toBeGreaterThan(3);
    const stored = await CampaignStore.get(id);
    expect(stored).toMatchObject({ status: 'sent', subject: 'News, edited', planned: true, finishedAt: at.toISOString() });
    expect(stored!.counters).toMatchObject({ batches: 2, batchesDone: 2, recipients: 7, sent: 7 });
  });

  it('land exactly once: seats taken in transactions, waitlist tickets from the ADD counter', async () => {
    chaos.setProbability(0.5);
    const before = faults();
    const workshopId = 'chaos-workshop';
    await WorkshopStore.create(workshopItem(workshopId, new Date('2027-01-12T18:00:00Z'), at));
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      const registration = { id: `r${i}`, workshopId, email: `person${i}@example.org`, status: 'confirmed' as const, createdAt: at.toISOString(), confirmedAt: at.toISOString() };
      outcomes.push(await transact([WorkshopStore.takeSeat(workshopId, at), ...(await RegistrationStore.create(registration))]));
    }
    const tickets = [];
    for (let i = 0; i < 6; i++) tickets.push((await WorkshopStore.issueTicket(workshopId)).ticket);
    // A conditional put whose condition fails is an answer, under chaos too.
    const again = new PutCommand({ TableName: TABLE, Item: { pk: `WS#${workshopId}`, sk: 'WORKSHOP' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(await conditionally(db().send(again))).toBe(false);
    chaos.setProbability(0);

    expect(faults() - before).toBeGreaterThan(3);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, false, false]);
    expect(outcomes[3]).toEqual({ ok: false, failed: [true, false, false] });
    expect(tickets).toEqual([1, 2, 3, 4, 5, 6]);
    const stored = await WorkshopStore.get(workshopId);
    expect(stored).toMatchObject({ confirmedCount: 3, waitlistSeq: 6 });
    expect(await RegistrationStore.listForWorkshop(workshopId)).toHaveLength(3);
  });
});
