import * as z from 'zod/mini';
import '../zod-locale';

/** What a person sends to ask for their data (POST /api/my-data, the /my-data form): an address only. */
export const MyDataEmail = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));
export const MyDataInput = z.strictObject({ email: MyDataEmail });

/** The answer to every accepted request (202), whatever the address: the link goes by mail. */
export const MyDataReceived = z.object({ status: z.literal('received'), message: z.string() });
export const myDataReceived: z.infer<typeof MyDataReceived> = {
  status: 'received',
  message: 'A link is on its way to the address you entered. It works once, for 15 minutes.',
};
