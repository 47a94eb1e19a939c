/**
 * Hearth's operator CLI: `npm run --silent hearth -- <command>`.
 *
 *   api-key create --name <name> [--scopes read,workshops,campaigns,admin] [--role admin|organizer] [--expires-days <days>]
 *                                                         prints the key alone as the last line
 *   api-key list
 *   api-key revoke --id <id>
 *   organizer add --email <address> --role admin|organizer
 *   organizer list
 *   subscribers import FILE.csv                           columns email, displayName, topics, consentedAt
 *   dead-letters list | redrive [--id <id>]               ./dead-letters.ts
 *   retention sync                                        ./retention-sync.ts: the retention schedules of data from before them
 *   person export --email <address>                       what is held about an address, as JSON (audited as `cli`)
 *   person erase --email <address> --yes                  erases it, as /my-data does (audited as `cli`)
 *
 * It works against the configured database: the local one by default (DynamoDB Local on
 * HEARTH_DYNAMODB_PORT, table hearth-local, and the link secret in the runtime's data folder,
 * HEARTH_DATA_DIR or .hearth); set HEARTH_TARGET=aws, TABLE_NAME and LINK_SECRET_ARN (the stack's
 * outputs; and the usual AWS credentials) to work against a deployed stack. Addresses are keyed by
 * an HMAC under a key derived from the link secret, so commands that take or import addresses need it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import '../shared/zod-locale';

const target = process.env.HEARTH_TARGET ?? 'local';
// Standard output carries the answers (JSON, keys): the domain's log lines go to it only as warnings.
process.env.LOG_LEVEL ??= 'WARN';
if (target === 'local') {
  process.env.AWS_ENDPOINT_URL_DYNAMODB ??= `http://127.0.0.1:${process.env.HEARTH_DYNAMODB_PORT ?? '8000'}`;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.TABLE_NAME ??= 'hearth-local';
}

/** Locally the runtime keeps the link secret in its data folder (infra/local/runtime.ts, ensureLinkSecret). */
const useLocalLinkSecret = async () => {
  const file = resolve(process.env.HEARTH_DATA_DIR ?? resolve(import.meta.dirname, '..', '.hearth'), 'link-secret');
  if (!existsSync(file)) return;
  const { useLinkSecret } = await import('../shared/link-secret');
  useLinkSecret(readFileSync(file, 'utf8').trim());
};

const usage = `Usage:
  hearth api-key create --name <name> [--scopes read,workshops,campaigns,admin] [--role admin|organizer] [--expires-days <days, default 90>]
  hearth api-key list
  hearth api-key revoke --id <id>
  hearth organizer add --email <address> --role admin|organizer
  hearth organizer list
  hearth subscribers import FILE.csv   (columns: email, displayName, topics as "a;b", consentedAt)
  hearth dead-letters list
  hearth dead-letters redrive [--id <id>]   (every dead letter, or the one with this id)
  hearth person export --email <address>   (everything held about the address, as JSON on stdout; audited)
  hearth person erase --email <address> --yes   (erases everything held about the address, as /my-data does; audited)
  hearth retention sync   (puts the retention schedules of workshops, campaigns and people who left the list stored before them; safe to repeat)`;

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

/**
 * `subscribers import FILE.csv`: refused rows with their line numbers and why, a progress bar on
 * stderr while it runs (only on a terminal), and a summary. Rows are refused, not the file; a file
 * that cannot be read as a whole (no header, unknown columns, broken CSV) imports nothing (exit 2).
 */
