/**
 * `npm run bench`: Hearth's speed and size targets, each measured against a baseline taken in the
 * same run on the same machine (these machines are shared and noisy; ratios travel, seconds don't).
 *
 * 1. Registration throughput through the local HTTP stack (API Gateway v2 adapter, handler, domain,
 *    DynamoDB Local, event publishing, and the mail consumers running meanwhile) vs raw
 *    TransactWriteItems of the same shape against the same DynamoDB Local at the same concurrency.
 *    Goal: ratio >= 0.7.
 * 2. Each function's bundle (esbuild, the options the CDK stack uses) and its module-load time in a
 *    fresh Node process vs an empty handler bundled the same way. Goal: <= 1.5x, bundles <= 250 KB.
 * 3. Time from starting the local runtime to /health answering 200.
 * 4. Reminders for a workshop series with 5,000 registrations dispatched through the local runtime
 *    vs raw SES-emulator sends of the same mails (./reminders.ts).
 * 5. A campaign to 20,000 subscribers through the local runtime vs raw SES-emulator sends of the
 *    same mails (goal >= 0.8), and the runtime's peak memory at 1,000 and 20,000 (goal: <= +50 MB)
 *    (./campaign.ts); beside it, a minimal sender's ratio (./minimal-sender.ts).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/bundling';
import { catalog } from '../../shared/catalog';
import { pool } from './pool';
import { campaignDispatch } from './campaign';
import { reminderDispatch } from './reminders';
import { createApiKey, publishedWorkshop, registerJson } from '../support/hearth';
import { startLocal } from '../support/local';

const root = resolve(import.meta.dirname, '../..');
const args = new Set(process.argv.slice(2));
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 7);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const throughput = async () => {
  const startedAt = performance.now();
  const hearth = await startLocal();
  const startupSeconds = (performance.now() - startedAt) / 1000;
  try {
    const key = await createApiKey(hearth);
    const workshop = await publishedWorkshop(hearth, key, { capacity: 10_000, waitlist: false });
    // Warm up both paths (JIT, connections, lazy imports) before measuring.
    await pool(40, CONCURRENCY, async (i) => {
      const response = await registerJson(hearth, workshop.id, `warm${i}@example.org`);
      if (response.status !== 202) throw new Error(`warm-up registration answered ${response.status}`);
    });
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const rawWorkshop = randomUUID();
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: hearth.tableName, Item: { pk: `WS#${rawWorkshop}`, sk: 'WORKSHOP', status: 'published', startsAt: '2099-01-01T00:00:00.000Z', capacity: 1_000_000, confirmedCount: 0 } } }],
      }),
    );
    /** The same three actions the seat-taking transaction of a registration makes. */
    const rawRegistration = async (i: number) => {
      const id = randomUUID();
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: hearth.tableName,
                Key: { pk: `WS#${rawWorkshop}`, sk: 'WORKSHOP' },
                UpdateExpression: 'ADD confirmedCount :one',
                ConditionExpression: '#status = :published AND startsAt > :now AND confirmedCount < #capacity',
                ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
                ExpressionAttributeValues: { ':one': 1, ':published': 'published', ':now': new Date().toISOString() },
              },
            },
            { Put: { TableName: hearth.tableName, Item: { pk: `WS#${rawWorkshop}`, sk: `EMAIL#raw${i}`, registrationId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: hearth.tableName,
                Item: { pk: `WS#${rawWorkshop}`, sk: `REG#${id}`, id, workshopId: rawWorkshop, email: `raw${i}@example.org`, status: 'confirmed', createdAt: new Date().toISOString() },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    };
    await pool(40, CONCURRENCY, (i) => rawRegistration(1_000_000 + i));
    await hearth.waitForIdle(120_000);

    const bus = (action: 'hold' | 'release') => fetch(`${hearth.baseUrl}/dev/bus/${action}`, { method: 'POST' }).then((r) => r.arrayBuffer());
    const httpRound = async (round: number, label: string) =>
      perRound /
      (await pool(perRound, CONCURRENCY, async (i) => {
        const response = await registerJson(hearth, workshop.id, `bench-${label}${round}-${i}@example.org`);
        if (response.status !== 202) throw new Error(`registration answered ${response.status}: ${response.text}`);
      }));

    // Alternate the measurements so drift on a shared machine hits all alike. "Request path":
    // deliveries are held back and run after the round, as on AWS, where the mail consumers run on
    // their own capacity. "With consumers": the mail consumers run meanwhile against the same
    // DynamoDB Local on the same two cores.
    const requestPath: number[] = [];
    const withConsumers: number[] = [];
    const raw: number[] = [];
    const rounds = 3;
    const perRound = Math.ceil(REGISTRATIONS / rounds);
    for (let round = 0; round < rounds; round++) {
      raw.push(perRound / (await pool(perRound, CONCURRENCY, (i) => rawRegistration(round * perRound + i))));
      await bus('hold');
      requestPath.push(await httpRound(round, 'held'));
      await bus('release');
      await hearth.waitForIdle(300_000);
      withConsumers.push(await httpRound(round, 'live'));
      await hearth.waitForIdle(300_000);
    }
    const rawRate = median(raw);
    return { startupSeconds, rawRate, requestPath: median(requestPath), withConsumers: median(withConsumers) };
  } finally {
    await hearth.stop();
  }
};

