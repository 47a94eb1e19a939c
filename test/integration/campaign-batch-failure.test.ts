import { createServer, request, type Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignState, createTopic, draftCampaign, importSubscribers } from '../support/campaigns';
import { api, createApiKey, mails } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * A campaign batch stopping half-way, run in this process against the runtime's DynamoDB Local and
 * the real SES emulator (behind a switch that can refuse sends, since the emulator cannot answer
 * SendingPausedException itself; it also counts what passes):
 * - on an SES error that is neither throttling nor a refusal of one mail (SendingPausedException,
 *   SES's answer while the account's sending is paused), what was sent before the error is
 *   recorded before the attempt fails, so the retry sends only the rest, and nobody gets it twice;
 * - when the campaign is paused and then cancelled while the batch sends, the batch stops at the
 *   next chunk, and the cancellation closes the rest as failed: nothing more is sent;
 * - when the attempt that settled the last batch fails before it marks the campaign sent (DynamoDB
 *   failing that one write, behind a second switch in front of DynamoDB Local), its retry, which
 *   finds the batch done, still marks the campaign sent.
 */
let hearth: LocalHandle;
let key: string;
let gate: Server;
let gateUrl: string;
/** How many more sends the gate lets through to the emulator; after that, SendingPausedException. */
let allowed = Number.POSITIVE_INFINITY;
let refused = 0;
/** Sends the switch let through to the emulator. */
let passed = 0;
let dynamoGate: Server;
/** While true, the gate fails the write that marks a campaign sent, as an unavailable DynamoDB would. */
let refuseCompletion = false;
let sendCampaignBatch: typeof import('../../shared/campaigns/delivery/send-batch').sendCampaignBatch;
let planAudiencePage: typeof import('../../shared/campaigns/delivery/plan').planAudiencePage;
let pauseCampaign: typeof import('../../shared/campaigns/campaigns').pauseCampaign;

const SUBSCRIBERS = 50;

beforeAll(async () => {
  hearth = await startLocal({ env: { HEARTH_SES_MAX_SEND_RATE: '1000' } });
  key = await createApiKey(hearth);
  const emulator = new URL(hearth.mailUrl);
  gate = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails') && allowed <= 0) {
      refused++;
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'SendingPausedException' });
      res.end(JSON.stringify({ message: 'Email sending is disabled for your entire Amazon SES account.' }));
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
      allowed--;
      passed++;
    }
    const upstream = request({ hostname: emulator.hostname, port: emulator.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  gateUrl = `http://127.0.0.1:${(gate.address() as { port: number }).port}`;
  const dynamo = new URL(hearth.dynamoEndpoint);
  dynamoGate = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (refuseCompletion && req.headers['x-amz-target'] === 'DynamoDB_20120810.UpdateItem' && body.toString('utf8').includes('batchesDone = batches')) {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error (injected)' }));
        return;
      }
      const upstream = request({ hostname: dynamo.hostname, port: dynamo.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => dynamoGate.listen(0, '127.0.0.1', resolve));
  const dynamoGateUrl = `http://127.0.0.1:${(dynamoGate.address() as { port: number }).port}`;
  await useRuntimeInThisProcess(hearth, {
    HEARTH_SES_MAX_SEND_RATE: '1000',
    AWS_ENDPOINT_URL_SESV2: gateUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoGateUrl,
    LOG_LEVEL: 'ERROR',
  });
  ({ sendCampaignBatch } = await import('../../shared/campaigns/delivery/send-batch'));
  ({ planAudiencePage } = await import('../../shared/campaigns/delivery/plan'));
  ({ pauseCampaign } = await import('../../shared/campaigns/campaigns'));
});

afterAll(async () => {
  await new Promise((resolve) => gate?.close(resolve));
  await new Promise((resolve) => dynamoGate?.close(resolve));
  await hearth?.stop();
});

/**
 * A campaign to SUBSCRIBERS new subscribers of a new topic (`<prefix>-<n>@example.org`), sent and
 * planned into one batch, `000000-00`. The runtime's own deliveries are held: this process sends it.
 */
const sendingCampaign = async (topic: string, prefix: string): Promise<string> => {
  await createTopic(hearth, key, topic);
  await importSubscribers(
    hearth,
    Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `${prefix}-${i}@example.org`, topics: [topic.toLowerCase()] })),
  );
  const id = await draftCampaign(hearth, key, { topics: [topic] });
  expect((await fetch(`${hearth.baseUrl}/dev/bus/hold`, { method: 'POST' })).status).toBe(200);
  const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key);
  expect(sent.status, sent.text).toBe(202);
  await planAudiencePage({ campaignId: id, page: 0, cursor: null }, new Date());
  return id;
};

