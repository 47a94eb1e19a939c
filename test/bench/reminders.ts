import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clockNow, postClock } from '../support/clock';
import { createApiKey, publishedWorkshop } from '../support/hearth';
import { startLocal, type Email } from '../support/local';
import { rawSesSeconds } from './raw-ses';

/**
 * Reminders for a workshop series with REMINDER_REGISTRATIONS confirmed registrations in all
 * (default 5,000 over 5 weekly workshops, one reminder each, 24 h before): the time from moving
 * the clock past each reminder (POST /dev/clock, which answers once every delivery has finished) to
 * its last mail, summed, through the whole local runtime (scheduler, bus, fan-out, batch consumers, mail ledger,
 * suppression check, SES emulator) vs raw SendEmail calls of the same mails to the same SES
 * emulator, in the same run. The registrations are written straight into DynamoDB Local in the
 * shape the registration store keeps (this measures reminders, not registering).
 */
const TOTAL = Number(process.env.BENCH_REMINDER_REGISTRATIONS ?? 5_000);
const WORKSHOPS = Number(process.env.BENCH_REMINDER_WORKSHOPS ?? 5);

export const reminderDispatch = async () => {
  const hearth = await startLocal({ timeoutMs: 120_000 });
  try {
    const key = await createApiKey(hearth);
    const perWorkshop = Math.ceil(TOTAL / WORKSHOPS);
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const clock = new Date(await clockNow(hearth));
    const workshops: { id: string; startsAt: string }[] = [];
    for (let w = 0; w < WORKSHOPS; w++) {
      // A weekly series starting in a week, each with one reminder a day before.
      const start = new Date(clock.getTime() + (7 + 7 * w) * 24 * 3_600_000);
      start.setUTCMinutes(0, 0, 0);
      const workshop = await publishedWorkshop(hearth, key, {
        title: `Peer circle, week ${w + 1}`,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
        capacity: perWorkshop,
        waitlist: false,
        reminderOffsetsMinutes: [24 * 60],
      });
      workshops.push(workshop);
      const createdAt = clock.toISOString();
      const items = Array.from({ length: perWorkshop }, (_, i) => {
        const id = randomUUID();
        return {
          pk: `WS#${workshop.id}`,
          sk: `REG#${id}`,
          id,
          workshopId: workshop.id,
          email: `member-${w}-${i}@example.org`,
          status: 'confirmed',
          createdAt,
          confirmedAt: createdAt,
        };
      });
      for (let i = 0; i < items.length; i += 25) {
        let request: Record<string, unknown[]> | undefined = { [hearth.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: request as never }));
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the rule is wrong here: without the assertion `result` refers to itself through `request` and tsc fails (TS7022)
          request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
      }
      await documents.send(
        new UpdateCommand({
          TableName: hearth.tableName,
          Key: { pk: `WS#${workshop.id}`, sk: 'WORKSHOP' },
          UpdateExpression: 'SET confirmedCount = :count',
          ExpressionAttributeValues: { ':count': perWorkshop },
        }),
      );
    }
    await hearth.waitForIdle(120_000);
    await hearth.clearMails();

    // Through Hearth: for each workshop, the clock is moved to just before its reminder (untimed:
    // the earlier workshops' surveys fall due in between), then past it, timed; that move answers
    // once every delivery it caused has finished.
    const setClock = async (at: Date) => {
      const moved = await postClock(hearth, { set: at.toISOString() });
      if (moved.status !== 200) throw new Error(`POST /dev/clock answered ${moved.status}`);
      return (await moved.json()) as { fired: number; deadLetters: unknown[] };
    };
    const sent: Email[] = [];
    let hearthSeconds = 0;
    let fired = 0;
    for (const workshop of workshops) {
      const due = Date.parse(workshop.startsAt) - 24 * 3_600_000;
      await setClock(new Date(due - 60_000));
      await hearth.clearMails();
      const started = performance.now();
      const answer = await setClock(new Date(due + 1_000));
      hearthSeconds += (performance.now() - started) / 1000;
      fired += answer.fired;
      if (answer.deadLetters.length) throw new Error(`${answer.deadLetters.length} dead letters`);
      const mails = await hearth.mails();
      const recipients = new Set(mails.map((mail) => mail.destination.to[0]));
      if (mails.length !== perWorkshop || recipients.size !== mails.length) {
        throw new Error(`expected ${perWorkshop} reminders, one per person; got ${mails.length} mails to ${recipients.size} people`);
      }
      sent.push(...mails);
    }
    await hearth.clearMails();

    // Raw: the same mails straight to the SES emulator, at the concurrency that suits it best.
    const baseline = await rawSesSeconds(hearth.mailUrl, sent, () => hearth.clearMails());
    return { mails: sent.length, schedules: fired, hearthSeconds, rawSeconds: baseline.seconds, raw: baseline.raw };
  } finally {
    await hearth.stop();
  }
};
