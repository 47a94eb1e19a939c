import { Refused, refuse } from '../kernel/refusal';

/** The rule-level refusals of workshops and their registrations, thrown as `Refused` (the edge gives each its status). */
export const workshopNotFound = () => new Refused(refuse('not-found', 'This workshop does not exist or is not open for registration'));
export const workshopCancelled = () => new Refused(refuse('conflict', 'This workshop has been cancelled'));
export const workshopStarted = () => new Refused(refuse('conflict', 'This workshop has already started, so registration is closed'));
/** The same for every address: one that already has a place gets its details by mail (RegistrationRepeated). */
export const workshopFull = () =>
  new Refused(refuse('conflict', 'This workshop is full and has no waitlist. If this address already has a place, we email the details to it again.'));
export const registrationNotFound = () => new Refused(refuse('not-found', 'This registration does not exist'));
export const workshopEnded = () => new Refused(refuse('conflict', 'This workshop has already taken place'));