describe('a batch that stops half-way on an SES error', () => {
  it('records what it sent before failing, so the retry sends only the rest, each once', async () => {
    const id = await sendingCampaign('Funding', 'paused');

    allowed = 12;
    await expect(sendCampaignBatch({ campaignId: id, batchId: '000000-00' }, new Date())).rejects.toMatchObject({ name: 'SendingPausedException' });
    // Up to 8 sends were under way when the error came back; none was started after it.
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(8);

    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: hearth.dynamoEndpoint }));
    const batch = (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: { pk: `CAMPAIGN#${id}`, sk: 'BATCH#000000-00' }, ConsistentRead: true }))).Item!;
    const recorded = Object.values(batch.recipients as Record<string, { state: string; email: string }>);
    expect(recorded).toHaveLength(12);
    expect(recorded.every((recipient) => recipient.state === 'sent')).toBe(true);
    expect(batch.leaseUntil).toBeUndefined(); // given back, so the retry need not wait for it
    expect(batch.done).toBe(false);
    expect((await campaignState(hearth, key, id)).counts).toMatchObject({ recipients: SUBSCRIBERS, sent: 12, queued: SUBSCRIBERS - 12, failed: 0 });
    expect((await mails(hearth)).filter((mail) => mail.destination.to[0]!.startsWith('paused-'))).toHaveLength(12);

    // SES sends again; the retry sends the other 38, and the runtime's held deliveries find the batch done.
    allowed = Number.POSITIVE_INFINITY;
    await sendCampaignBatch({ campaignId: id, batchId: '000000-00' }, new Date());
    expect((await fetch(`${hearth.baseUrl}/dev/bus/release`, { method: 'POST' })).status).toBe(200);
    await hearth.waitForIdle();

    const delivered = (await mails(hearth)).filter((mail) => mail.destination.to[0]!.startsWith('paused-')).map((mail) => mail.destination.to[0]);
    expect(delivered).toHaveLength(SUBSCRIBERS);
    expect(new Set(delivered).size).toBe(SUBSCRIBERS);
    const state = await campaignState(hearth, key, id);
    expect(state.campaign.status).toBe('sent');
    expect(state.counts).toMatchObject({ recipients: SUBSCRIBERS, sent: SUBSCRIBERS, queued: 0, suppressed: 0, failed: 0 });
  });
});

describe('a batch of a campaign paused and then cancelled while it sends', () => {
  it('stops at the next chunk, and the cancellation closes the rest as failed: nothing more is sent', async () => {
    const id = await sendingCampaign('Policy', 'cancelled');

    // Five a second, so the batch's 50 sends take ten chunks.
    process.env.HEARTH_SES_MAX_SEND_RATE = '5';
    try {
      passed = 0;
      const running = sendCampaignBatch({ campaignId: id, batchId: '000000-00' }, new Date());
      while (passed < 10) await new Promise((resolve) => setTimeout(resolve, 20));
      // Paused (as by too many bounces in another batch), then cancelled by the organizer.
      expect(await pauseCampaign(id, 'Paused by Hearth: a test', { sent: 0, bounced: 0, complained: 0 }, new Date())).toBeTruthy();
      const cancelled = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, {}, key);
      expect(cancelled.status, cancelled.text).toBe(200);
      const sentByNow = passed;
      await running;
      // At most the chunk under way when it was cancelled, and the one whose check came just before.
      expect(passed - sentByNow).toBeLessThanOrEqual(10);
    } finally {
      process.env.HEARTH_SES_MAX_SEND_RATE = '1000';
    }
    const sent = passed;
    expect(sent).toBeLessThan(30);

    expect((await fetch(`${hearth.baseUrl}/dev/bus/release`, { method: 'POST' })).status).toBe(200);
    await hearth.waitForIdle();
    const delivered = (await mails(hearth)).filter((mail) => mail.destination.to[0]!.startsWith('cancelled-'));
    expect(delivered).toHaveLength(sent);
    const state = await campaignState(hearth, key, id);
    expect(state.campaign.status).toBe('cancelled');
    expect(state.counts).toMatchObject({ recipients: SUBSCRIBERS, sent, failed: SUBSCRIBERS - sent, queued: 0 });
    const failed = await api(hearth, 'GET', `/api/organizer/campaigns/${id}/recipients?state=failed`, undefined, key);
    expect(failed.status).toBe(200);
    expect(failed.json.recipients).toHaveLength(SUBSCRIBERS - sent);
    expect(failed.json.recipients.every((recipient: { reason: string }) => recipient.reason === 'The campaign was cancelled before this was sent')).toBe(true);
  });
});

describe('the last batch settled by an attempt that then fails', () => {
  it('is made good by the retry: it finds the batch done and still marks the campaign sent', async () => {
    const id = await sendingCampaign('Housing', 'settled');

    // The attempt sends and settles the batch (the campaign's last), then marking the campaign sent fails.
    refuseCompletion = true;
    try {
      await expect(sendCampaignBatch({ campaignId: id, batchId: '000000-00' }, new Date())).rejects.toMatchObject({ name: 'InternalServerError' });
    } finally {
      refuseCompletion = false;
    }
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: hearth.dynamoEndpoint }));
    const batch = (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: { pk: `CAMPAIGN#${id}`, sk: 'BATCH#000000-00' }, ConsistentRead: true }))).Item!;
    expect(batch.done).toBe(true);
    const before = await campaignState(hearth, key, id);
    expect(before.campaign.status).toBe('sending');
    expect(before.counts).toMatchObject({ recipients: SUBSCRIBERS, sent: SUBSCRIBERS, queued: 0 });

    // The retry finds the batch done: nothing is sent again, and the campaign is sent.
    await sendCampaignBatch({ campaignId: id, batchId: '000000-00' }, new Date());
    expect((await campaignState(hearth, key, id)).campaign.status).toBe('sent');

    expect((await fetch(`${hearth.baseUrl}/dev/bus/release`, { method: 'POST' })).status).toBe(200);
    await hearth.waitForIdle();
    const delivered = (await mails(hearth)).filter((mail) => mail.destination.to[0]!.startsWith('settled-')).map((mail) => mail.destination.to[0]);
    expect(delivered).toHaveLength(SUBSCRIBERS);
    expect(new Set(delivered).size).toBe(SUBSCRIBERS);
    const state = await campaignState(hearth, key, id);
    expect(state.campaign.status).toBe('sent');
    expect(state.counts).toMatchObject({ recipients: SUBSCRIBERS, sent: SUBSCRIBERS, queued: 0, suppressed: 0, failed: 0 });
  });
});
