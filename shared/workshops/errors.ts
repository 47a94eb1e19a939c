import { HttpError } from '../http/errors';

/** The rule-level refusals of the registration capability, as the HTTP answers they become. */
export const workshopNotFound = () => new HttpError(404, 'This workshop does not exist or is not open for registration');
export const workshopCancelled = () => new HttpError(409, 'This workshop has been cancelled');
export const workshopStarted = () => new HttpError(409, 'This workshop has already started, so registration is closed');
/** The same for every address: one that already has a place gets its details by mail (RegistrationRepeated). */
export const workshopFull = () =>
  new HttpError(409, 'This workshop is full and has no waitlist. If this address already has a place, we email the details to it again.');
export const registrationNotFound = () => new HttpError(404, 'This registration does not exist');
