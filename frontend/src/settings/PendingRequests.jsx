import { useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import { post } from '../common/api';
import { useFeedback } from '../common/flags';
import { scenarioName } from '../common/format';
import { describeSide, otherSide } from './sides';

// Same-site requests from another project's admins, waiting for this project to accept or decline.
export default function PendingRequests({ requests, onDone, onOpen }) {
  return (
    <SectionMessage appearance="discovery" title="Requests waiting for you">
      <Stack space="space.150">
        {requests.map((request) => (
          <PendingRequest key={request.id} request={request} onDone={onDone} onOpen={onOpen} />
        ))}
      </Stack>
    </SectionMessage>
  );
}

function PendingRequest({ request, onDone, onOpen }) {
  const { failed, succeeded } = useFeedback();
  const [busy, setBusy] = useState(null);
  const from = describeSide(otherSide(request));

  const act = async (action) => {
    setBusy(action);
    try {
      await post(`/connections/${request.id}/${action}`);
      succeeded(action === 'accept' ? `Accepted ${request.name}` : `Declined ${request.name}`);
      onDone();
      if (action === 'accept') onOpen(request.id);
    } catch (error) {
      failed(`Could not ${action} ${request.name}`, error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Inline spread="space-between" alignBlock="center">
      <span>
        <strong>{request.name}</strong> from {from} ({scenarioName(request.scenario)})
      </span>
      <Inline space="space.100">
        <Button onClick={() => act('decline')} isLoading={busy === 'decline'} aria-label={`Decline ${request.name}`}>
          Decline
        </Button>
        <Button appearance="primary" onClick={() => act('accept')} isLoading={busy === 'accept'}
          aria-label={`Accept ${request.name}`}>
          Accept
        </Button>
      </Inline>
    </Inline>
  );
}
