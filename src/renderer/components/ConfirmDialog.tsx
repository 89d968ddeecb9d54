import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { runConfirmed, useConfirm } from './confirm';
import { useTranslation } from 'react-i18next';

/** The app's one "are you sure?" dialog. */
export function ConfirmDialog() {
  const { t } = useTranslation();
  const { request, error, busy } = useConfirm();
  const close = () => useConfirm.setState({ request: null });
  return (
    <Modal opened={!!request} onClose={close} title={request?.title} centered>
      <Stack>
        <Text size="sm">{request?.body}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void runConfirmed()}>
            {request?.confirmLabel ?? t('common.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
