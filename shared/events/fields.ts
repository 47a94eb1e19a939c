import * as z from 'zod/mini';
import '../zod-locale';

/**
 * The fields every capability's events are made of. Events carry ids and instants only (the bus's
 * archive keeps them), so these two say what an event's field may hold, once for every event.
 */
export const id = z.string().check(z.minLength(1), z.maxLength(64));
export const instant = z.iso.datetime({ offset: true });
