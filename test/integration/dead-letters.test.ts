import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, createApiKey, mailsTo, publishedWorkshop, registered } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * Dead letters replayed with the real CLI (`npm run hearth -- dead-letters list | redrive`) against
 * the running runtime. A confirmation mail's event dead-letters for a real reason: its ledger entry
 * is held by an attempt that never finishes (as after a crash, with a lease that has not run out),
 * so every attempt gives up waiting for it. With every delivery doubled (HEARTH_CHAOS_DUPLICATE=1)
 * the event leaves two dead letters. Once the cause is gone, each redrive delivers the event again
 * to its one function, and the mail goes once however often it is redriven.
 * HEARTH_SES_REQUEST_TIMEOUT_MS shortens the ledger's lease (derived from it) so an attempt gives up
 * after seconds instead of a minute.
 */
const ADDRESS = 'dead-letter@example.org';
let hearth: LocalHandle;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  hearth = await startLocal({ chaosDuplicate: 1, env: { HEARTH_SES_REQUEST_TIMEOUT_MS: '250' } });
  await useRuntimeInThisProcess(hearth, { LOG_LEVEL: 'ERROR' });
  dynamo = new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  await hearth?.stop();
});

describe('dead letters', () => {
  it('are listed without their events, and a redrive delivers each again to its function, whose effect happens once', async () => {
    const key = await createApiKey(hearth);
    const workshop = await publishedWorkshop(hearth, key);
    const registrationId = await registered(hearth, key, workshop.id, ADDRESS);
    await hearth.waitForIdle(60_000);
    await hearth.clearMails();

    // A confirmation whose mail is held in the ledger by an attempt that never finishes.
    const { makeEvent } = await import('../../shared/events/define');
    const { publish } = await import('../../shared/events/publish');
    const { RegistrationConfirmed } = await import('../../shared/workshops/events');
    const eventId = `dead-letter-test:${randomUUID()}`;
    const ledger = { pk: { S: `MAIL#${eventId}` }, sk: { S: 'MAIL' } };
    await dynamo.send(new PutItemCommand({ TableName: hearth.tableName, Item: { ...ledger, status: { S: 'sending' }, leaseUntil: { N: String(Date.now() + 3_600_000) } } }));
    await publish([makeEvent(RegistrationConfirmed, eventId, { workshopId: workshop.id, registrationId, via: 'registration' }, new Date().toISOString())]);
    await hearth.waitForIdle(180_000);

    const deadLetters = (await hearth.bus()).deadLetters.filter((deadLetter) => (deadLetter.event as { detail?: { eventId?: string } }).detail?.eventId === eventId);
    expect(deadLetters).toHaveLength(2);
    expect(deadLetters.every((deadLetter) => deadLetter.functionName === 'hearth-local-mail-registration-confirmed')).toBe(true);

    // Listed with id, function, detail-type, when and why; never the event's ids or anyone's address.
    const listed = (await cli(hearth, 'dead-letters', 'list')).stdout;
    for (const deadLetter of deadLetters) {
      const line = listed.split('\n').find((row) => row.startsWith(`${deadLetter.id}\t`));
      expect(line, listed).toBeDefined();
      expect(line).toContain('hearth-local-mail-registration-confirmed\tRegistration Confirmed\t');
      expect(line).toContain('being sent by another attempt');
    }
    expect(listed).not.toContain(registrationId);
    expect(listed).not.toContain(ADDRESS);
    expect(await mailsTo(hearth, ADDRESS)).toHaveLength(0);

    // The cause is gone (the held entry's lease ran out); one dead letter is redriven, then every one.
    await dynamo.send(new DeleteItemCommand({ TableName: hearth.tableName, Key: ledger }));
    const first = await cli(hearth, 'dead-letters', 'redrive', '--id', deadLetters[0]!.id);
    expect(first.stdout.trim()).toBe(`Redrove ${deadLetters[0]!.id}`);
    await hearth.waitForIdle(60_000);
    expect(await mailsTo(hearth, ADDRESS)).toHaveLength(1);

    const rest = await cli(hearth, 'dead-letters', 'redrive');
    expect(rest.stdout).toContain(`Redrove ${deadLetters[1]!.id}`);
    await hearth.waitForIdle(60_000);
    const delivered = await mailsTo(hearth, ADDRESS);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.subject).toBe('Your place is confirmed');

    // Redriven dead letters are gone from the list; an unknown id is refused.
    expect((await hearth.bus()).deadLetters.filter((deadLetter) => deadLetters.some((listed) => listed.id === deadLetter.id))).toEqual([]);
    await expect(cli(hearth, 'dead-letters', 'redrive', '--id', deadLetters[0]!.id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No dead letter with this id') });
  }, 300_000);
});
