import { create } from 'zustand';
import type { ConnectorView } from '../../shared/model';
import type { ApiErrorShape } from '../../shared/api';
import { call } from '../api/client';

interface ConnectorsState {
  connectors: ConnectorView[];
  loaded: boolean;
  error: ApiErrorShape | null;
  refresh(): Promise<void>;
  /** Puts a connector as the engine returned it (after a save or a live event) in the list. */
  upsert(connector: ConnectorView): void;
  drop(name: string): void;
}

const byName = (a: ConnectorView, b: ConnectorView) => a.name.localeCompare(b.name);

export const useConnectors = create<ConnectorsState>()((set) => ({
  connectors: [],
  loaded: false,
  error: null,
  refresh: async () => {
    try {
      const connectors = await call('connectors.list', {});
      set({ connectors, loaded: true, error: null });
    } catch (error) {
      set({ loaded: true, error: error as ApiErrorShape });
    }
  },
  upsert: (connector) =>
    set((s) => ({ connectors: [...s.connectors.filter((c) => c.id !== connector.id), connector].sort(byName) })),
  drop: (name) => set((s) => ({ connectors: s.connectors.filter((c) => c.name !== name) })),
}));
