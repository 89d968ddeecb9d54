import i18n from 'i18next';
import { create } from 'zustand';
import { formatNumber } from '../components/format';
import { REMOVALS_NEED_CONFIRMATION, type ApiErrorShape } from '../../shared/api';
import { confirmAction } from '../components/confirm';
import type { DateOrder, ImportEncoding, ImportInspection, ImportMode, ImportProgress, ImportResult, MappingKind, ParamType } from '../../shared/model';
import { api, call } from '../api/client';
import { toApiErrorShape } from '../api/errors';
import { wordMessage } from '../i18n/say';

export type ImportStage = 'pick' | 'inspecting' | 'configure' | 'running' | 'done';

export interface ImportChoices {
  connector: string | null;
  segment: string;
  /** Null until the operator picks one: the engine's choice (delta when the file has an action column) counts. */
  mode: ImportMode | null;
  idColumn: string | null;
  /** Columns sent as profile variables. */
  columns: string[];
  types: Record<string, ParamType>;
  /** Mapping kind → column, for the hints the operator switched on. */
  map: Partial<Record<MappingKind, string>>;
  /** The operator's choice of the file's encoding; detected when absent. */
  encoding?: ImportEncoding;
  /** Column → value the mapping cannot map → the Deployteq value chosen, or null to reject the row. */
  valueMaps: Record<string, Record<string, string | null>>;
  /** How to read dates that fit day first and month first alike; null: day first, with a warning. */
  dateOrder: DateOrder | null;
}

interface ImportsState {
  stage: ImportStage;
  fileName: string | null;
  filePath: string | null;
  inspection: ImportInspection | null;
  choices: ImportChoices;
  jobId: string | null;
  progressValue: ImportProgress | null;
  result: ImportResult | null;
  /** A problem with the file itself (unreadable, no identifier column…). */
  fileError: ApiErrorShape | null;
  /** A problem with running the import. */
  runError: ApiErrorShape | null;
  /** Set when the operator cancelled the last run (nothing was stored). */
  cancelled: boolean;
  pickFile(file: Blob & { name: string }): Promise<void>;
  choose(changes: Partial<ImportChoices>): void;
  inspect(): Promise<void>;
  /** Runs the import; `allowRemovals` after the operator confirmed the removals the engine asked about. */
  start(options?: { allowRemovals?: boolean }): Promise<void>;
  cancel(): Promise<void>;
  progress(event: { jobId: string } & ImportProgress): void;
  reset(): void;
}

const initialChoices = (connector: string | null = null): ImportChoices => ({
  connector,
  segment: '',
  mode: null,
  idColumn: null,
  columns: [],
  types: {},
  map: {},
  valueMaps: {},
  dateOrder: null,
});

/** The mode the import takes: the operator's, else the one the engine found for the file. */
export const effectiveMode = (s: { choices: ImportChoices; inspection: ImportInspection | null }): ImportMode =>
  s.choices.mode ?? s.inspection?.mode ?? 'snapshot';

/** The operator's value maps for the columns whose mapping is on (the engine refuses any other). */
export function appliedValueMaps(choices: ImportChoices): ImportChoices['valueMaps'] {
  const mapped = new Set(Object.values(choices.map));
  return Object.fromEntries(Object.entries(choices.valueMaps).filter(([column, values]) => mapped.has(column) && Object.keys(values).length > 0));
}

const initial = {
  stage: 'pick' as ImportStage,
  fileName: null,
  filePath: null,
  inspection: null,
  jobId: null,
  progressValue: null,
  result: null,
  fileError: null,
  runError: null,
  cancelled: false,
};

/** Choices that follow from what the engine found in the file: its identifier, its variables and their types. */
function choicesFromInspection(inspection: ImportInspection, previous: ImportChoices): ImportChoices {
  const params = inspection.columns.filter((c) => c.role === 'param');
  return {
    ...previous,
    idColumn: inspection.idColumn,
    columns: params.map((c) => c.name),
    types: Object.fromEntries(params.map((c) => [c.name, c.type])),
    // Mappings the operator switched on stay on while their column is still a variable (a new date order, mode…).
    map: Object.fromEntries(Object.entries(previous.map).filter(([, column]) => params.some((c) => c.name === column))),
  };
}

/** A snapshot that would remove many members: the numbers, and the one button that imports it anyway. */
/** The removal guard's facts in the screens' language; from an engine without its message, its English sentence up to the advice. */
function guardFacts(error: ApiErrorShape): string {
  const facts = error.sentence?.code === 'removalGuard' ? { ...error.sentence, code: 'removalGuardFacts' } : null;
  return wordMessage(facts, error.message.replace(/ If that is right.*$/, ''));
}