const importSubscribers = async (file: string | undefined) => {
  if (!file) fail('Give the CSV file to import: hearth subscribers import FILE.csv');
  const { readFile } = await import('node:fs/promises');
  const { ImportFileError, importRows, parseImportCsv, progressBar } = await import('../shared/mailing-list/import');
  const { TopicStore } = await import('../shared/mailing-list/topic-store');
  let text: string;
  try {
    text = await readFile(file!, 'utf8');
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const at = new Date();
  let parsed: ReturnType<typeof parseImportCsv>;
  try {
    parsed = parseImportCsv(text, await TopicStore.list(), at);
  } catch (error) {
    if (error instanceof ImportFileError) return fail(`Nothing was imported. ${error.message}`);
    throw error;
  }
  const { rows, refused } = parsed;
  const tty = process.stderr.isTTY === true;
  const total = rows.length;
  let shown = -1;
  const draw = (done: number) => {
    // At most about 100 redraws, and always the last.
    if (!tty || (done !== total && Math.floor((done * 100) / Math.max(total, 1)) === shown)) return;
    shown = Math.floor((done * 100) / Math.max(total, 1));
    process.stderr.write(`\rImporting ${progressBar(done, total)}`);
  };
  draw(0);
  const outcome = await importRows(rows, at, { onProgress: draw });
  if (tty) process.stderr.write('\n');
  for (const refusal of refused.sort((a, b) => a.line - b.line)) console.log(`Refused line ${refusal.line}: ${refusal.reason}`);
  const erased = outcome.erased > 0 ? `, not added back (erased at their request) ${outcome.erased}` : '';
  console.log(`Imported ${outcome.imported}, already there ${outcome.alreadyThere}${erased}, refused ${refused.length}.`);
};

const main = async () => {
  if (target === 'local') await useLocalLinkSecret();
  const [group, command, ...rest] = process.argv.slice(2);
  if (group === 'dead-letters') {
    const { deadLettersCommand } = await import('./dead-letters');
    return deadLettersCommand(command, rest, usage);
  }
  if (group === 'subscribers') {
    if (command !== 'import' || rest.length > 1) fail(usage);
    return importSubscribers(rest[0]);
  }
  if (group === 'retention') {
    if (command !== 'sync' || rest.length > 0) fail(usage);
    const { retentionSync, useBus } = await import('./retention-sync');
    try {
      useBus(target, resolve(process.env.HEARTH_DATA_DIR ?? resolve(import.meta.dirname, '..', '.hearth')));
    } catch (error) {
      return fail((error as Error).message);
    }
    const { indexRegistrations } = await import('./retention-sync');
    const counts = await retentionSync(new Date());
    console.log(`Retention schedules asked for again: ${counts.workshops} workshops, ${counts.campaigns} campaigns, ${counts.leavers} people who left the list.`);
    console.log(`Registrations indexed for /my-data: ${await indexRegistrations()}.`);
    return;
  }
  if (group === 'person') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, yes: { type: 'boolean' } }, strict: true });
    if (command !== 'export' && command !== 'erase') fail(usage);
    const email = z.string().check(z.trim(), z.maxLength(254), z.email()).safeParse(values.email ?? '');
    if (!email.success) fail('Give the person\'s --email address');
    if (command === 'export') {
      const { exportPersonData } = await import('../shared/people/my-data');
      console.log(JSON.stringify(await exportPersonData(email.data!, 'cli', new Date()), null, 2));
      return;
    }
    if (!values.yes) {
      // Nothing is erased without the explicit flag: an erasure cannot be undone.
      console.error('Not erased. Erasing cannot be undone: export first if a copy is wanted, then run it again with --yes.');
      process.exit(1);
    }
    // Places given up are announced, so the waitlist moves up: the events go to the bus.
    const { useBus } = await import('./retention-sync');
    try {
      useBus(target, resolve(process.env.HEARTH_DATA_DIR ?? resolve(import.meta.dirname, '..', '.hearth')));
    } catch (error) {
      return fail((error as Error).message);
    }
    const { erasePerson } = await import('../shared/people/erase');
    console.log(JSON.stringify(await erasePerson(email.data!, 'cli', new Date()), null, 2));
    return;
  }
  const { ApiKeys } = await import('../shared/console/api-key-store');
  const { Organizers } = await import('../shared/console/organizer-store');
  if (group !== 'api-key' && group !== 'organizer') fail(usage);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      id: { type: 'string' },
      email: { type: 'string' },
      scopes: { type: 'string' },
      'expires-days': { type: 'string' },
    },
    strict: true,
  });
  if (group === 'organizer') {
    if (command === 'list') {
      for (const organizer of await Organizers.list()) console.log(`${organizer.id}\t${organizer.role}\t${organizer.createdAt}\t${organizer.email}`);
      return;
    }
    if (command !== 'add') fail(usage);
    const email = z.string().check(z.trim(), z.maxLength(254), z.email()).safeParse(values.email ?? '');
    const role = z.enum(['admin', 'organizer']).safeParse(values.role);
    if (!email.success) fail('Give the organizer an --email address');
    if (!role.success) fail('Give the organizer a --role: admin or organizer');
    const { organizer, created } = await Organizers.add(email.data!, role.data!, new Date());
    console.log(created ? `Added ${organizer.email} as ${organizer.role} (${organizer.id}). They sign in at /console/sign-in.` : `${organizer.email} is already an organizer (${organizer.role}).`);
    return;
  }
  switch (command) {
    case 'create': {
      const { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, SCOPES, scopesOfRole } = await import('../shared/console/api-key-store');
      const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(80)).safeParse(values.name);
      if (!name.success) fail('Give the key a --name (1 to 80 characters)');
      // --scopes decides; without it, --role stands for its scopes (admin: admin; organizer: read, workshops, campaigns).
      let scopes: (typeof SCOPES)[number][];
      if (values.scopes !== undefined) {
        const listed = z.array(z.enum(SCOPES)).check(z.minLength(1)).safeParse(values.scopes.split(',').map((scope) => scope.trim()).filter(Boolean));
        if (!listed.success) fail(`Give --scopes as a comma-separated list of: ${SCOPES.join(', ')}`);
        scopes = listed.data!;
      } else {
        const role = z.enum(['admin', 'organizer']).safeParse(values.role);
        if (!role.success) fail('Give the key --scopes (read, workshops, campaigns, admin) or a --role: admin or organizer');
        scopes = scopesOfRole(role.data!);
      }
      const days = values['expires-days'] ?? String(DEFAULT_EXPIRY_DAYS);
      if (!/^\d{1,4}$/.test(days) || Number(days) < 1 || Number(days) > MAX_EXPIRY_DAYS) fail(`Give --expires-days as a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`);
      const { apiKey, secret } = await ApiKeys.create({ name: name.data!, scopes, expiresInDays: Number(days) }, new Date());
      console.error(
        `Created API key ${apiKey.id} (${apiKey.scopes.join(',')}) named "${apiKey.name}", expiring ${apiKey.expiresAt}. It is shown once; keep it safe.`,
      );
      console.log(secret);
      return;
    }
    case 'list': {
      const at = new Date();
      for (const key of await ApiKeys.list()) {
        const state = key.revokedAt ? 'revoked' : key.expiresAt && Date.parse(key.expiresAt) <= at.getTime() ? 'expired' : 'active';
        console.log([key.id, key.role, state, key.createdAt, key.scopes.join(','), key.expiresAt ?? 'never', key.lastUsedAt ?? 'never', key.name].join('\t'));
      }
      return;
    }
    case 'revoke':
      if (!values.id) fail('Give the --id of the key to revoke (see api-key list)');
      if (!(await ApiKeys.revoke(values.id!, new Date()))) fail(`No API key with id ${values.id}`);
      console.log(`Revoked ${values.id}`);
      return;
    default:
      fail(usage);
  }
};

/** What went wrong, in the operator's terms. */
const explain = (message: string): string => {
  if (/ECONNREFUSED|connect/i.test(message)) return `Cannot reach the database. Is \`npm start\` running? (${message})`;
  if (!message.includes('LINK_SECRET_ARN')) return message;
  return target === 'local'
    ? 'No link secret: start Hearth once with `npm start` (it keeps one in .hearth/link-secret), or set HEARTH_DATA_DIR to its data folder.'
    : 'Set LINK_SECRET_ARN to the stack output LinkSecretArn: addresses are keyed with a key derived from that secret.';
};

main().catch((error: Error) => {
  console.error(explain(String(error?.message ?? error)));
  process.exit(1);
});
