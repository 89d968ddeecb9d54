import { create } from 'zustand';
import type { BatchEventView } from '../../shared/model';
import type { ApiErrorShape } from '../../shared/api';
import { call } from '../api/client';

export type OutcomeFilter = 'all' | 'delivered' | 'problems';

export interface LogFilters {
  connector: string | null;
  outcome: OutcomeFilter;
}

interface LogState {
  events: BatchEventView[];
  loaded: boolean;
  error: ApiErrorShape | null;
  filters: LogFilters;
  load(): Promise<void>;
  /** A live attempt from the engine; the newest is first. */
  add(event: BatchEventView): void;
  setFilters(filters: Partial<LogFilters>): void;
  /** Log search, answered by the engine (log.list's query); '' shows the live log again. */
  query: string;
  /** The attempts the query matches, newest first; null while there is no query. */
  results: BatchEventView[] | null;
  search(query: string): Promise<void>;
}

/** Numbers each search, so an answer that arrives after a newer search started is dropped. */
let searchSeq = 0;

const KEEP = 5_000;

export const useLog = create<LogState>()((set, get) => ({
  events: [],
  loaded: false,
  error: null,
  filters: { connector: null, outcome: 'all' },
  load: async () => {
    try {
      const events = await call('log.list', { limit: KEEP });
      set({ events, loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: error as ApiErrorShape });
    }
  },
  add: (event) => {
    set((s) => ({ events: [event, ...s.events.filter((e) => e.id !== event.id)].slice(0, KEEP) }));
    if (get().query.trim()) void get().search(get().query); // the new attempt may match
  },
  setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
  query: '',
  results: null,
  search: async (query) => {
    const seq = ++searchSeq;
    set({ query });
    if (!query.trim()) return set({ results: null, error: null });
    try {
      const results = await call('log.list', { limit: KEEP, query });
      if (seq === searchSeq) set({ results, error: null });
    } catch (error) {
      if (seq === searchSeq) set({ results: [], error: error as ApiErrorShape });
    }
  },
}));

/** A request to Deployteq (not a note such as "paused by the operator" or "daily budget spent"). */
export const isAttempt = (e: BatchEventView) => e.kind === 'attempt';

/** An attempt that delivered its batch (the engine's severity, never the status code read again). */
export const isDelivered = (e: BatchEventView) => isAttempt(e) && e.severity === 'ok';

/** What needs a look: an attempt without a 2xx (HTTP error, no answer), or sending deferred by the daily budget. */
export const isProblem = (e: BatchEventView) => (isAttempt(e) && !isDelivered(e)) || e.kind === 'budget';

export function filterEvents(events: BatchEventView[], filters: LogFilters): BatchEventView[] {
  const outcome = { all: () => true, delivered: isDelivered, problems: isProblem }[filters.outcome];
  return events.filter((e) => (!filters.connector || e.connectorName === filters.connector) && outcome(e));
}
