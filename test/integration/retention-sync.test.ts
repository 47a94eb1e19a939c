import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULE_GROUP } from '../../infra/local/runtime';
import { confirmedSubscriber, draftCampaign, waitForCampaign } from '../support/campaigns';
import { devSchedules } from '../support/clock';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { api, cli, createApiKey, mailsTo, publishedWorkshop, registerJson, tokenLinkIn } from '../support/hearth';
import { rawDocuments, rawItemsOf } from '../support/raw-table';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * `npm run hearth -- retention sync` (issue 13): data stored before its retention schedules existed
 * gets them. The test makes a workshop, a sent campaign and someone who left the list, deletes their
 * three retention schedules through the local Scheduler API (as if they had been stored by an older
 * release), runs the real CLI and finds the three schedules back at the instants they had. A second
 * run changes nothing.
 */
let hearth: LocalHandle;
let key: string;

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
});

afterAll(async () => {
  await hearth?.stop();
});

const retentionSchedules = async () =>
  (await devSchedules(hearth))
    .filter((schedule) => /retention-/.test(schedule.name))
    .map(({ name, at }) => ({ name, at }))
    .sort((a, b) => a.name.localeCompare(b.name));

describe('hearth retention sync', () => {
  it('puts back the retention schedules of a workshop, a campaign and a person who left, and a second run changes nothing', async () => {
    const workshop = await publishedWorkshop(hearth, key, {});
    const reader = 'retention-sync-reader@example.org';
    await confirmedSubscriber(hearth, reader);
    const campaign = await draftCampaign(hearth, key, { subject: 'Rally on Friday', bodyMarkdown: 'Hello,\n\nFriday.' });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${campaign}/send`, {}, key)).status).toBeLessThan(300);
    await waitForCampaign(hearth, key, campaign, ['sent']);
    const [mail] = await mailsTo(hearth, reader, 'Rally on Friday');
    const left = await fetch(tokenLinkIn(mail!, '/unsubscribe'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(left.status).toBe(200);
    await hearth.waitForIdle();

    const before = await retentionSchedules();
    const names = before.map((schedule) => schedule.name);
    expect(names).toContain(`retention-${workshop.id}`);
    expect(names).toContain(`campaign-retention-${campaign}`);
    expect(names.filter((name) => name.startsWith('subscriber-retention-'))).toHaveLength(1);

    // As an older release left them: no retention schedule at all.
    const scheduler = new SchedulerClient({
      endpoint: readFileSync(resolve(hearth.dataDir, 'aws-endpoint'), 'utf8').trim(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    for (const name of names) await scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: SCHEDULE_GROUP }));
    expect(await retentionSchedules()).toEqual([]);

    const first = await cli(hearth, 'retention', 'sync');
    expect(first.stdout).toMatch(/1 workshops, 1 campaigns, 1 people who left the list/);
    await hearth.waitForIdle();
    expect(await retentionSchedules()).toEqual(before);

    await cli(hearth, 'retention', 'sync');
    await hearth.waitForIdle();
    expect(await retentionSchedules()).toEqual(before);
  });

  it('indexes registrations stored before the person index, so /my-data finds them; a second run indexes none', async () => {
    const workshop = await publishedWorkshop(hearth, key, {});
    expect((await registerJson(hearth, workshop.id, 'retention-sync-old@example.org')).status).toBe(202);
    await hearth.waitForIdle();
    const registration = () => rawItemsOf(hearth).then((items) => items.find((item) => item.pk === `WS#${workshop.id}` && String(item.sk).startsWith('REG#'))!);
    const indexed = await registration();
    expect(indexed.gsi1pk).toMatch(/^PERSON#/);
    // As an older release stored it: no index keys.
    await rawDocuments(hearth).send(new UpdateCommand({ TableName: hearth.tableName, Key: { pk: indexed.pk, sk: indexed.sk }, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
    expect(await registration()).not.toHaveProperty('gsi1pk');
    const first = await cli(hearth, 'retention', 'sync');
    expect(first.stdout).toMatch(/Registrations indexed for \/my-data: 1\./);
    expect(await registration()).toMatchObject({ gsi1pk: indexed.gsi1pk, gsi1sk: indexed.gsi1sk });
    expect((await cli(hearth, 'retention', 'sync')).stdout).toMatch(/Registrations indexed for \/my-data: 0\./);
  });

  it('says what to do when no local runtime is running, and exits non-zero', async () => {
    const failed = await cli({ ...hearth, dataDir: resolve(hearth.dataDir, 'nowhere') }, 'retention', 'sync').catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/npm start/);
  });
});
