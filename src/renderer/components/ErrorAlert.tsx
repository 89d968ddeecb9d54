import { Alert } from '@mantine/core';
import type { ApiErrorShape } from '../../shared/api';

/** An engine error, said where it belongs, in the engine's own sentence. */
export function ErrorAlert({ error, title = 'That did not work', onClose }: { error: ApiErrorShape | null | undefined; title?: string; onClose?: () => void }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel="Dismiss">
      {error.message}
    </Alert>
  );
}
