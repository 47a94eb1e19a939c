import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Subscriber } from '../../shared/mailing-list/model';
import { SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { api, createApiKey } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type Email, type LocalHandle } from '../support/local';
import { minimalSenderSeconds } from './minimal-sender';
import { pool } from './pool';
import { rawSesSeconds } from './raw-ses';

/**
 * A campaign to CAMPAIGN_SUBSCRIBERS confirmed subscribers (default 20,000) through the whole local
 * runtime (API, planning a page per event, batches at the allowed rate, final states and counters,
 * SES emulator), with the rate limit set high, vs raw SendEmail calls of the same mails to the same
 * SES emulator in the same run; and the runtime's peak memory (VmHWM of its process) after a campaign
 * to 1,000 and after one to 20,000. A second baseline, the minimal sender (./minimal-sender.ts), sends
 * the same mails with only the barest reads and writes, to tell the machine's cost from Hearth's.
 * The subscribers are written straight into DynamoDB Local in the subscriber store's own shape (this
 * measures sending, not importing). It also says where the CPU went, per mail and process, in each
 * way: the machine's cores are shared by all of them.
 */
const LARGE = Number(process.env.BENCH_CAMPAIGN_SUBSCRIBERS ?? 20_000);
const SMALL = Number(process.env.BENCH_CAMPAIGN_SMALL ?? 1_000);
/** HEARTH_SES_MAX_SEND_RATE of the run: high, so pacing does not set the pace. */
const SEND_RATE = 100_000;

/** CPU seconds (user + system) a process has used so far (Linux: /proc/<pid>/stat, in clock ticks of 1/100 s). */
const cpuSeconds = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** The runtime's children by what they are: DynamoDB Local's java and the SES emulator's process. */
const childPid = (parent: number, marker: string): number | undefined => {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry);
    } catch {
      // a process that ended meanwhile
    }
  }
  return undefined;
};

/** Where the CPU time of a phase went, in seconds: each process's use between two readings. */
const cpuReader = (pids: Record<string, number | undefined>) => {
  const read = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, name === 'bench' ? process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 : pid ? cpuSeconds(pid) : 0]));
  const start = read();
  return () => Object.fromEntries(Object.entries(read()).map(([name, value]) => [name, value - start[name]!])) as Record<string, number>;
};

/** The runtime's own process: the node process tsx started for infra/local/start.ts (a child of the tsx CLI). */
const runtimePid = (cliPid: number): number => childPid(cliPid, 'infra/local/start.ts') ?? cliPid;

