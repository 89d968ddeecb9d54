import { create } from 'zustand';

export const PAGES = ['connectors', 'import', 'preview', 'queue', 'log', 'trace', 'watches', 'backups'] as const;
export type Page = (typeof PAGES)[number];

const fromHash = (): Page => {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : 'connectors';
};

interface NavState {
  page: Page;
  /** The connector a screen was opened for (e.g. Preview from the queue), if any. */
  connector: string | null;
  go(page: Page, connector?: string | null): void;
}

export const useNav = create<NavState>()((set) => ({
  page: fromHash(),
  connector: null,
  go: (page, connector = null) => {
    if (window.location.hash !== `#/${page}`) window.history.replaceState(null, '', `#/${page}`);
    set({ page, connector });
  },
}));
