import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/function-spec';

/**
 * A catalog function run in this process the way Lambda runs it: the entry module is imported on the
 * first invocation (so handlers that do not exist yet only fail when called), the handler gets a
 * Lambda-like context, and an invocation that outlives the function's timeout fails like a Lambda
 * timeout (the handler's promise is left to settle on its own; Lambda would freeze it).
 */
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
/** Used when the catalog gives no timeout; the Lambda default of 3 s is too tight for a cold local import. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MEMORY_MB = 128;

export const functionName = (spec: Pick<FunctionSpec, 'name'>): string => `hearth-local-${spec.name}`;

export interface LocalFunction {
  name: string;
  functionName: string;
  entry: string;
  /** True when the entry file is on disk now. */
  exists(): boolean;
  invoke(event: unknown): Promise<unknown>;
}

type Handler = (event: unknown, context: Context, callback: (error?: unknown, result?: unknown) => void) => unknown;

export class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`Task timed out after ${seconds.toFixed(2)} seconds`);
    this.name = 'TimeoutError';
  }
}

export const createContext = (spec: Pick<FunctionSpec, 'name' | 'timeoutSeconds' | 'memoryMb'>, deadline: number): Context => {
  const name = functionName(spec);
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb ?? DEFAULT_MEMORY_MB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  return context;
};

/** Calls an async or callback-style handler and settles with its result. */
export const callHandler = (handler: Handler, event: unknown, context: Context): Promise<unknown> =>
  new Promise((resolvePromise, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: unknown) => {
      if (settled) return;
      settled = true;
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolvePromise(result);
    };
    try {
      const returned = handler(event, context, (error, result) => settle(error, result));
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then((result) => settle(undefined, result), (error: unknown) => settle(error ?? new Error('Handler rejected')));
      } else if (handler.length < 3) {
        settle(undefined, returned);
      }
    } catch (error) {
      settle(error);
    }
  });

export const createLocalFunction = (spec: FunctionSpec, root: string): LocalFunction => {
  const file = resolve(root, spec.entry);
  let loading: Promise<Handler> | undefined;
  const load = (): Promise<Handler> => {
    loading ??= (async () => {
      if (!existsSync(file)) throw new Error(`Handler file ${spec.entry} of ${spec.name} does not exist (yet)`);
      // eslint-disable-next-line no-unsanitized/method -- imports the handler file the catalog (shared/catalog.ts) names, inside the repository; nothing from a request
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a function named handler`);
      return module.handler as Handler;
    })().catch((error: unknown) => {
      loading = undefined; // try again on the next invocation (e.g. the file appeared since)
      throw error;
    });
    return loading;
  };
  const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

  return {
    name: spec.name,
    functionName: functionName(spec),
    entry: spec.entry,
    exists: () => existsSync(file),
    async invoke(event) {
      const handler = await load();
      const deadline = Date.now() + timeoutSeconds * 1000;
      const context = createContext(spec, deadline);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(timeoutSeconds)), timeoutSeconds * 1000);
      });
      try {
        return await Promise.race([callHandler(handler, event, context), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
};
