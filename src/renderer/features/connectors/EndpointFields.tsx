import { Alert, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { call } from '../../api/client';
import type { ConnectorFormValues, FormErrors } from './form-model';

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
  const latest = useRef(0);

  const check = async (url: string) => {
    const ticket = ++latest.current;
    if (!url.trim()) return;
    try {
      const split = await call('connectors.splitUrl', { url });
      if (ticket !== latest.current) return;
      if (split.error) return onErrors({ endpoint: split.error });
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
        label="Endpoint"
        description="The webhook URL from Deployteq. Paste it whole: a ?token= in it is moved to the Token field."
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
        <Alert color="blue" variant="light" role="status" title="Split into Endpoint and Token" withCloseButton closeButtonLabel="Dismiss notice" onClose={() => onNotice(null)}>
          {notice}
        </Alert>
      )}
      <PasswordInput
        label="Token"
        description={tokenHint ? `Leave empty to keep the current token (${tokenHint}).` : 'Stored on this computer and never shown again in full: only its last characters appear.'}
        placeholder={tokenHint ? 'unchanged' : 'the webhook token'}
        value={values.token}
        onChange={(e) => onChange({ token: e.currentTarget.value })}
        error={errors.token}
        required={!tokenHint}
        autoComplete="off"
        visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the token', tabIndex: 0 }} // Mantine keeps it out of the Tab order
      />
    </Stack>
  );
}
