import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Small node:http helpers shared by the runtime's servers. */

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body; rejects with BodyTooLargeError as soon as it passes `limit` bytes. */
export const readBody = (req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};

/** Listens and resolves with the bound port; rejects with a plain message when the port is taken. */
export const listen = (server: Server, port: number, host: string, what = 'server'): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use (${what})`) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

/**
 * Resolves when nothing listens on `port` on any interface, by binding it briefly the way a server
 * that binds every interface (DynamoDB Local) would. Rejects with a plain message otherwise.
 */
export const ensurePortFree = async (port: number, what: string): Promise<void> => {
  const probe = createServer();
  try {
    await listen(probe, port, '::', what).catch(async (error: NodeJS.ErrnoException) => {
      // Hosts without IPv6 answer EAFNOSUPPORT/EADDRNOTAVAIL for '::': probe IPv4 instead.
      if (/already in use/.test(error.message)) throw error;
      await listen(probe, port, '0.0.0.0', what);
    });
  } finally {
    await closeServer(probe);
  }
  // Something bound to 127.0.0.1 only does not always conflict with '::' (dual-stack): check it too.
  const loopback = createServer();
  try {
    await listen(loopback, port, '127.0.0.1', what);
  } finally {
    await closeServer(loopback);
  }
};
