import { http, on, type FunctionSpec } from './function-spec';
import { MyDataRequested } from './people/events';
import { routes } from './routes';

/**
 * The catalog's functions of a person's own data (issue 13, shared/people): /my-data and the mail
 * of its link. Part of the one catalog (./catalog.ts spreads them in); kept apart so it stays readable.
 */
export const peopleFunctions: readonly FunctionSpec[] = [
  {
    name: 'my-data',
    capability: 'people',
    entry: 'functions/http/my-data.ts',
    description: 'A person asks what is held about their address (the same answer for any address), opens the emailed link and downloads it',
    trigger: http(routes.myData),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-people',
    capability: 'people',
    entry: 'functions/http/console-people.ts',
    description: 'Admins export or erase what is held about an address, for requests made by phone or letter',
    trigger: http(routes.consolePeople),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'mail-my-data-link',
    capability: 'people',
    entry: 'functions/events/mail-my-data-link.ts',
    description: 'Mails the single-use /my-data link to the address that was entered, known or not',
    trigger: on(MyDataRequested),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
];
