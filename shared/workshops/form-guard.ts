import * as z from 'zod/mini';
import '../zod-locale';
import { config } from '../config';
import { signToken, verifyToken } from '../tokens';

/**
 * Two checks on the HTML registration form that a person never notices (no CAPTCHA: it fails
 * disabled users):
 * - a honeypot: a field hidden from sight, from the keyboard and from screen readers, that only a
 *   script fills;
 * - a minimum fill time: the form carries a signed stamp of when it was shown (the server's clock);
 *   a submission sooner than HEARTH_REGISTRATION_MIN_FILL_MS after that came from a script, and so
 *   does one without a genuine stamp.
 * A flagged submission gets the answer anyone would get; nothing is stored or sent (a bot is not
 * told). A stamp older than a day is no proof of anything: the form is shown again to be sent again.
 */
export const HONEYPOT_FIELD = 'website';
export const STAMP_FIELD = 'shownAt';
const PURPOSE = 'registration-form';
const STAMP_LIFETIME_MS = 24 * 3600 * 1000;
const stampData = z.object({ w: z.string(), t: z.string().check(z.regex(/^\d{1,15}$/)) });

/** The stamp for a form of `workshopId` shown at `at`. */
export const formStamp = (workshopId: string, at: Date): Promise<string> =>
  signToken(PURPOSE, { w: workshopId, t: String(at.getTime()) }, new Date(at.getTime() + STAMP_LIFETIME_MS));

export type FormVerdict = 'person' | 'flagged' | 'expired';

/** The verdict on a submitted form, and the stamp to carry if the form is shown again (kept if genuine). */
export const checkForm = async (
  workshopId: string,
  fields: { honeypot: string | undefined; stamp: string | undefined },
  at: Date,
): Promise<{ verdict: FormVerdict; stamp: string }> => {
  const read = await verifyToken(fields.stamp, PURPOSE, stampData, at);
  const genuine = read.ok && read.value.w === workshopId;
  const stamp = genuine ? fields.stamp! : await formStamp(workshopId, at);
  if (fields.honeypot) return { verdict: 'flagged', stamp };
  if (!read.ok && read.reason === 'expired') return { verdict: 'expired', stamp };
  if (!genuine || at.getTime() - Number(read.value.t) < config.registrationMinFillMs) return { verdict: 'flagged', stamp };
  return { verdict: 'person', stamp };
};
