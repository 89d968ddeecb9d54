import { Alert } from '@mantine/core';
import type { ApiErrorShape } from '../../shared/api';
import { useTranslation } from 'react-i18next';

/** An engine error, said where it belongs, in the engine's own sentence. */
export function ErrorAlert({ error, title, onClose }: { error: ApiErrorShape | null | undefined; title?: string; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('common.failed')} role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel={t('common.dismiss')}>
      {error.message}
    </Alert>
  );
}
