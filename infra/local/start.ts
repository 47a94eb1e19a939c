import { relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { JavaRequiredError } from './dynamodb';
import { optionsFromEnv, USAGE } from './options';
import { startLocal, type LocalRuntime } from './runtime';

/**
 * `npm start`: runs Hearth on this machine with no AWS account. Ctrl-C stops everything it started.
 * The runtime also stops when the process that started it goes away (its parent, or the process
 * named by HEARTH_PARENT_PID, which the test harness sets), so no java is left behind.
 */
// The SDK's notice that releases after January 2027 need Node 22 is printed once per start otherwise;
// the project's supported engines are in package.json.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * One process hosts every function here (Lambda gives each its own). Under a long campaign V8 would
 * let the heap grow to about four times what is alive before collecting; growing it by half instead
 * keeps the runtime's memory flat however long it sends (`npm run bench`: +17 MB from 1,000 to 20,000
 * recipients instead of +90 MB, at the same speed). What is alive is small and does not grow with
 * the list: nothing holds more than a page of it.
 */
setFlagsFromString('--heap-growing-percent=50');

const log = (line: string) => console.log(line);

let runtime: LocalRuntime | undefined;
let stopping = false;

/**
 * HEARTH_CPU_PROFILE=<file.cpuprofile>: profiles the runtime and its handlers from the start and
 * writes the profile when it stops (open it in Chrome DevTools). For performance work only.
 */
const profiler = process.env.HEARTH_CPU_PROFILE
  ? await (async () => {
      const { Session } = await import('node:inspector/promises');
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      return async () => {
        const { profile } = await session.post('Profiler.stop');
        const { writeFileSync } = await import('node:fs');
        writeFileSync(process.env.HEARTH_CPU_PROFILE!, JSON.stringify(profile));
      };
    })()
  : undefined;

const shutdown = async (why: string, code = 0) => {
  if (stopping) {
    if (why === 'SIGINT') process.exit(130); // a second Ctrl-C: the exit hook kills the children
    return;
  }
  stopping = true;
  log(`\n[hearth] stopping (${why})…`);
  try {
    await runtime?.stop();
    await profiler?.();
  } finally {
    process.exit(code);
  }
};

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// A handler's stray rejection must not take the whole local platform down; on Lambda it would fail
// that one invocation. Loud, not fatal.
process.on('unhandledRejection', (reason) => console.error('[hearth] unhandled rejection (a handler forgot an await?):', reason));
process.on('uncaughtException', (error) => console.error('[hearth] uncaught exception:', error));

const watchParent = () => {
  const parent = process.ppid;
  const named = Number(process.env.HEARTH_PARENT_PID) || undefined;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  setInterval(() => {
    if (process.ppid !== parent || (named !== undefined && !alive(named))) void shutdown('the parent process exited');
  }, 1000).unref();
};

const main = async () => {
  let options;
  try {
    options = optionsFromEnv(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (options.help) {
    log(USAGE);
    return;
  }
  watchParent();
  const started = Date.now();
  try {
    runtime = await startLocal({ ...options, log });
  } catch (error) {
    if (error instanceof JavaRequiredError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(`[hearth] could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (stopping) return;
  const { urls } = runtime;
  const data = relative(process.cwd(), runtime.dataDir) || '.';
  log(
    [
      '',
      `Hearth is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Site          ${urls.site}`,
      `  Mail viewer   ${urls.mail}`,
      `  Health        ${urls.health}`,
      `  Dev bus       ${urls.devBus}`,
      `  DynamoDB      ${urls.dynamodb} (table ${runtime.tableName}${options.inMemory ? ', in memory' : `, data in ${data}`})`,
      ...(urls.dynamodbForHandlers !== urls.dynamodb
        ? [`  Chaos         the functions reach DynamoDB through ${urls.dynamodbForHandlers}, which refuses ${options.chaosDynamodb} of their calls`]
        : []),
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
};

void main();
