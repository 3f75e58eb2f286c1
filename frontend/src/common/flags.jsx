// Jira-style flags (Atlaskit) for the outcome of an action: every failed call says what failed and the
// server's own words; successes confirm briefly and go away by themselves. Normal flags with a coloured icon, as
// Jira shows them: bold flags would fold the server's message away behind "Expand".
import { useCallback } from 'react';
import { useFlags } from '@atlaskit/flag';
import StatusErrorIcon from '@atlaskit/icon/core/status-error';
import StatusSuccessIcon from '@atlaskit/icon/core/status-success';
import { token } from '@atlaskit/tokens';

export function useFeedback() {
  const { showFlag } = useFlags();

  const failed = useCallback(
    (title, error) =>
      showFlag({
        icon: <StatusErrorIcon label="Error" color={token('color.icon.danger')} />,
        title,
        description: error?.message ?? String(error),
        isAutoDismiss: false,
      }),
    [showFlag],
  );

  const succeeded = useCallback(
    (title, description) =>
      showFlag({
        icon: <StatusSuccessIcon label="Success" color={token('color.icon.success')} />,
        title,
        description,
        isAutoDismiss: true,
      }),
    [showFlag],
  );

  return { failed, succeeded };
}
