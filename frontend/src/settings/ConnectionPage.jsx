import Button from '@atlaskit/button/new';
import ArrowLeftIcon from '@atlaskit/icon/core/arrow-left';
import SectionMessage from '@atlaskit/section-message';
import { Stack } from '@atlaskit/primitives';
import { get } from '../common/api';
import { formatDate } from '../common/format';
import Loading from '../common/Loading';
import LoadFailed from '../common/LoadFailed';
import { useLoad } from '../common/useLoad';
import ConnectionHeader from './ConnectionHeader';
import ConnectionTabs from './ConnectionTabs';

// One synchronization: its status and switches, then its configuration, errors and history in tabs.
export default function ConnectionPage({ connectionId, onBack }) {
  const shown = useLoad(() => get(`/connections/${connectionId}`), [connectionId]);
  const connection = shown.data;
  return (
    <Stack space="space.200">
      <div>
        <Button appearance="subtle" iconBefore={ArrowLeftIcon} onClick={onBack}>
          All synchronizations
        </Button>
      </div>
      {shown.error && <LoadFailed what="the synchronization" error={shown.error} onRetry={shown.reload} />}
      {!connection && shown.loading && <Loading label="Loading the synchronization" />}
      {connection && (
        <>
          <ConnectionHeader connection={connection} onChanged={shown.reload} />
          {connection.half ? (
            <ConnectionTabs connection={connection} onChanged={shown.reload} />
          ) : (
            <SectionMessage appearance="information" title="Waiting for the other site">
              <p>
                An administrator of the other site has not redeemed the invitation yet
                {connection.invitation ? ` (it expires ${formatDate(connection.invitation.expiresAt)})` : ''}. Both
                sides are configured once they have.
              </p>
            </SectionMessage>
          )}
        </>
      )}
    </Stack>
  );
}
