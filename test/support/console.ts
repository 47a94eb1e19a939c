import { expect } from 'vitest';
import { cli, mailsTo, type Running } from './hearth';

/**
 * An organizer in the console, driven over HTTP as a browser does: form posts with the Origin
 * header, one session cookie, the CSRF token read from the page.
 */
export const addOrganizer = async (hearth: Running, email: string, role: 'admin' | 'organizer') => {
  await cli(hearth, 'organizer', 'add', '--email', email, '--role', role);
};

export const post = (hearth: Running, path: string, fields: Record<string, string>, options: { origin?: string | null; cookie?: string } = {}) =>
  fetch(`${hearth.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.origin === null ? {} : { origin: options.origin ?? hearth.baseUrl }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });

export const get = (hearth: Running, path: string, cookie?: string) =>
  fetch(`${hearth.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

const SIGN_IN_LINK = /https?:\/\/[^\s]+\/console\/sign-in\/confirm\?token=[A-Za-z0-9_%-]+/;

/**
 * The newest sign-in link mailed to `address`. Other mails to the same address (an invitation sent
 * by a consumer running at the same time) may arrive after it, so it is the newest mail with a link.
 */
export const latestSignInLink = async (hearth: Running, address: string) => {
  await hearth.waitForIdle();
  const links = (await mailsTo(hearth, address)).flatMap((mail) => mail.body.text?.match(SIGN_IN_LINK)?.[0] ?? []);
  const link = links.at(-1);
  if (!link) throw new Error(`No sign-in link mailed to ${address}`);
  return { link, token: decodeURIComponent(new URL(link).searchParams.get('token')!) };
};

/** Signs in through the mailed link; answers the session cookie ("name=value"). */
export const signIn = async (hearth: Running, address: string) => {
  expect((await post(hearth, '/console/sign-in', { email: address })).status).toBe(200);
  const { token } = await latestSignInLink(hearth, address);
  const confirmed = await post(hearth, '/console/sign-in/confirm', { token });
  expect(confirmed.status).toBe(303);
  return confirmed.headers.get('set-cookie')!.split(';')[0]!;
};

/** The CSRF token of the signed-in session, as the console's forms carry it. */
export const csrfOf = async (hearth: Running, cookie: string) => {
  const html = await (await get(hearth, '/console', cookie)).text();
  const token = html.match(/name="csrf"[^>]*value="([^"]+)"/)?.[1] ?? html.match(/value="([^"]+)"[^>]*name="csrf"/)?.[1];
  if (!token) throw new Error('No CSRF token on the dashboard');
  return token;
};
