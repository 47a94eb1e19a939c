import { HttpError } from '../http/errors';

/** The rule-level refusals of the registration capability, as the HTTP answers they become. */
export const workshopNotFound = () => new HttpError(404, 'This workshop does not exist or is not open for registration');
export const workshopCancelled = () => new HttpError(409, 'This workshop has been cancelled');
export const workshopStarted = () => new HttpError(409, 'This workshop has already started, so registration is closed');
export const workshopFull = () => new HttpError(409, 'This workshop is full and has no waitlist');
export const registrationNotFound = () => new HttpError(404, 'This registration does not exist');
