/**
 * Fan-out: each recipient (a registration, or an id) is its own ledger entry, so one failure does
 * not stop the others, and the retry of the whole mails only those not sent yet.
 */
export const eachRecipient = async <T>(recipients: readonly T[], send: (recipient: T) => Promise<unknown>) => {
  const failures: unknown[] = [];
  for (const recipient of recipients) {
    await send(recipient).catch((error: unknown) => failures.push(error));
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} of ${recipients.length} mails failed; the retry sends only those`);
};