function askToAllowRemovals(error: ApiErrorShape, rerun: () => Promise<void>): void {
  const removed = error.details?.removed ?? 0;
  const members = error.details?.members ?? 0;
  confirmAction({
    title: i18n.t('importing.removeTitle', { removed: formatNumber(removed), members: formatNumber(members) }),
    // The engine's facts (without its advice for the CLI), then what Deployteq will be told.
    body: `${guardFacts(error)} ${i18n.t('importing.removeBody', { count: removed, formatted: formatNumber(removed) })}`,
    confirmLabel: i18n.t('importing.removeConfirm', { removed: formatNumber(removed), members: formatNumber(members) }),
    onConfirm: rerun,
  });
}

/** Only the latest inspection counts: an older one that answers late (or after Start over) is dropped. */
let inspectTicket = 0;

const newJobId = () => (crypto.randomUUID ? crypto.randomUUID() : `job-${Date.now()}-${Math.random().toString(36).slice(2)}`);

export const useImports = create<ImportsState>()((set, get) => ({
  ...initial,
  choices: initialChoices(),
  pickFile: async (file) => {
    inspectTicket++;
    set({ ...initial, stage: 'inspecting', fileName: file.name, choices: initialChoices(get().choices.connector) });
    try {
      const filePath = await api().resolveFile(file);
      set({ filePath });
    } catch (error) {
      set({ stage: 'pick', fileError: toApiErrorShape(error) });
      return;
    }
    await get().inspect();
  },
  choose: (changes) => set((s) => ({ choices: { ...s.choices, ...changes } })),
  inspect: async () => {
    const { filePath, choices } = get();
    if (!filePath) return;
    const ticket = ++inspectTicket;
    set({ stage: 'inspecting', fileError: null });
    try {
      const inspection = await call('imports.inspect', {
        file: filePath,
        connector: choices.connector ?? undefined,
        idColumn: choices.idColumn ?? undefined,
        mode: choices.mode ?? undefined,
        encoding: choices.encoding,
        dateOrder: choices.dateOrder ?? undefined,
      });
      if (ticket !== inspectTicket) return;
      set({ inspection, stage: 'configure', choices: choicesFromInspection(inspection, get().choices) });
    } catch (error) {
      if (ticket !== inspectTicket) return;
      set({ stage: get().inspection ? 'configure' : 'pick', fileError: error as ApiErrorShape });
    }
  },
  start: async (options = {}) => {
    const { filePath, choices, inspection } = get();
    if (!filePath || !choices.connector) return;
    const jobId = newJobId();
    set({ stage: 'running', jobId, progressValue: null, runError: null, result: null, cancelled: false });
    try {
      const result = await call('imports.run', {
        jobId,
        file: filePath,
        connector: choices.connector,
        segment: choices.segment.trim(),
        mode: effectiveMode({ choices, inspection }),
        idColumn: choices.idColumn ?? undefined,
        columns: choices.columns,
        types: Object.fromEntries(choices.columns.map((c) => [c, choices.types[c] ?? 'string'])),
        map: choices.map,
        valueMaps: appliedValueMaps(choices),
        dateOrder: choices.dateOrder ?? undefined,
        actionColumn: inspection?.actionColumn ?? undefined,
        encoding: choices.encoding,
        ...(options.allowRemovals ? { allowRemovals: true } : {}),
      });
      set({ stage: 'done', result, jobId: null });
    } catch (error) {
      // A cancelled import is not an error: the segment is exactly as it was, as the operator asked.
      const runError = get().cancelled ? null : (error as ApiErrorShape);
      set({ stage: 'configure', runError, jobId: null });
      if (runError?.code === REMOVALS_NEED_CONFIRMATION) askToAllowRemovals(runError, () => get().start({ allowRemovals: true }));
    }
  },
  cancel: async () => {
    const { jobId } = get();
    if (!jobId) return;
    set({ cancelled: true });
    await call('imports.cancel', { jobId }).catch(() => undefined);
  },
  progress: (event) => {
    if (event.jobId === get().jobId) set({ progressValue: { rowsRead: event.rowsRead, bytesRead: event.bytesRead, totalBytes: event.totalBytes } });
  },
  reset: () => {
    inspectTicket++;
    set({ ...initial, choices: initialChoices(get().choices.connector) });
  },
}));
