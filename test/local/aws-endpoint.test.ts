import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsEndpoint, type AwsEndpoint } from '../../infra/local/aws-endpoint';
import type { BusEvent } from '../../infra/local/bus';
import { closeServer } from '../../infra/local/io';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

describe('the internal AWS endpoint, through the real SDK v3 clients', () => {
  let endpoint: AwsEndpoint;
  let published: BusEvent[] = [];
  let deadLetters: unknown[] = [];

  beforeAll(async () => {
    endpoint = await createAwsEndpoint({
      eventBusName: 'hearth-local',
      linkSecretId: 'hearth-local-link-secret',
      linkSecret: () => 'the-local-secret-0123456789abcdefghij',
      deadLetterQueueName: 'hearth-local-dlq',
      putEvents: (events) => published.push(...events),
      deadLetter: (body) => deadLetters.push(body),
    });
  });
  afterAll(() => endpoint.close());
  beforeEach(() => {
    published = [];
    deadLetters = [];
  });

  it('PutEvents: accepts entries and hands EventBridge events to the bus', async () => {
    const client = new EventBridgeClient({ endpoint: endpoint.url, region, credentials });
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'hearth-local',
            Source: 'hearth.registration',
            DetailType: 'Registration Confirmed',
            Detail: JSON.stringify({ eventId: 'evt-1', data: { workshopId: 'w1' } }),
            Time: new Date('2026-05-01T10:11:12.345Z'),
          },
          { Source: 'hearth.registration', DetailType: 'Workshop Cancelled', Detail: '{"a":1}', Resources: ['arn:x'] },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.map((entry) => entry.EventId)).toEqual(published.map((event) => event.id));
    expect(published[0]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Registration Confirmed',
      source: 'hearth.registration',
      account: '000000000000',
      time: '2026-05-01T10:11:12Z',
      region: 'us-east-1',
      resources: [],
      detail: { eventId: 'evt-1', data: { workshopId: 'w1' } },
    });
    expect(published[1]).toMatchObject({ 'detail-type': 'Workshop Cancelled', resources: ['arn:x'], detail: { a: 1 } });
    client.destroy();
  });

  it('PutEvents: fails bad entries one by one, like EventBridge', async () => {
    const client = new EventBridgeClient({ endpoint: endpoint.url, region, credentials });
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'hearth.registration', DetailType: 'Ok', Detail: '{}' },
          { Source: 'hearth.registration', DetailType: 'Bad', Detail: '{not json' },
          { Source: 'aws.ses', DetailType: 'Email Bounced', Detail: '{}' },
          { Source: 'hearth.registration', DetailType: 'Elsewhere', Detail: '{}', EventBusName: 'some-other-bus' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.map((entry) => entry.ErrorCode)).toEqual([undefined, 'MalformedDetail', 'NotAuthorizedForSourceException', 'ResourceNotFoundException']);
    expect(published.map((event) => event['detail-type'])).toEqual(['Ok']);
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    client.destroy();
  });

  it('SendMessage: answers an MD5 the SDK accepts and records the parsed body', async () => {
    const queueUrl = `${endpoint.url}/000000000000/hearth-local-dlq`;
    const client = new SQSClient({ endpoint: endpoint.url, region, credentials });
    const body = { reason: 'Detail does not match its schema', functionName: 'hearth-local-x', event: { source: 's', 'detail-type': 'd' } };
    const result = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
    expect(result.MessageId).toBeTruthy();
    expect(result.MD5OfMessageBody).toBe(createHash('md5').update(JSON.stringify(body)).digest('hex'));
    expect(deadLetters).toEqual([body]);
    await expect(client.send(new SendMessageCommand({ QueueUrl: `${endpoint.url}/000000000000/nope`, MessageBody: 'x' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
    client.destroy();
  });

  it('SendMessage: the SDK really does check the MD5 (a wrong one is refused)', async () => {
    const liar = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ MessageId: 'm', MD5OfMessageBody: '00000000000000000000000000000000' }));
      });
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    const client = new SQSClient({ endpoint: url, region, credentials });
    const error = await client.send(new SendMessageCommand({ QueueUrl: `${url}/000000000000/q`, MessageBody: 'hello' })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(`${(error as Error).name} ${(error as Error).message}`).toMatch(/checksum|md5/i);
    client.destroy();
    await closeServer(liar);
  });

  it('GetSecretValue: answers the link secret for its id, ResourceNotFound for others', async () => {
    const client = new SecretsManagerClient({ endpoint: endpoint.url, region, credentials });
    const result = await client.send(new GetSecretValueCommand({ SecretId: 'hearth-local-link-secret' }));
    expect(result).toMatchObject({ Name: 'hearth-local-link-secret', SecretString: 'the-local-secret-0123456789abcdefghij', VersionStages: ['AWSCURRENT'] });
    expect(result.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:hearth-local-link-secret/);
    expect(result.VersionId).toBeTruthy();
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'other' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    client.destroy();
  });

  it('answers an unknown X-Amz-Target with an AWS-style 400', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('AWSEvents.ListRules') });
  });

  it("reaches the bus through the project's own publish() and AWS_ENDPOINT_URL_EVENTBRIDGE", async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint.url,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      EVENT_BUS_NAME: 'hearth-local',
    });
    const { publish } = await import('../../shared/events/publish');
    const { makeEvent } = await import('../../shared/events/define');
    const { RegistrationConfirmed } = await import('../../shared/workshops/events');
    await publish([makeEvent(RegistrationConfirmed, 'evt-publish-0001', { workshopId: 'w1', registrationId: 'r1', via: 'registration' }, '2026-05-01T10:00:00.000Z')]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      source: RegistrationConfirmed.source,
      'detail-type': RegistrationConfirmed.detailType,
      time: '2026-05-01T10:00:00Z',
      detail: { eventId: 'evt-publish-0001', data: { workshopId: 'w1', registrationId: 'r1', via: 'registration' } },
    });
  });
});
