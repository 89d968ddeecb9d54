import { Alert, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { call } from '../../api/client';
import type { ConnectorFormValues, FormErrors } from './form-model';
import { useTranslation } from 'react-i18next';

interface Props {
  values: ConnectorFormValues;
  errors: FormErrors;
  notice: string | null;
  tokenHint?: string;
  onChange(changes: Partial<ConnectorFormValues>): void;
  onErrors(changes: FormErrors): void;
  onNotice(notice: string | null): void;
}

/**
 * Endpoint and Token. A pasted webhook URL with ?token= is split by the engine at once: the token moves to
 * the Token field and the operator is told so. A URL the engine would refuse is said under the field.
 */
export function EndpointFields({ values, errors, notice, tokenHint, onChange, onErrors, onNotice }: Props) {
  const { t } = useTranslation();
  const latest = useRef(0);
  const [tokenShown, setTokenShown] = useState(false);

  const check = async (url: string) => {
    const ticket = ++latest.current;
    if (!url.trim()) return;
    try {
      const split = await call('connectors.splitUrl', { url });
      if (ticket !== latest.current) return;
      if (split.error) {
        // A refused URL still gives up its token to the masked field, so the token never stays in sight.
        if (split.token) onChange({ endpoint: split.endpoint, token: split.token });
        return onErrors({ endpoint: split.error, token: undefined });
      }
      onErrors({ endpoint: undefined });
      if (split.token) {
        onChange({ endpoint: split.endpoint, token: split.token });
        onErrors({ endpoint: undefined, token: undefined });
        onNotice(split.notice);
      }
    } catch (error) {
      if (ticket === latest.current) onErrors({ endpoint: (error as Error).message });
    }
  };

  const changeEndpoint = (endpoint: string) => {
    onChange({ endpoint });
    if (/[?&]token=/i.test(endpoint)) void check(endpoint);
  };

  return (
    <Stack gap="xs">
      <TextInput
        label={t('connectors.endpoint')}
        description={t('form.endpointHint')}
        placeholder="https://…/data-receiver/…?token=…"
        value={values.endpoint}
        onChange={(e) => changeEndpoint(e.currentTarget.value)}
        onBlur={() => void check(values.endpoint)}
        error={errors.endpoint}
        required
        autoComplete="off"
        spellCheck={false}
      />
      {notice && (
        <Alert color="blue" variant="light" role="status" title={t('form.splitTitle')} withCloseButton closeButtonLabel={t('form.dismissNotice')} onClose={() => onNotice(null)}>
          {notice}
        </Alert>
      )}
      <PasswordInput
        label={t('connectors.token')}
        description={tokenHint ? t('form.keepToken', { hint: tokenHint }) : t('form.tokenHint')}
        placeholder={tokenHint ? t('form.unchanged') : t('form.tokenPlaceholder')}
        value={values.token}
        onChange={(e) => onChange({ token: e.currentTarget.value })}
        error={errors.token}
        required={!tokenHint}
        autoComplete="off"
        aria-invalid={errors.token ? true : undefined}
        visible={tokenShown}
        onVisibilityChange={setTokenShown}
        visibilityToggleButtonProps={{
          'aria-label': t('form.showToken'),
          // Mantine keeps this button out of the tab order and toggles it on Space only: reachable, and Enter too.
          tabIndex: 0,
          onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            setTokenShown((shown) => !shown);
          },
        }}
      />
    </Stack>
  );
}
