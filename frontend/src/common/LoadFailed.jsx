import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';

// A view that could not load says why, in the server's words, and offers to try again.
export default function LoadFailed({ what, error, onRetry }) {
  const actions = onRetry ? [<SectionMessageAction key="retry" onClick={onRetry}>Try again</SectionMessageAction>] : [];
  return (
    <SectionMessage appearance="error" title={`Could not load ${what}`} actions={actions}>
      <p>{error.message}</p>
    </SectionMessage>
  );
}
