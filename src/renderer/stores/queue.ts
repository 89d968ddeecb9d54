import { create } from 'zustand';
import type { PendingSegmentSummary, QueueView } from '../../shared/model';
import type { ApiErrorShape } from '../../shared/api';
import { call } from '../api/client';

interface QueueState {
  queue: QueueView[];
  pending: PendingSegmentSummary[];
  loaded: boolean;
  error: ApiErrorShape | null;
  refresh(): Promise<void>;
  setQueue(queue: QueueView[]): void;
}

export const useQueue = create<QueueState>()((set, get) => ({
  queue: [],
  pending: [],
  loaded: false,
  error: null,
  refresh: async () => {
    try {
      const [queue, pending] = await Promise.all([call('queue.status', {}), call('queue.pending', {})]);
      set({ queue, pending, loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: error as ApiErrorShape });
    }
  },
  setQueue: (queue) => {
    set({ queue });
    // The per-segment breakdown is not in the event: fetch it, quietly.
    void call('queue.pending', {}).then((pending) => set({ pending }), () => get());
  },
}));
