import type { ChildProcess } from 'node:child_process';

/**
 * Child processes of the runtime (DynamoDB Local's java, the SES emulator): their last output lines
 * for error messages, readiness polling that fails fast when the child dies, and stopping.
 */
export class OutputTail {
  private lines: string[] = [];

  constructor(child: ChildProcess, private readonly max = 40) {
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line.trim() === '') continue;
        this.lines.push(line);
        if (this.lines.length > this.max) this.lines.shift();
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Polls `ready` until it answers true; fails when the child exits first or after timeoutMs. */
export const waitFor = async (
  ready: () => Promise<boolean>,
  options: { child: ChildProcess; output: OutputTail; what: string; timeoutMs: number; intervalMs?: number },
): Promise<void> => {
  const started = Date.now();
  let spawnError: Error | undefined;
  options.child.once('error', (error) => {
    spawnError = error;
  });
  for (;;) {
    if (spawnError) throw new Error(`Could not start ${options.what}: ${spawnError.message}`);
    if (exited(options.child)) {
      throw new Error(`${options.what} exited (code ${options.child.exitCode ?? options.child.signalCode}) before it was ready:\n${options.output.text()}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(`${options.what} did not answer within ${Math.round(options.timeoutMs / 1000)} s:\n${options.output.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
};

/** SIGTERM, then SIGKILL after graceMs; resolves once the child has exited. */
export const stopChild = (child: ChildProcess, graceMs = 5000): Promise<void> =>
  new Promise((resolve) => {
    if (exited(child) || child.pid === undefined) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Kills the children synchronously when this process exits, however it exits (short of SIGKILL). */
export const killOnExit = (children: () => readonly ChildProcess[]): (() => void) => {
  const onExit = () => {
    for (const child of children()) if (!exited(child)) child.kill('SIGKILL');
  };
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
};