const bundles = async () => {
  const out = join(root, '.hearth', 'bench');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const emptyEntry = join(out, 'empty-handler.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
  // A second baseline: the least any function that touches the table must load (the SDK's client).
  const sdkEntry = join(out, 'sdk-floor-handler.ts');
  writeFileSync(
    sdkEntry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => ({ statusCode: 200, body: String(Boolean(client)) });',
      '',
    ].join('\n'),
  );
  const entries = [
    { name: '(empty handler)', entry: emptyEntry },
    { name: '(DynamoDB client only)', entry: sdkEntry },
    ...catalog.map((spec) => ({ name: spec.name, entry: join(root, spec.entry) })),
  ];
  const results: { name: string; bytes: number; sdkBytes: number; loadMs: number; processMs: number }[] = [];
  for (const { name, entry } of entries) {
    const outfile = join(out, `${name.replace(/\W+/g, '-')}.mjs`);
    const { metafile } = await build({ ...esbuildOptions, entryPoints: [entry], outfile, sourcemap: false, logLevel: 'error', absWorkingDir: root, metafile: true });
    const bytes = statSync(outfile).size;
    // The AWS SDK's share: bundled on purpose (pinned, tested versions; one file loads faster).
    const inputs = Object.values(metafile.outputs)[0]!.inputs;
    const sdkBytes = Object.entries(inputs)
      .filter(([file]) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/|bowser|fast-xml-parser|strnum|tslib|uuid)/.test(file))
      .reduce((sum, [, info]) => sum + info.bytesInOutput, 0);
    const times: number[] = [];
    const processTimes: number[] = [];
    for (let run = 0; run < LOAD_RUNS; run++) {
      // A fresh process per measurement: what a cold start pays to evaluate the module, and the
      // whole process from spawn to loaded (Node's own start included, as a Lambda init includes its runtime's).
      const started = performance.now();
      const stdout = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`],
        { env: { ...process.env, AWS_REGION: 'us-east-1', TABLE_NAME: 'bench', EVENT_BUS_NAME: 'bench' } },
      );
      processTimes.push(performance.now() - started);
      times.push(Number(stdout.toString().trim()));
    }
    results.push({ name, bytes, sdkBytes, loadMs: median(times), processMs: median(processTimes) });
  }
  rmSync(out, { recursive: true, force: true });
  return results;
};

const main = async () => {
  console.log(`Hearth benchmark on ${process.platform}/${process.arch}, Node ${process.version}, ${new Date().toISOString()}`);
  if (!args.has('--skip-bundles')) {
    const results = await bundles();
    const [empty, floor] = [results[0]!, results[1]!];
    const functions = results.slice(2);
    console.log('\nBundles (esbuild, the CDK stack options, AWS SDK bundled) and module load in a fresh Node process (median of %d)', LOAD_RUNS);
    console.log(
      'function'.padEnd(32),
      'KB'.padStart(8),
      'no SDK'.padStart(8),
      'load ms'.padStart(9),
      'x empty'.padStart(9),
      'x SDK'.padStart(7),
      'process ms'.padStart(11),
      'x empty'.padStart(9),
    );
    for (const result of results) {
      console.log(
        result.name.padEnd(32),
        (result.bytes / 1024).toFixed(1).padStart(8),
        ((result.bytes - result.sdkBytes) / 1024).toFixed(1).padStart(8),
        result.loadMs.toFixed(1).padStart(9),
        (result.loadMs / empty.loadMs).toFixed(2).padStart(9),
        (result.loadMs / floor.loadMs).toFixed(2).padStart(7),
        result.processMs.toFixed(1).padStart(11),
        (result.processMs / empty.processMs).toFixed(2).padStart(9),
      );
    }
    const worst = functions.reduce((a, b) => (b.loadMs > a.loadMs ? b : a));
    const largest = functions.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const largestOwn = functions.reduce((a, b) => (b.bytes - b.sdkBytes > a.bytes - a.sdkBytes ? b : a));
    console.log(
      `largest bundle: ${largest.name} ${(largest.bytes / 1024).toFixed(1)} KB (goal <= 250 KB); ` +
        `without the AWS SDK the largest is ${largestOwn.name} ${((largestOwn.bytes - largestOwn.sdkBytes) / 1024).toFixed(1)} KB`,
    );
    console.log(
      `slowest load: ${worst.name} ${(worst.loadMs / empty.loadMs).toFixed(2)}x the empty handler's module load (goal <= 1.5x), ` +
        `${(worst.processMs / empty.processMs).toFixed(2)}x its whole process, ${(worst.loadMs / floor.loadMs).toFixed(2)}x a handler that only creates a DynamoDB client`,
    );
  }
  if (!args.has('--skip-throughput')) {
    const result = await throughput();
    console.log(`\nStart to /health: ${result.startupSeconds.toFixed(1)} s (fresh, in-memory DynamoDB Local, SES emulator, runtime)`);
    console.log(`Registration throughput at concurrency ${CONCURRENCY}, ${REGISTRATIONS} registrations each:`);
    console.log(`  raw TransactWriteItems (baseline):                    ${result.rawRate.toFixed(0)} /s`);
    console.log(`  local HTTP stack, request path (deliveries held):    ${result.requestPath.toFixed(0)} /s   ratio ${(result.requestPath / result.rawRate).toFixed(2)} (goal >= 0.7)`);
    console.log(`  local HTTP stack, mail consumers running meanwhile:  ${result.withConsumers.toFixed(0)} /s   ratio ${(result.withConsumers / result.rawRate).toFixed(2)}`);
  }
  if (!args.has('--skip-reminders')) {
    const result = await reminderDispatch();
    console.log(`\nReminders: ${result.mails} mails from ${result.schedules} schedules (a series of workshops, one reminder each)`);
    console.log(
      `  raw SendEmail to the SES emulator (baseline): ${result.rawSeconds.toFixed(1)} s ` +
        `(${Object.entries(result.raw).map(([c, s]) => `${s.toFixed(1)} s at concurrency ${c}`).join(', ')}; the faster counts)`,
    );
    console.log(
      `  through the local runtime (POST /dev/clock until every delivery finished): ${result.hearthSeconds.toFixed(1)} s   ` +
        `ratio ${(result.rawSeconds / result.hearthSeconds).toFixed(2)} (raw time / Hearth time; 1 = as fast as raw sends)`,
    );
  }
  if (!args.has('--skip-campaign')) {
    const result = await campaignDispatch();
    console.log(`\nCampaign to ${result.recipients} confirmed subscribers (rate limit set high):`);
    console.log(
      `  raw SendEmail to the SES emulator (baseline): ${result.rawSeconds.toFixed(1)} s ` +
        `(${Object.entries(result.raw).map(([c, s]) => `${s.toFixed(1)} s at concurrency ${c}`).join(', ')}; the faster counts)`,
    );
    console.log(
      `  through the local runtime (send request until the campaign is sent): ${result.hearthSeconds.toFixed(1)} s   ` +
        `ratio ${(result.rawSeconds / result.hearthSeconds).toFixed(2)} (goal >= 0.8)`,
    );
    console.log(
      `  runtime peak memory: ${result.memorySmall.toFixed(0)} MB after ${result.small} recipients, ${result.memoryLarge.toFixed(0)} MB after ${result.recipients} ` +
        `(+${(result.memoryLarge - result.memorySmall).toFixed(0)} MB; goal <= +50 MB)`,
    );
    console.log(
      `  minimal sender (two batch reads, the sends, one write per 50; no events, lease, rate counter or checks): ${result.minimalSeconds.toFixed(1)} s ` +
        `(${Object.entries(result.minimal).map(([c, s]) => `${s.toFixed(1)} s at ${c} batches at once`).join(', ')})   ratio ${(result.rawSeconds / result.minimalSeconds).toFixed(2)} ` +
        `(what a sender doing only this reaches on this machine)`,
    );
    console.log(
      `  minimal sender with the three requests per batch the issue's promises need at the least (campaign status, lease, shared rate counter): ` +
        `${result.requiredSeconds.toFixed(1)} s (${Object.entries(result.required).map(([c, s]) => `${s.toFixed(1)} s at ${c} batches at once`).join(', ')})   ` +
        `ratio ${(result.rawSeconds / result.requiredSeconds).toFixed(2)}`,
    );
    const perMail = (spent: Record<string, number>) =>
      `${Object.values(spent).reduce((sum, ms) => sum + ms, 0).toFixed(2)} ms (${Object.entries(spent).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')})`;
    console.log(`  CPU per mail through Hearth: ${perMail(result.cpuPerMail.hearth)}`);
    console.log(`  CPU per mail raw:            ${perMail(result.cpuPerMail.raw)}   (${cpus().length} cores)`);
    console.log(`  CPU per mail minimal sender: ${perMail(result.cpuPerMail.minimal)}; with the three requests: ${perMail(result.cpuPerMail.required)}`);
  }
};

await main();
