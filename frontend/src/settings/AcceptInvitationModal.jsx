import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { Stack } from '@atlaskit/primitives';
import { post } from '../common/api';
import { LabeledText } from '../common/fields';
import { useFeedback } from '../common/flags';

// Another site's invitation: this project becomes the other side of that synchronization.
export default function AcceptInvitationModal({ projectKey, onClose }) {
  const { failed, succeeded } = useFeedback();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);

  const accept = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const joined = await post('/invitations/redeem', { code: code.trim() });
      succeeded(`${projectKey} joined ${joined.name}`, 'Configure this side, then publish it.');
      onClose(joined.id);
    } catch (error) {
      setProblem(error);
      failed('Could not accept the invitation', error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalTransition>
      <Modal onClose={() => onClose(null)} width="medium">
        <ModalHeader>
          <ModalTitle>Accept invitation</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.200">
            {problem && <SectionMessage appearance="error" title="Not accepted">{problem.message}</SectionMessage>}
            <LabeledText label="Invitation code" value={code} onChange={setCode} autoFocus className="tandem-code"
              placeholder="tandem1.…" helper="An administrator of the other site copied it from New synchronization." />
            <LabeledText label="Project joining the synchronization" value={projectKey} isReadOnly
              helper="The project whose settings you are in." />
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => onClose(null)}>Cancel</Button>
          <Button appearance="primary" onClick={accept} isLoading={busy} isDisabled={!code.trim()}>Accept</Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
