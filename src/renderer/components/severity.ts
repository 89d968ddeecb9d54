import type { EventSeverity } from '../../shared/model';

/** The one colour of each severity the engine gives (delivery/outcome.ts severityOf), for log rows and state badges. */
export const SEVERITY_COLORS: Record<EventSeverity, string> = { ok: 'teal', retrying: 'orange', paused: 'yellow', halted: 'red', failed: 'red', note: 'gray' };