const peakMemoryMb = (pid: number): number => {
  const status = readFileSync(`/proc/${runtimePid(pid)}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error('No VmHWM in /proc/<pid>/status');
  return Number(match[1]) / 1024;
};

const seed = async (hearth: LocalHandle, topic: string, count: number) => {
  // The runtime's table and link secret: the address claims are keyed hashes under its secret.
  await useRuntimeInThisProcess(hearth);
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const createdAt = new Date().toISOString();
  const subscribers = Array.from({ length: count }, (_, i) => {
    const subscriber: Subscriber = {
      id: randomUUID(),
      email: `${topic}-${i}@example.org`,
      ...(i % 2 === 0 ? { displayName: `Member ${i}` } : {}),
      status: 'confirmed',
      topics: [topic],
      consent: { at: createdAt, wording: 'Imported for the benchmark', source: 'import' },
      createdAt,
      confirmedAt: createdAt,
      updatedAt: createdAt,
    };
    return subscriber;
  });
  const items = (await Promise.all(subscribers.map((subscriber) => SubscriberStore.create(subscriber)))).flatMap((actions) => actions.map((action) => action.Put!.Item!));
  await pool(Math.ceil(items.length / 25), 8, async (n) => {
    let request: Record<string, unknown[]> | undefined = { [hearth.tableName]: items.slice(n * 25, n * 25 + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (request && Object.keys(request).length) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: request as never }));
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the rule is wrong here: without the assertion `result` refers to itself through `request` and tsc fails (TS7022)
      request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  });
  /** Address → subscriber id. */
  return new Map(subscribers.map((subscriber) => [subscriber.email, subscriber.id]));
};

const sendCampaign = async (hearth: LocalHandle, key: string, topic: string, expected: number) => {
  const created = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: `News on ${topic}`, bodyMarkdown: 'Hello {{ name }},\n\nThe **budget vote** is on Tuesday. [Read more](https://example.org/vote).', topics: [topic] }, key);
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.text}`);
  const id = created.json.campaign.id as string;
  const started = performance.now();
  const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key);
  if (sent.status >= 300) throw new Error(`send answered ${sent.status}: ${sent.text}`);
  for (;;) {
    const state = await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key);
    if (state.json.campaign.status === 'sent') {
      const seconds = (performance.now() - started) / 1000;
      if (state.json.counts.sent !== expected) throw new Error(`expected ${expected} sent, got ${JSON.stringify(state.json.counts)}`);
      return { id, seconds };
    }
    if (!['sending'].includes(state.json.campaign.status)) throw new Error(`campaign is ${state.json.campaign.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const campaignDispatch = async () => {
  const hearth = await startLocal({ timeoutMs: 120_000, env: { HEARTH_SES_MAX_SEND_RATE: String(SEND_RATE), ...(process.env.HEARTH_CPU_PROFILE ? { HEARTH_CPU_PROFILE: process.env.HEARTH_CPU_PROFILE } : {}), ...(process.env.HEARTH_CONCURRENCY ? { HEARTH_CONCURRENCY: process.env.HEARTH_CONCURRENCY } : {}) } });
  try {
    const key = await createApiKey(hearth);
    for (const name of ['small', 'large']) {
      const topic = await api(hearth, 'POST', '/api/organizer/topics', { name }, key);
      if (topic.status !== 201) throw new Error(`topic answered ${topic.status}`);
    }
    await seed(hearth, 'small', SMALL);
    const largeIds = await seed(hearth, 'large', LARGE);

    await sendCampaign(hearth, key, 'small', SMALL);
    await hearth.waitForIdle(600_000);
    const memorySmall = peakMemoryMb(hearth.pid);
    await hearth.clearMails();

    const runtime = runtimePid(hearth.pid);
    const processes = { runtime, dynamodb: childPid(runtime, 'DynamoDBLocal'), ses: childPid(runtime, 'ses-server'), bench: process.pid };
    const hearthCpu = cpuReader(processes);
    const { id: largeCampaign, seconds: hearthSeconds } = await sendCampaign(hearth, key, 'large', LARGE);
    const hearthCpuSeconds = hearthCpu();
    await hearth.waitForIdle(600_000);
    const memoryLarge = peakMemoryMb(hearth.pid);
    const sent: Email[] = await hearth.mails();
    if (sent.length !== LARGE || new Set(sent.map((mail) => mail.destination.to[0])).size !== LARGE) {
      throw new Error(`expected ${LARGE} mails, one per person; got ${sent.length}`);
    }
    await hearth.clearMails();

    const rawCpu = cpuReader(processes);
    const baseline = await rawSesSeconds(hearth.mailUrl, sent, () => hearth.clearMails());
    const rawCpuSeconds = rawCpu();
    const rawMails = LARGE * Object.keys(baseline.raw).length;

    const minimalCpu = cpuReader(processes);
    const minimal = await minimalSenderSeconds(hearth, sent, largeIds);
    const minimalCpuSeconds = minimalCpu();
    const requiredCpu = cpuReader(processes);
    const required = await minimalSenderSeconds(hearth, sent, largeIds, { required: { campaignId: largeCampaign, sendRate: SEND_RATE } });
    const requiredCpuSeconds = requiredCpu();
    const perMail = (seconds: Record<string, number>, mails: number) => Object.fromEntries(Object.entries(seconds).map(([name, value]) => [name, (value * 1000) / mails]));
    return {
      recipients: LARGE,
      small: SMALL,
      hearthSeconds,
      rawSeconds: baseline.seconds,
      raw: baseline.raw,
      minimalSeconds: minimal.seconds,
      minimal: minimal.byConcurrency,
      requiredSeconds: required.seconds,
      required: required.byConcurrency,
      memorySmall,
      memoryLarge,
      /** CPU milliseconds per mail, by process: through Hearth (the large campaign), raw and the minimal sender's two ways (all their runs). */
      cpuPerMail: {
        hearth: perMail(hearthCpuSeconds, LARGE),
        raw: perMail(rawCpuSeconds, rawMails),
        minimal: perMail(minimalCpuSeconds, LARGE * Object.keys(minimal.byConcurrency).length),
        required: perMail(requiredCpuSeconds, LARGE * Object.keys(required.byConcurrency).length),
      },
    };
  } finally {
    await hearth.stop();
  }
};
