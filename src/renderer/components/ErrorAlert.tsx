import { Alert } from '@mantine/core';
import type { ApiErrorShape } from '../../shared/api';
import { useTranslation } from 'react-i18next';
import { wordMessage } from '../i18n/say';
import { Sentence } from './Sentence';

/** An engine error, said where it belongs: in the screens' language where the engine sent its code, else in its own sentence. */
export function ErrorAlert({ error, title, onClose }: { error: ApiErrorShape | null | undefined; title?: string; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('common.failed')} role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel={t('common.dismiss')}>
      <Sentence text={wordMessage(error.sentence, error.message)} />
    </Alert>
  );
}
