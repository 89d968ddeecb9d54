import { create } from 'zustand';
import type { ApiErrorShape } from '../../shared/api';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
}

interface ConfirmState {
  request: ConfirmRequest | null;
  error: string | null;
  busy: boolean;
}

/** One confirmation dialog for the whole app; each request says what will happen. */
export const useConfirm = create<ConfirmState>()(() => ({ request: null, error: null, busy: false }));

export const confirmAction = (request: ConfirmRequest) => useConfirm.setState({ request, error: null, busy: false });

export async function runConfirmed(): Promise<void> {
  const { request } = useConfirm.getState();
  if (!request) return;
  useConfirm.setState({ busy: true });
  try {
    await request.onConfirm();
    useConfirm.setState({ request: null, busy: false });
  } catch (error) {
    useConfirm.setState({ busy: false, error: (error as ApiErrorShape).message });
  }
}
